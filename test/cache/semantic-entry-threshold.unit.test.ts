// Per-entry thresholds (vCache-style): tightened by a reported wrong reuse, relaxed by verified right ones,
// on their own and through the cache hook's `/v1/feedback` path and near-miss verification.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCacheConfig } from '../../src/cache/config.js';
import { createCacheHook } from '../../src/cache/gateway-hook.js';
import { EntryThreshold } from '../../src/cache/semantic/entry-threshold.js';
import type { RequestContext } from '../../src/gateway/hooks.js';
import { makeUsage } from '../../src/meter/usage.js';
import type { ChatRequest } from '../../src/protocols/canonical.js';
import { chatResponse } from './helpers.js';

describe('EntryThreshold', () => {
  it('starts at the global threshold; a wrong reuse lifts it above that score; two retire the entry', () => {
    const g = new EntryThreshold(0.8);
    assert.equal(g.value, 0.8);
    g.wrong(0.9);
    assert.ok(Math.abs(g.value - 0.92) < 1e-12);
    g.wrong(0.85);
    assert.equal(g.value, Number.POSITIVE_INFINITY);
  });

  it('relaxes only after three confirmations, to the lowest confirmed score, at most 0.05 below global', () => {
    const g = new EntryThreshold(0.8);
    g.right(0.78);
    g.right(0.79);
    assert.equal(g.value, 0.8);
    g.right(0.77);
    assert.equal(g.value, 0.77);
    g.right(0.6);
    assert.ok(Math.abs(g.value - 0.75) < 1e-12);
    assert.ok(Math.abs(g.floor - 0.75) < 1e-12);
    // A wrong report ends relaxing: back to at least the global threshold.
    g.wrong(0.7);
    assert.equal(g.value, 0.8);
  });

  it('never serves when there is no global threshold', () => {
    const g = new EntryThreshold(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 5; i++) g.right(0.99);
    assert.equal(g.value, Number.POSITIVE_INFINITY);
  });
});

let n = 0;
const ctx = (text: string): RequestContext => ({
  id: `req-${++n}`,
  endpoint: 'chat.completions',
  clientProtocol: 'openai',
  headers: {},
  request: { model: 'gpt-4o', messages: [{ role: 'user', content: text }] } as unknown as ChatRequest,
  requestedModel: 'gpt-4o',
  keyId: null,
  tenant: 't',
  admin: false,
});
const answer = (content: string) => ({
  response: chatResponse(content),
  usage: makeUsage({ inputTokens: 10, outputTokens: 3 }),
  model: 'gpt-4o',
  provider: 'openai',
});
const hookWith = (threshold?: number) =>
  createCacheHook(
    parseCacheConfig({
      exactCache: { enabled: false },
      semanticCache: { enabled: true, models: ['*'], index: 'brute', ...(threshold ? { threshold } : {}) },
    }),
  ).hook;

const CACHED = 'How do I learn Python quickly?';
const QUERY = 'how do i learn python quickly';

describe('per-entry thresholds through the cache hook', () => {
  it('a negative /v1/feedback score on a semantic hit stops that entry serving the same query', async () => {
    const hook = hookWith();
    const first = ctx(CACHED);
    assert.equal(await hook.lookup(first), undefined);
    hook.store(first, answer('Practice daily.'));
    const again = ctx(QUERY);
    assert.equal((await hook.lookup(again))?.kind, 'semantic');
    assert.equal(hook.feedback?.('unknown-id', 0), false);
    // Positive feedback keeps it serving.
    assert.equal(hook.feedback?.(again.id, 1), true);
    assert.equal(hook.feedback?.(again.id, 0), false, 'one report per answer');
    const third = ctx(QUERY);
    assert.equal((await hook.lookup(third))?.kind, 'semantic');
    assert.equal(hook.feedback?.(third.id, 0.1), true);
    assert.equal(await hook.lookup(ctx(QUERY)), undefined);
  });

  it('a near-miss that went upstream and got the cached answer back is a confirmation; another answer is not', async () => {
    const q = 'How do I learn Python fast?'; // guard passes; its score against CACHED is about 0.46
    for (const [fresh, confirmed] of [
      ['Read a book.', 0],
      ['Practice daily.', 1],
    ] as const) {
      const created = createCacheHook(
        parseCacheConfig({
          exactCache: { enabled: false },
          semanticCache: { enabled: true, models: ['*'], index: 'brute', threshold: 0.48 },
        }),
      );
      const c = ctx(CACHED);
      await created.hook.lookup(c);
      created.hook.store(c, answer('Practice daily.'));
      const body = { model: 'gpt-4o', messages: [{ role: 'user', content: q }] };
      const seen = await created.semantic?.lookup(body, 't', 'openai');
      const gate = seen?.nearMiss?.gate;
      assert.ok(gate && !seen?.hit, 'a near-miss within reach of relaxing, not a hit');
      const m = ctx(q);
      assert.equal(await created.hook.lookup(m), undefined);
      created.hook.store(m, answer(fresh));
      assert.equal(gate.stats.confirmed, confirmed);
      await created.close();
    }
  });
});
