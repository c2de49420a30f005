// The cache hook through the real gateway, with the emulator as upstream and the official SDKs as clients.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { parseCacheConfig } from '../../src/cache/config.js';
import { type CacheHook, createCacheHook } from '../../src/cache/gateway-hook.js';
import { createWarner } from '../../src/cache/warn.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { type TestGateway, testGateway } from '../gateway/helpers/gateway.js';
import { until } from '../gateway/helpers/memory-ledger.js';

let emu: RunningEmulator;
let t: TestGateway;
let cache: CacheHook;
let client: OpenAI;

before(async () => {
  emu = await startEmulator({ port: 0, fast: true, seed: 11 });
  cache = createCacheHook(parseCacheConfig({ semanticCache: { enabled: true, models: ['gpt-4o'] } }));
  t = await testGateway(emu.url, {}, { cache: cache.hook });
  client = new OpenAI({ baseURL: t.base, apiKey: 'unused', maxRetries: 0 });
});

after(async () => {
  await t.gw.close();
  await cache.close();
  await emu.close();
});

const ask = (content: string, extra: Record<string, unknown> = {}) => ({
  model: 'gpt-4o',
  messages: [{ role: 'user' as const, content }],
  max_tokens: 16,
  temperature: 0,
  ...extra,
});

describe('exact cache through the gateway', () => {
  it('serves a repeated deterministic request from the cache at $0 and records the saving', async () => {
    const first = await client.chat.completions.create(ask('Name three prime numbers')).withResponse();
    assert.equal(first.response.headers.get('x-margin-cache'), 'miss');
    await until(
      () =>
        cache.exact.backend.constructor.name === 'MemoryBackend' &&
        (cache.exact.backend as unknown as { size: number }).size > 0,
      'cache store',
    );
    const second = await client.chat.completions.create(ask('Name three prime numbers')).withResponse();
    assert.equal(second.response.headers.get('x-margin-cache'), 'exact');
    assert.equal(second.data.choices[0]?.message.content, first.data.choices[0]?.message.content);
    assert.equal(Number(second.response.headers.get('x-margin-cost-usd')), 0);
    const id = second.response.headers.get('x-margin-request-id');
    await until(() => t.ledger.byId(id) !== undefined, 'ledger record');
    const rec = t.ledger.byId(id);
    assert.equal(rec?.cache, 'exact');
    assert.equal(rec?.costUsd.total, 0);
    assert.ok((rec?.savedUsd ?? 0) > 0, `savedUsd ${rec?.savedUsd}`);
    assert.ok((rec?.savedEnergyWh ?? 0) > 0);
  });

  it('replays a hit as an SSE stream the openai SDK parses, with the usage chunk when asked', async () => {
    const plain = await client.chat.completions.create(ask('List two colours'));
    await until(() => (cache.exact.backend as unknown as { size: number }).size >= 2, 'cache store');
    const { data: stream, response } = await client.chat.completions
      .create({ ...ask('List two colours'), stream: true, stream_options: { include_usage: true } })
      .withResponse();
    assert.equal(response.headers.get('x-margin-cache'), 'exact');
    let text = '';
    let usage: unknown;
    for await (const c of stream) {
      text += c.choices[0]?.delta.content ?? '';
      if (c.usage) usage = c.usage;
    }
    assert.equal(text, plain.choices[0]?.message.content);
    assert.equal(
      (usage as { completion_tokens?: number } | undefined)?.completion_tokens,
      plain.usage?.completion_tokens,
    );
  });

  it('honours x-margin-cache headers and skips non-deterministic requests', async () => {
    await client.chat.completions.create(ask('Spell cat'));
    await until(() => (cache.exact.backend as unknown as { size: number }).size >= 3, 'cache store');
    const bypass = await client.chat.completions
      .create(ask('Spell cat'), { headers: { 'x-margin-cache': 'no-cache' } })
      .withResponse();
    assert.equal(bypass.response.headers.get('x-margin-cache'), 'miss');
    const hot = await client.chat.completions.create(ask('Spell cat', { temperature: 0.9 })).withResponse();
    assert.equal(hot.response.headers.get('x-margin-cache'), 'miss');
    await assert.rejects(
      client.chat.completions.create(ask('Spell cat'), { headers: { 'x-margin-cache': 'sometimes' } }),
      (err: unknown) => err instanceof OpenAI.APIError && err.status === 400,
    );
  });
});

describe('semantic cache through the gateway', () => {
  it('serves a rephrased question (case, punctuation) and refuses a near-miss', async () => {
    const hot = { temperature: 0.8 }; // not exact-cacheable: only the semantic cache can answer
    const first = await client.chat.completions.create(ask('How do I learn Python quickly?', hot));
    await until(() => (cache.semantic?.size ?? 0) > 0, 'semantic store');
    const again = await client.chat.completions
      .create(ask('how do i learn python quickly', hot))
      .withResponse();
    assert.equal(again.response.headers.get('x-margin-cache'), 'semantic');
    assert.equal(again.data.choices[0]?.message.content, first.choices[0]?.message.content);
    const near = await client.chat.completions
      .create(ask('How do I learn Rust quickly?', hot))
      .withResponse();
    assert.equal(near.response.headers.get('x-margin-cache'), 'miss');
  });
});

describe('Redis down', () => {
  it('answers every request (as misses) with one warning', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const logs: string[] = [];
    const down = createCacheHook(
      parseCacheConfig({
        exactCache: { backend: 'redis', redis: { url: `redis://127.0.0.1:${port}`, keyPrefix: 'x:' } },
      }),
      { warner: createWarner((m) => logs.push(m)) },
    );
    const g = await testGateway(emu.url, {}, { cache: down.hook });
    try {
      const c = new OpenAI({ baseURL: g.base, apiKey: 'unused', maxRetries: 0 });
      for (let i = 0; i < 5; i++) {
        const r = await c.chat.completions.create(ask('Name a fruit')).withResponse();
        assert.equal(r.response.headers.get('x-margin-cache'), 'miss');
      }
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(logs.length, 1, logs.join('\n'));
    } finally {
      await g.gw.close();
      await down.close();
    }
  });
});
