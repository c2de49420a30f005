import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson } from '../../src/cache/canonical-json.js';
import { exactCacheKey } from '../../src/cache/key.js';

const base = {
  model: 'gpt-4o',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'What is 2+2?' },
  ],
  temperature: 0,
};

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: 2 }], c: null } }),
      '{"a":{"c":null,"d":[1,{"x":2,"z":1}]},"b":1}',
    );
  });
  it('writes numbers in one stable form', () => {
    assert.equal(
      canonicalJson([1.0, -0, 1e21, 0.1 + 0.2, Number.NaN]),
      '[1,0,1e+21,0.30000000000000004,null]',
    );
  });
});

describe('exactCacheKey', () => {
  it('does not depend on key order', () => {
    const reordered = {
      temperature: 0,
      messages: [
        { content: 'Be brief.', role: 'system' },
        { content: 'What is 2+2?', role: 'user' },
      ],
      model: 'gpt-4o',
    };
    assert.equal(exactCacheKey(base, 't1', 'openai'), exactCacheKey(reordered, 't1', 'openai'));
  });

  it('ignores stream, stream_options and user', () => {
    const k = exactCacheKey(base, 't1', 'openai');
    assert.equal(
      exactCacheKey({ ...base, stream: true, stream_options: { include_usage: true } }, 't1', 'openai'),
      k,
    );
    assert.equal(exactCacheKey({ ...base, user: 'someone' }, 't1', 'openai'), k);
  });

  const changes: Array<[string, Record<string, unknown>]> = [
    ['model', { model: 'gpt-4o-mini' }],
    ['messages', { messages: [{ role: 'user', content: 'What is 2+3?' }] }],
    [
      'system prompt',
      {
        messages: [
          { role: 'system', content: 'Be long.' },
          { role: 'user', content: 'What is 2+2?' },
        ],
      },
    ],
    ['anthropic system', { system: 'You are terse.' }],
    ['tools', { tools: [{ type: 'function', function: { name: 'f' } }] }],
    ['tool_choice', { tool_choice: 'required' }],
    ['response_format', { response_format: { type: 'json_object' } }],
    ['temperature', { temperature: 0.5 }],
    ['top_p', { top_p: 0.9 }],
    ['seed', { seed: 7 }],
    ['max_tokens', { max_tokens: 10 }],
    ['max_completion_tokens', { max_completion_tokens: 10 }],
    ['stop', { stop: ['\n'] }],
    ['n', { n: 2 }],
    ['logprobs', { logprobs: true }],
    ['unknown extra field', { reasoning_effort: 'high' }],
  ];
  for (const [name, patch] of changes) {
    it(`changes when ${name} changes`, () => {
      assert.notEqual(
        exactCacheKey({ ...base, ...patch }, 't1', 'openai'),
        exactCacheKey(base, 't1', 'openai'),
      );
    });
  }

  it('is namespaced by tenant and protocol', () => {
    const a = exactCacheKey(base, 'tenant-a', 'openai');
    assert.notEqual(a, exactCacheKey(base, 'tenant-b', 'openai'));
    assert.notEqual(a, exactCacheKey(base, null, 'openai'));
    assert.notEqual(a, exactCacheKey(base, 'tenant-a', 'anthropic'));
    // A tenant name containing the separator cannot impersonate another namespace.
    assert.notEqual(exactCacheKey(base, 'a:openai', 'openai').split(':')[0], 'a');
  });
});
