import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCacheConfig } from '../../src/cache/config.js';
import { ExactCache } from '../../src/cache/exact/exact-cache.js';
import { MemoryBackend } from '../../src/cache/exact/memory.js';
import { makeUsage } from '../../src/meter/usage.js';
import { entry, idOf } from './helpers.js';

describe('MemoryBackend', () => {
  it('stays under its byte bound, evicting least-recently-used first', async () => {
    const probe = new MemoryBackend({ maxBytes: 1e9 });
    await probe.set('k0', entry('x'.repeat(1000)), 60_000);
    const one = probe.bytes;
    const m = new MemoryBackend({ maxBytes: one * 3 + 10 });
    await m.set('k1', entry('x'.repeat(1000)), 60_000);
    await m.set('k2', entry('y'.repeat(1000)), 60_000);
    await m.set('k3', entry('z'.repeat(1000)), 60_000);
    assert.deepEqual(m.keys(), ['k1', 'k2', 'k3']);
    assert.ok(await m.get('k1')); // k1 becomes most recent
    await m.set('k4', entry('w'.repeat(1000)), 60_000);
    assert.deepEqual(m.keys(), ['k3', 'k1', 'k4']);
    assert.equal(await m.get('k2'), undefined);
    assert.ok(m.bytes <= one * 3 + 10);
    // A big entry pushes out as many old ones as it needs.
    await m.set('big', entry('b'.repeat(2500)), 60_000);
    assert.deepEqual(m.keys(), ['k4', 'big']);
    assert.ok(m.bytes <= one * 3 + 10);
  });

  it('never stores an entry larger than the bound', async () => {
    const m = new MemoryBackend({ maxBytes: 500 });
    await m.set('k', entry('x'.repeat(1000)), 60_000);
    assert.equal(m.size, 0);
    assert.equal(m.bytes, 0);
  });

  it('replacing a key re-accounts its bytes', async () => {
    const m = new MemoryBackend({ maxBytes: 1e6 });
    await m.set('k', entry('x'.repeat(1000)), 60_000);
    await m.set('k', entry('y'), 60_000);
    assert.equal(m.size, 1);
    assert.ok(m.bytes < 1000);
  });

  it('expires entries after their TTL (injected clock)', async () => {
    let t = 1000;
    const m = new MemoryBackend({ maxBytes: 1e6, now: () => t });
    await m.set('k', entry(), 500);
    t = 1499;
    assert.ok(await m.get('k'));
    t = 1500;
    assert.equal(await m.get('k'), undefined);
    assert.equal(m.bytes, 0);
  });

  it('returns a fresh copy each time (callers cannot corrupt the cache)', async () => {
    const m = new MemoryBackend({ maxBytes: 1e6 });
    await m.set('k', entry('orig'), 60_000);
    const a = await m.get('k');
    assert.ok(a);
    (a.response as { id: string }).id = 'changed';
    assert.equal(idOf(await m.get('k')), 'chatcmpl-1');
  });
});

describe('ExactCache (memory)', () => {
  const answer = {
    response: entry().response,
    usage: makeUsage({ inputTokens: 12, outputTokens: 3 }),
    label: null,
    servedModel: 'gpt-4o',
    provider: 'openai',
  };
  const body = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], temperature: 0 };

  it('stores after a miss and serves the same tenant only', async () => {
    const cache = new ExactCache(parseCacheConfig().exactCache);
    const miss = await cache.lookup({ tenant: 'a', protocol: 'openai', model: 'gpt-4o', body });
    assert.equal(miss.entry, undefined);
    assert.equal(await cache.store(miss, 'openai', answer), true);
    const hit = await cache.lookup({
      tenant: 'a',
      protocol: 'openai',
      model: 'gpt-4o',
      body: { ...body, stream: true },
    });
    assert.equal(idOf(hit.entry), 'chatcmpl-1');
    const other = await cache.lookup({ tenant: 'b', protocol: 'openai', model: 'gpt-4o', body });
    assert.equal(other.entry, undefined);
    await cache.close();
  });

  it('does not store non-deterministic requests unless forced', async () => {
    const cache = new ExactCache(parseCacheConfig().exactCache);
    const hot = { ...body, temperature: 1 };
    const l = await cache.lookup({ tenant: 'a', protocol: 'openai', model: 'gpt-4o', body: hot });
    assert.equal(await cache.store(l, 'openai', answer), false);
    const f = await cache.lookup({
      tenant: 'a',
      protocol: 'openai',
      model: 'gpt-4o',
      body: hot,
      directive: 'force',
    });
    assert.equal(await cache.store(f, 'openai', answer), true);
    const again = await cache.lookup({
      tenant: 'a',
      protocol: 'openai',
      model: 'gpt-4o',
      body: hot,
      directive: 'force',
    });
    assert.ok(again.entry);
    const noCache = await cache.lookup({
      tenant: 'a',
      protocol: 'openai',
      model: 'gpt-4o',
      body: hot,
      directive: 'no-cache',
    });
    assert.equal(noCache.entry, undefined);
    await cache.close();
  });
});
