// Prefix fingerprints: levels reached by prompt length, equal for a shared prefix, no prompt text stored.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prefixFingerprints } from '../../src/ledger/prefix.js';
import type { ChatRequest } from '../../src/protocols/canonical.js';

const sys = 'You are a careful assistant. '.repeat(400); // 11,600 characters ≈ 2.9k tokens
const req = (user: string, system = sys): ChatRequest => ({
  model: 'gpt-4o',
  messages: [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ],
});

describe('prefixFingerprints', () => {
  it('hashes levels up to the prompt length, equal where two prompts share their start', () => {
    const a = prefixFingerprints(req('What is 2+2?'))!;
    const b = prefixFingerprints(req('Name a prime.'))!;
    assert.equal(a.length, 2); // ~1k and ~2k tokens reached; ~4k not
    assert.deepEqual(a, b);
    assert.ok(a.every((h) => /^[0-9a-f]{12}$/.test(h)));
    assert.ok(!a.join('').includes('careful'));
    const c = prefixFingerprints(req('x', `Different start. ${sys}`))!;
    assert.notEqual(c[0], a[0]);
  });

  it('gives nothing for short prompts and stops at the last level for long ones', () => {
    assert.equal(prefixFingerprints(req('hi', 'short')), undefined);
    assert.equal(prefixFingerprints(undefined), undefined);
    const long = prefixFingerprints(req('q', 'y'.repeat(500_000)))!;
    assert.equal(long.length, 5);
  });

  it('changes with the tools, which come first', () => {
    const tools: ChatRequest['tools'] = [{ type: 'function', function: { name: 'lookup', parameters: {} } }];
    const a = prefixFingerprints(req('q'))!;
    const t = prefixFingerprints({ ...req('q'), tools })!;
    assert.notEqual(a[0], t[0]);
  });
});
