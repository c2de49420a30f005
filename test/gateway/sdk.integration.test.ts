// The gateway driven by the official `openai` and `@anthropic-ai/sdk` clients, with the emulator (and a
// scripted upstream for error cases) behind it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { type FakeUpstream, startFakeUpstream } from './helpers/fake-upstream.js';
import { type TestGateway, testGateway } from './helpers/gateway.js';
import { until } from './helpers/memory-ledger.js';
import { jsonFixture } from './helpers/paths.js';

let emu: RunningEmulator;
let t: TestGateway;
let client: OpenAI;

before(async () => {
  emu = await startEmulator({ port: 0, fast: true, seed: 7 });
  const origin = new URL(emu.url).origin;
  t = await testGateway(emu.url, {
    models: [
      { name: 'claude-native', provider: 'anthropic', baseUrl: origin, upstreamModel: 'claude-sonnet-4-5' },
      { name: '*', provider: 'openai-compatible', baseUrl: emu.url },
    ],
  });
  client = new OpenAI({ baseURL: t.base, apiKey: 'unused', maxRetries: 0 });
});

after(async () => {
  await t.gw.close();
  await emu.close();
});

describe('openai SDK through the gateway', () => {
  it('chat completion with label headers and a ledger record', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Say hi' }], max_tokens: 8 })
      .withResponse();
    assert.ok(data.choices[0]?.message.content);
    assert.ok((data.usage?.prompt_tokens ?? 0) > 0);
    const id = response.headers.get('x-margin-request-id');
    assert.ok(Number(response.headers.get('x-margin-cost-usd')) > 0);
    assert.equal(response.headers.get('x-margin-model'), 'gpt-4o');
    assert.equal(response.headers.get('x-margin-cache'), 'miss');
    await until(() => t.ledger.byId(id) !== undefined, 'ledger record');
    const rec = t.ledger.byId(id);
    assert.equal(rec?.usage.inputTokens, data.usage?.prompt_tokens);
    assert.equal(rec?.usage.outputTokens, data.usage?.completion_tokens);
    assert.equal(rec?.status, 200);
  });

  it('streaming without include_usage: no usage chunk reaches the client, usage still recorded', async () => {
    const before = t.ledger.records.length;
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Count' }],
      max_tokens: 12,
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) {
      assert.ok(!chunk.usage, 'no usage on any chunk');
      text += chunk.choices[0]?.delta.content ?? '';
    }
    assert.ok(text.length > 0);
    await until(() => t.ledger.records.length > before, 'ledger record');
    const rec = t.ledger.records.at(-1);
    assert.equal(rec?.streamed, true);
    assert.equal(rec?.usage.source, 'reported');
    assert.ok((rec?.usage.outputTokens ?? 0) > 0);
  });

  it('streaming with include_usage: the final chunk carries usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Count' }],
      max_tokens: 12,
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) usage = chunk.usage ?? usage;
    assert.ok((usage?.completion_tokens ?? 0) > 0);
  });

  it('embeddings and models', async () => {
    const e = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
    assert.equal(e.data.length, 2);
    assert.ok(e.usage.prompt_tokens > 0);
    const models = await client.models.list();
    assert.ok(models.data.length > 0);
  });

  it('BadRequestError for an invalid request, naming the parameter', async () => {
    await assert.rejects(
      client.chat.completions.create({ model: 'gpt-4o', messages: [] }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && e.param === 'messages',
    );
  });

  it('an Anthropic model behind the OpenAI client (translated)', async () => {
    const r = await client.chat.completions.create({
      model: 'claude-native',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      max_tokens: 6,
    });
    assert.ok(r.choices[0]?.message.content);
    assert.ok((r.usage?.completion_tokens ?? 0) > 0);
  });
});

