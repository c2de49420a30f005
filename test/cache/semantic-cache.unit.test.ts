import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCacheConfig } from '../../src/cache/config.js';
import { dot } from '../../src/cache/semantic/embedder.js';
import { LocalEmbedder } from '../../src/cache/semantic/local-embedder.js';
import { SemanticCache } from '../../src/cache/semantic/semantic-cache.js';
import {
  BruteForceIndex,
  createIndex,
  HnswIndex,
  loadUsearch,
} from '../../src/cache/semantic/vector-index.js';
import { contentOf, entry } from './helpers.js';

const cfg = (extra: Record<string, unknown> = {}) =>
  parseCacheConfig({ semanticCache: { enabled: true, models: ['gpt-4o'], index: 'brute', ...extra } })
    .semanticCache;
const ask = (text: string, system = 'You are helpful.') => ({
  model: 'gpt-4o',
  messages: [
    { role: 'system', content: system },
    { role: 'user', content: text },
  ],
});

async function fill(
  cache: SemanticCache,
  text: string,
  answer: string,
  tenant = 't1',
  system?: string,
): Promise<void> {
  const l = await cache.lookup(ask(text, system), tenant, 'openai');
  assert.ok(l);
  cache.store(l, entry(answer));
}

describe('LocalEmbedder', () => {
  it('gives unit vectors, identical for identical text, closer for near text', () => {
    const e = new LocalEmbedder();
    const a = e.embedOne('How do I learn Python quickly?');
    assert.ok(Math.abs(dot(a, a) - 1) < 1e-5);
    assert.ok(dot(a, e.embedOne('How do I learn Python quickly?')) > 0.9999);
    assert.ok(
      dot(a, e.embedOne('How can I learn Python fast?')) >
        dot(a, e.embedOne('What is the best pizza in Naples?')),
    );
  });
});

describe('vector indexes', () => {
  const kinds = [['brute', new BruteForceIndex(8, 2)]] as Array<[string, BruteForceIndex | HnswIndex]>;
  const mod = loadUsearch();
  if (mod) kinds.push(['hnsw', new HnswIndex(8, mod)]);
  for (const [name, index] of kinds) {
    it(`${name}: returns the best matches first and forgets removed ids`, () => {
      const unit = (i: number): Float32Array => {
        const v = new Float32Array(8);
        v[i % 8] = 1;
        return v;
      };
      for (let i = 0; i < 8; i++) index.add(i, unit(i));
      const q = new Float32Array([0.1, 0.9, 0.3, 0, 0, 0, 0, 0]);
      const r = index.search(q, 2);
      assert.deepEqual(
        r.map((n) => n.id),
        [1, 2],
      );
      assert.ok(Math.abs((r[0]?.score ?? 0) - 0.9) < 1e-5);
      index.remove(1);
      assert.equal(index.search(q, 1)[0]?.id, 2);
      assert.equal(index.size, 7);
    });
  }
  it('createIndex falls back to brute force when asked', () => {
    assert.ok(createIndex(4, 'brute') instanceof BruteForceIndex);
  });
});

describe('SemanticCache', () => {
  it('serves a near-duplicate and returns the best match above the threshold', async () => {
    const cache = new SemanticCache(cfg(), { embedder: new LocalEmbedder() });
    await fill(cache, 'How do I learn Python quickly?', 'python');
    await fill(cache, 'How do I cook rice in a pot?', 'rice');
    const l = await cache.lookup(ask('how do I learn python quickly'), 't1', 'openai');
    assert.equal(contentOf(l?.hit?.entry), 'python');
    assert.ok((l?.hit?.score ?? 0) >= cache.threshold);
  });

  it('does not serve near-misses or unrelated prompts', async () => {
    const cache = new SemanticCache(cfg(), { embedder: new LocalEmbedder() });
    await fill(cache, 'What is the capital gains tax on 50000 dollars?', 'a');
    await fill(cache, 'How do I learn Python quickly?', 'b');
    for (const q of [
      'What is the capital gains tax on 60000 dollars?',
      'How do I learn Rust quickly?',
      'Why is the sky blue?',
    ]) {
      assert.equal((await cache.lookup(ask(q), 't1', 'openai'))?.hit, undefined, q);
    }
  });

  it('isolates namespaces: tenant, system prompt, model', async () => {
    const cache = new SemanticCache(cfg(), { embedder: new LocalEmbedder() });
    await fill(cache, 'How do I learn Python quickly?', 'b');
    assert.equal((await cache.lookup(ask('How do I learn Python quickly?'), 't2', 'openai'))?.hit, undefined);
    assert.equal(
      (await cache.lookup(ask('How do I learn Python quickly?', 'Answer in French.'), 't1', 'openai'))?.hit,
      undefined,
    );
    assert.equal(
      (await cache.lookup({ ...ask('How do I learn Python quickly?'), model: 'gpt-4o-mini' }, 't1', 'openai'))
        ?.hit,
      undefined,
    );
    assert.ok((await cache.lookup(ask('How do I learn Python quickly?'), 't1', 'openai'))?.hit);
  });

  it('expires entries and bounds each namespace', async () => {
    let t = 0;
    const cache = new SemanticCache(cfg({ ttlS: 10, maxEntriesPerNamespace: 2 }), {
      embedder: new LocalEmbedder(),
      now: () => t,
    });
    await fill(cache, 'How do I learn Python quickly?', 'a');
    await fill(cache, 'How do I cook rice in a pot?', 'b');
    await fill(cache, 'Where can I buy cheap flights?', 'c');
    assert.equal(cache.size, 2);
    assert.equal((await cache.lookup(ask('How do I learn Python quickly?'), 't1', 'openai'))?.hit, undefined);
    t = 11_000;
    assert.equal((await cache.lookup(ask('Where can I buy cheap flights?'), 't1', 'openai'))?.hit, undefined);
  });

  it('applies only to opted-in models and only to plain-text last user turns', async () => {
    const cache = new SemanticCache(cfg(), { embedder: new LocalEmbedder() });
    assert.equal(cache.appliesTo('gpt-4o'), true);
    assert.equal(cache.appliesTo('other'), false);
    const img = {
      model: 'gpt-4o',
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'x' } }] }],
    };
    assert.equal(await cache.lookup(img, 't1', 'openai'), undefined);
    const assistantLast = { model: 'gpt-4o', messages: [{ role: 'assistant', content: 'hi' }] };
    assert.equal(await cache.lookup(assistantLast, 't1', 'openai'), undefined);
  });

  it('never serves with an embedder the threshold was not fitted for, unless a threshold is configured', () => {
    const other = { id: 'provider/x', dim: 3, embed: async () => [] };
    assert.equal(new SemanticCache(cfg(), { embedder: other }).appliesTo('gpt-4o'), false);
    assert.equal(new SemanticCache(cfg({ threshold: 0.9 }), { embedder: other }).appliesTo('gpt-4o'), true);
  });
});
