import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addAnthropicCacheBreakpoints,
  anthropicCachingFor,
} from '../../src/cache/prompt-caching/anthropic.js';
import { promptCacheKey, withPromptCacheKey } from '../../src/cache/prompt-caching/openai.js';
import { promptCacheSaving } from '../../src/cache/prompt-caching/savings.js';
import { type ModelPriceInput, modelPriceSchema } from '../../src/catalog/schema.js';
import { computeCost } from '../../src/meter/cost.js';
import { makeUsage } from '../../src/meter/usage.js';

/** One token per word keeps the arithmetic readable. */
const words = (n: number, w = 'word'): string => Array.from({ length: n }, () => w).join(' ');
const opts = { minTokens: 1024, countTokens: (t: string) => t.split(/\s+/).filter(Boolean).length };
const marks = (v: unknown): number => JSON.stringify(v).split('"cache_control"').length - 1;

describe('addAnthropicCacheBreakpoints', () => {
  it('marks tools, system, the first user turn and the history, at most 4, in prefix order', () => {
    const body = {
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      tools: [
        { name: 'a', description: words(600), input_schema: { type: 'object' } },
        { name: 'b', description: words(600), input_schema: { type: 'object' } },
      ],
      system: words(500),
      messages: [
        { role: 'user', content: words(3000) },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'follow-up' },
        { role: 'assistant', content: [{ type: 'text', text: 'answer' }] },
        { role: 'user', content: 'newest question' },
      ],
    };
    const out = addAnthropicCacheBreakpoints(body, opts);
    const tools = out.tools as Array<Record<string, unknown>>;
    const system = out.system as Array<Record<string, unknown>>;
    assert.equal(marks(out), 4);
    assert.deepEqual(tools[1]?.cache_control, { type: 'ephemeral' });
    assert.equal(tools[0]?.cache_control, undefined);
    assert.deepEqual(system.at(-1)?.cache_control, { type: 'ephemeral' });
    assert.equal(system[0]?.text, body.system);
    const m = out.messages as Array<{ content: unknown }>;
    assert.equal(marks(m[0]), 1);
    assert.equal(marks(m[3]), 1);
    assert.equal(marks(m[4]), 0, 'the newest turn is not a stable prefix');
    // Pure: the input is untouched.
    assert.equal(marks(body), 0);
    assert.equal(typeof body.system, 'string');
  });

  it('adds nothing below the minimum cacheable length', () => {
    const body = {
      model: 'c',
      system: words(500),
      messages: [
        { role: 'user', content: words(100) },
        { role: 'assistant', content: 'x' },
        { role: 'user', content: 'y' },
      ],
    };
    assert.equal(marks(addAnthropicCacheBreakpoints(body, opts)), 0);
    // The same prefix becomes cacheable once it crosses the minimum further down.
    const longer = { ...body, messages: [{ role: 'user', content: words(600) }, ...body.messages.slice(1)] };
    const out = addAnthropicCacheBreakpoints(longer, opts);
    // The first user turn (the document) and the history before the newest turn.
    assert.equal(marks(out), 2);
    assert.equal(marks((out.messages as unknown[])[0]), 1);
    assert.equal(marks((out.messages as unknown[])[1]), 1);
    assert.equal(typeof out.system, 'string');
  });

  it('leaves a body that already manages its own cache_control alone', () => {
    const body = {
      model: 'c',
      system: [{ type: 'text', text: words(2000), cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'q' }],
    };
    assert.deepEqual(addAnthropicCacheBreakpoints(body, opts), body);
  });

  it('takes the minimum from the catalog and skips models without caching', () => {
    const price = (extra: Partial<ModelPriceInput>) =>
      modelPriceSchema.parse({
        id: 'x',
        provider: 'anthropic',
        price: { input: 3, output: 15 },
        contextWindow: 200000,
        source: 'test',
        asOf: '2025-01',
        ...extra,
      });
    assert.equal(anthropicCachingFor(price({})), undefined);
    assert.deepEqual(
      anthropicCachingFor(price({ capabilities: { promptCaching: true }, minCacheableTokens: 2048 })),
      { minTokens: 2048 },
    );
  });
});

describe('prompt_cache_key', () => {
  const req = {
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'You are a support bot.' },
      { role: 'user', content: 'q1' },
    ],
  };
  it('is stable per tenant and prefix, and differs across tenants', () => {
    const k = promptCacheKey(req, 'acme');
    assert.match(k, /^margin-[0-9a-f]{32}$/);
    assert.equal(
      promptCacheKey(
        { ...req, messages: [req.messages[0], { role: 'user', content: 'another question' }] },
        'acme',
      ),
      k,
    );
    assert.notEqual(promptCacheKey(req, 'globex'), k);
    assert.notEqual(promptCacheKey({ ...req, messages: [{ role: 'system', content: 'Other' }] }, 'acme'), k);
  });
  it('keeps a client-supplied key and does not mutate the request', () => {
    assert.equal(withPromptCacheKey({ ...req, prompt_cache_key: 'mine' }, 'acme').prompt_cache_key, 'mine');
    const out = withPromptCacheKey(req, 'acme');
    assert.equal(out.prompt_cache_key, promptCacheKey(req, 'acme'));
    assert.equal('prompt_cache_key' in req, false);
  });
});

describe('promptCacheSaving', () => {
  // Anthropic-style prices: input $3/M, reads $0.30/M, 5-minute writes $3.75/M (1.25×), 1-hour $6/M (2×).
  const price = modelPriceSchema.parse({
    id: 'claude-x',
    provider: 'anthropic',
    price: { input: 3, output: 15, cachedInput: 0.3, cacheWrite5m: 3.75, cacheWrite1h: 6 },
    contextWindow: 200000,
    source: 'test',
    asOf: '2025-01',
  });
  it('subtracts the extra cost of writes from what reads saved', () => {
    const u = makeUsage({
      inputTokens: 1_000_000,
      cacheReadTokens: 500_000,
      cacheWrite5mTokens: 200_000,
      cacheWrite1hTokens: 100_000,
      outputTokens: 1000,
    });
    const s = promptCacheSaving(price, u);
    assert.ok(Math.abs(s.readSavingUsd - 0.5 * (3 - 0.3)) < 1e-9);
    assert.ok(Math.abs(s.writeExtraUsd - (0.2 * 0.75 + 0.1 * 3)) < 1e-9);
    assert.ok(Math.abs(s.netUsd - (1.35 - 0.45)) < 1e-9);
    assert.equal(s.billedUsd, computeCost(price, u).costUsd.total);
  });
  it('is negative when a request only writes', () => {
    const s = promptCacheSaving(price, makeUsage({ inputTokens: 10_000, cacheWrite5mTokens: 8000 }));
    assert.ok(s.netUsd < 0);
    assert.equal(s.readSavingUsd, 0);
  });
});