describe('openai SDK error classes', () => {
  let fake: FakeUpstream;
  let g: TestGateway;
  let c: OpenAI;
  before(async () => {
    fake = await startFakeUpstream(() => ({ kind: 'json', body: jsonFixture('chat-completion.json') }));
    g = await testGateway(undefined, {
      retries: { max: 1, baseMs: 1, maxMs: 1000 },
      models: [
        { name: 'gpt-4o', provider: 'openai-compatible', baseUrl: fake.url },
        { name: 'down', provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1' },
      ],
    });
    c = new OpenAI({ baseURL: g.base, apiKey: 'unused', maxRetries: 0 });
  });
  after(async () => {
    await g.gw.close();
    await fake.close();
  });
  const ask = (model = 'gpt-4o') =>
    c.chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }] });

  it('NotFoundError (model_not_found) for a model the config does not list', async () => {
    await assert.rejects(
      ask('gpt-5-imaginary'),
      (e: unknown) => e instanceof OpenAI.NotFoundError && e.code === 'model_not_found',
    );
  });

  it('RateLimitError after the gateway retried, with the upstream body kept', async () => {
    fake.setHandler(() => ({
      kind: 'text',
      status: 429,
      body: JSON.stringify(jsonFixture('error-rate-limit.json')),
      headers: { 'content-type': 'application/json', 'retry-after-ms': '1' },
    }));
    const n = fake.seen.length;
    await assert.rejects(
      ask(),
      (e: unknown) => e instanceof OpenAI.RateLimitError && e.code === 'rate_limit_exceeded',
    );
    assert.equal(fake.seen.length - n, 2, 'one attempt and one retry');
  });

  it('a 429 followed by success is invisible to the client', async () => {
    fake.setHandler((_r, k) =>
      k % 2 === 1
        ? {
            kind: 'json',
            status: 429,
            body: jsonFixture('error-rate-limit.json'),
            headers: { 'retry-after': '0' },
          }
        : { kind: 'json', body: jsonFixture('chat-completion.json') },
    );
    const r = await ask();
    assert.equal(r.usage?.prompt_tokens, 1117);
  });

  it('an unreachable upstream is a 502 with a clear message', async () => {
    await assert.rejects(ask('down'), (e: unknown) => {
      assert.ok(e instanceof OpenAI.InternalServerError);
      assert.equal(e.status, 502);
      assert.match(e.message, /unreachable/);
      return true;
    });
  });
});

describe('@anthropic-ai/sdk through the gateway', () => {
  let anthropic: Anthropic;
  before(() => {
    anthropic = new Anthropic({ baseURL: t.gw.url, apiKey: 'unused', maxRetries: 0 });
  });

  it('messages on an Anthropic upstream (native pass-through) with usage recorded', async () => {
    const { data, response } = await anthropic.messages
      .create({ model: 'claude-native', max_tokens: 8, messages: [{ role: 'user', content: 'Hello' }] })
      .withResponse();
    assert.equal(data.type, 'message');
    const id = response.headers.get('x-margin-request-id');
    await until(() => t.ledger.byId(id) !== undefined, 'ledger record');
    assert.equal(t.ledger.byId(id)?.usage.outputTokens, data.usage.output_tokens);
    assert.equal(t.ledger.byId(id)?.provider, 'anthropic');
  });

  it('messages on an OpenAI-compatible upstream (translated), JSON and stream', async () => {
    const m = await anthropic.messages.create({
      model: 'llama-3.1-8b',
      max_tokens: 8,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    assert.ok(m.content.length > 0);
    const stream = anthropic.messages.stream({
      model: 'llama-3.1-8b',
      max_tokens: 8,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const final = await stream.finalMessage();
    assert.ok(final.usage.output_tokens > 0);
  });

  it('native stream keeps cumulative usage', async () => {
    const stream = anthropic.messages.stream({
      model: 'claude-native',
      max_tokens: 8,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const final = await stream.finalMessage();
    assert.ok(final.usage.output_tokens > 0);
  });

  it('errors come back in Anthropic shape (BadRequestError)', async () => {
    await assert.rejects(
      anthropic.messages.create({ model: 'claude-native', max_tokens: 8, messages: [] as never }),
      (e: unknown) => e instanceof Anthropic.BadRequestError,
    );
  });
});
