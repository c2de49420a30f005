// The lifecycle's plug points: authenticate, cache lookup/store and route decisions.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { MarginError } from '../../src/errors/index.js';
import type { CacheEntry, GatewayHooks } from '../../src/gateway/index.js';
import { type TestGateway, testGateway } from './helpers/gateway.js';
import { until } from './helpers/memory-ledger.js';

let emu: RunningEmulator;
let t: TestGateway;
const stored = new Map<string, CacheEntry>();
const keyOf = (messages: unknown) => JSON.stringify(messages);

const hooks: GatewayHooks = {
  async authenticate(ctx) {
    const auth = ctx.headers.authorization;
    if (auth !== 'Bearer good') throw new MarginError('MARGIN_ERR_UNAUTHENTICATED', 'Invalid API key.');
    return { keyId: 'key-1', tenant: 'acme' };
  },
  cache: {
    async lookup(ctx) {
      const hit = stored.get(keyOf(ctx.request?.messages));
      return hit ? { kind: 'exact', ...hit } : undefined;
    },
    store(ctx, entry) {
      stored.set(keyOf(ctx.request?.messages), entry);
    },
  },
  router: {
    async resolve(ctx) {
      return ctx.requestedModel === 'auto'
        ? { model: 'cheap', policy: 'test', reason: 'auto → cheap' }
        : undefined;
    },
  },
};

before(async () => {
  emu = await startEmulator({ port: 0, fast: true, seed: 3 });
  t = await testGateway(
    undefined,
    {
      models: [
        { name: 'cheap', provider: 'openai-compatible', baseUrl: emu.url, upstreamModel: 'gpt-4o-mini' },
        { name: 'gpt-4o', provider: 'openai-compatible', baseUrl: emu.url },
      ],
    },
    hooks,
  );
});
after(async () => {
  await t.gw.close();
  await emu.close();
});

describe('gateway hooks', () => {
  it('authenticate: refusal is a 401 AuthenticationError; the principal is recorded', async () => {
    const bad = new OpenAI({ baseURL: t.base, apiKey: 'bad', maxRetries: 0 });
    await assert.rejects(
      bad.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }),
      OpenAI.AuthenticationError,
    );
    const good = new OpenAI({ baseURL: t.base, apiKey: 'good', maxRetries: 0 });
    const { response } = await good.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'who' }], max_tokens: 3 })
      .withResponse();
    const id = response.headers.get('x-margin-request-id');
    await until(() => t.ledger.byId(id) !== undefined, 'record');
    assert.equal(t.ledger.byId(id)?.keyId, 'key-1');
    assert.equal(t.ledger.byId(id)?.tenant, 'acme');
  });

  it('router picks the model; cache serves the repeat (JSON and stream) at zero cost', async () => {
    const c = new OpenAI({ baseURL: t.base, apiKey: 'good', maxRetries: 0 });
    const messages = [{ role: 'user' as const, content: 'cache me' }];
    const first = await c.chat.completions.create({ model: 'auto', messages, max_tokens: 5 }).withResponse();
    assert.equal(first.response.headers.get('x-margin-model'), 'gpt-4o-mini');
    assert.equal(first.response.headers.get('x-margin-cache'), 'miss');
    const id1 = first.response.headers.get('x-margin-request-id');
    await until(() => t.ledger.byId(id1) !== undefined, 'record');
    assert.match(t.ledger.byId(id1)?.route ?? '', /auto → cheap/);
    const second = await c.chat.completions.create({ model: 'auto', messages, max_tokens: 5 }).withResponse();
    assert.equal(second.response.headers.get('x-margin-cache'), 'exact');
    assert.equal(second.response.headers.get('x-margin-cost-usd'), '0');
    assert.equal(second.data.choices[0]?.message.content, first.data.choices[0]?.message.content);
    const id2 = second.response.headers.get('x-margin-request-id');
    await until(() => t.ledger.byId(id2) !== undefined, 'record');
    assert.ok((t.ledger.byId(id2)?.savedUsd ?? 0) > 0);
    const stream = await c.chat.completions.create({ model: 'auto', messages, max_tokens: 5, stream: true });
    let text = '';
    for await (const ch of stream) text += ch.choices[0]?.delta.content ?? '';
    assert.equal(text, first.data.choices[0]?.message.content);
  });
});
