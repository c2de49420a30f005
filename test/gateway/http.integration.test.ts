// Raw HTTP behaviour of the gateway against a scripted upstream serving recorded OpenAI bodies and streams.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { type FakeUpstream, sseEvents, startFakeUpstream } from './helpers/fake-upstream.js';
import { type TestGateway, testGateway } from './helpers/gateway.js';
import { until } from './helpers/memory-ledger.js';
import { fixture, jsonFixture } from './helpers/paths.js';

const chat = (model: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    model,
    messages: [{ role: 'user', content: 'Describe the picture in one sentence.' }],
    ...extra,
  });

async function post(base: string, path: string, body: string) {
  const r = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

let fake: FakeUpstream;
let t: TestGateway;

before(async () => {
  fake = await startFakeUpstream(() => ({ kind: 'json', body: jsonFixture('chat-completion.json') }));
  t = await testGateway(fake.url, {
    server: { bodyLimitBytes: 4096 },
    // This upstream has a Responses API of its own: /v1/responses passes through (translation: test/clients).
    models: [{ name: '*', provider: 'openai-compatible', baseUrl: fake.url, responsesApi: 'native' }],
  });
});
after(async () => {
  await t.gw.close();
  await fake.close();
});

const recordOf = async (id: string | null) => {
  await until(() => t.ledger.byId(id) !== undefined, `record ${id}`);
  const r = t.ledger.byId(id);
  assert.ok(r);
  return r;
};

describe('gateway over HTTP', () => {
  it('JSON: body passed through, label headers, priced through the catalog alias', async () => {
    fake.setHandler(() => ({ kind: 'json', body: jsonFixture('chat-completion.json') }));
    const r = await post(t.gw.url, '/v1/chat/completions', chat('gpt-4o-2024-08-06'));
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text), jsonFixture('chat-completion.json'));
    for (const h of [
      'x-margin-request-id',
      'x-margin-cost-usd',
      'x-margin-energy-wh',
      'x-margin-co2e-g',
      'x-margin-cache',
      'x-margin-model',
      'x-margin-provider',
      'x-margin-energy-wh-low',
      'x-margin-energy-wh-high',
      'x-margin-co2e-market-g',
      'x-margin-co2e-embodied-g',
    ]) {
      assert.ok(r.headers.get(h), `header ${h}`);
    }
    const wh = (h: string) => Number(r.headers.get(h));
    assert.ok(wh('x-margin-energy-wh-low') < wh('x-margin-energy-wh'));
    assert.ok(wh('x-margin-energy-wh') < wh('x-margin-energy-wh-high'));
    // gpt-4o: $2.50/M input, $1.25/M cached, $10/M output.
    const expected = (93 * 2.5 + 1024 * 1.25 + 46 * 10) / 1e6;
    assert.ok(Math.abs(Number(r.headers.get('x-margin-cost-usd')) - expected) < 1e-9);
    assert.equal(r.headers.get('x-margin-model'), 'gpt-4o');
    const rec = await recordOf(r.headers.get('x-margin-request-id'));
    assert.equal(rec.usage.cacheReadTokens, 1024);
    assert.ok(Math.abs(rec.costUsd.total - expected) < 1e-12);
    assert.equal(rec.requestedModel, 'gpt-4o-2024-08-06');
    // The ledger keeps the bounds and the other CO2e bases (in its additive `extra` fields).
    assert.equal(Number(rec.energyWhLow?.toPrecision(6)), wh('x-margin-energy-wh-low'));
    assert.ok((rec.energyWhHigh ?? 0) > rec.energyWh && (rec.co2eEmbodiedG ?? 0) > 0);
  });

  it('stream: usage requested upstream, stripped for the client, label comment before [DONE]', async () => {
    fake.setHandler(() => ({ kind: 'sse', events: sseEvents(fixture('chat-stream.sse')) }));
    const r = await post(t.gw.url, '/v1/chat/completions', chat('gpt-4o-mini', { stream: true }));
    assert.equal(r.status, 200);
    assert.deepEqual(fake.seen.at(-1)?.body?.stream_options, { include_usage: true });
    assert.equal(r.text.includes('"prompt_tokens"'), false);
    const comment = r.text.indexOf('\n: margin {');
    assert.ok(comment > 0 && comment < r.text.indexOf('data: [DONE]'));
    const label = JSON.parse(r.text.slice(comment + ': margin '.length + 1).split('\n')[0] ?? '');
    assert.equal(label.usage.inputTokens, 19);
    assert.ok(label.energyWhLow < label.energyWh && label.energyWh < label.energyWhHigh);
    assert.ok(label.co2eMarketG > 0 && label.co2eEmbodiedG > 0);
    assert.equal(label.usage.source, 'reported');
    const rec = await recordOf(r.headers.get('x-margin-request-id'));
    assert.equal(rec.usage.outputTokens, 10);
    assert.ok(rec.ttftMs !== null);
  });

  it('a cut stream is recorded with estimated usage and looks cut to the client', async () => {
    fake.setHandler(() => ({
      kind: 'sse',
      events: sseEvents(fixture('chat-stream.sse')),
      cutAfter: 4,
      gapMs: 5,
    }));
    const r = await post(t.gw.url, '/v1/chat/completions', chat('gpt-4o-mini', { stream: true }));
    assert.equal(r.text.includes('[DONE]'), false);
    assert.match(r.text, /: margin \{.*"source":"estimated"/);
    const rec = await recordOf(r.headers.get('x-margin-request-id'));
    assert.equal(rec.usage.source, 'estimated');
    assert.ok(rec.usage.inputTokens > 0);
    assert.ok(rec.usage.outputTokens >= 3, 'Hello! How can I assist you today? was received');
    assert.equal(rec.errorCode, 'MARGIN_ERR_UPSTREAM_STREAM_CUT');
  });

  it('client disconnect mid-stream aborts the upstream and records partial usage', async () => {
    const events = sseEvents(fixture('chat-stream.sse'));
    const many = [...events.slice(0, 2), ...Array(200).fill(events[2]), ...events.slice(3)];
    fake.setHandler(() => ({ kind: 'sse', events: many, gapMs: 20 }));
    const id = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        `${t.gw.url}/v1/chat/completions`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          res.once('data', () => {
            resolve(String(res.headers['x-margin-request-id']));
            req.destroy();
          });
        },
      );
      req.on('error', () => {});
      req.end(chat('gpt-4o-mini', { stream: true }));
      setTimeout(() => reject(new Error('no data')), 5000).unref();
    });
    await fake.aborted;
    const rec = await recordOf(id);
    assert.equal(rec.clientAborted, true);
    assert.equal(rec.usage.source, 'estimated');
    assert.ok(rec.usage.inputTokens > 0);
  });

  it('413 for a body over the limit, in OpenAI shape', async () => {
    const r = await post(t.gw.url, '/v1/chat/completions', chat('gpt-4o', { pad: 'x'.repeat(5000) }));
    assert.equal(r.status, 413);
    assert.equal(JSON.parse(r.text).error.code, 'request_too_large');
  });

  it('400 for malformed JSON, recorded in the ledger', async () => {
    const r = await post(t.gw.url, '/v1/chat/completions', '{"model": "gpt-4o", ');
    assert.equal(r.status, 400);
    const e = JSON.parse(r.text).error;
    assert.equal(e.code, 'invalid_json');
    assert.equal(e.type, 'invalid_request_error');
    assert.equal((await recordOf(r.headers.get('x-margin-request-id'))).errorCode, 'MARGIN_ERR_BAD_JSON');
  });

  it('upstream error bodies pass through with their status', async () => {
    fake.setHandler(() => ({ kind: 'json', status: 400, body: jsonFixture('error-invalid-request.json') }));
    const r = await post(t.gw.url, '/v1/chat/completions', chat('gpt-4o', { temperature: 9 }));
    assert.equal(r.status, 400);
    assert.deepEqual(JSON.parse(r.text), jsonFixture('error-invalid-request.json'));
    assert.equal((await recordOf(r.headers.get('x-margin-request-id'))).errorCode, 'invalid_value');
  });

  it('an unknown-to-catalog model is proxied, unpriced, and recorded', async () => {
    const body = { ...(jsonFixture('chat-completion.json') as object), model: 'my-local-llama' };
    fake.setHandler(() => ({ kind: 'json', body }));
    const r = await post(t.gw.url, '/v1/chat/completions', chat('my-local-llama'));
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-margin-cost-usd'), null);
    assert.equal(r.headers.get('x-margin-priced'), 'false');
    const rec = await recordOf(r.headers.get('x-margin-request-id'));
    assert.equal(rec.servedModel, 'my-local-llama');
    assert.equal(rec.costUsd.total, 0);
    assert.equal(rec.usage.inputTokens, 1117);
  });

  it('embeddings and responses pass through with usage', async () => {
    fake.setHandler((req) =>
      req.path.endsWith('/embeddings')
        ? { kind: 'json', body: jsonFixture('embeddings.json') }
        : req.body?.stream
          ? { kind: 'sse', events: sseEvents(fixture('responses-stream.sse')) }
          : { kind: 'json', body: jsonFixture('responses.json') },
    );
    const e = await post(
      t.gw.url,
      '/v1/embeddings',
      JSON.stringify({ model: 'text-embedding-3-small', input: 'hello' }),
    );
    assert.equal(e.status, 200);
    assert.equal((await recordOf(e.headers.get('x-margin-request-id'))).usage.inputTokens, 8);
    const j = await post(
      t.gw.url,
      '/v1/responses',
      JSON.stringify({ model: 'gpt-4.1', input: 'Tell me a story' }),
    );
    assert.deepEqual(JSON.parse(j.text), jsonFixture('responses.json'));
    assert.equal((await recordOf(j.headers.get('x-margin-request-id'))).usage.outputTokens, 87);
    const s = await post(
      t.gw.url,
      '/v1/responses',
      JSON.stringify({ model: 'gpt-4.1', input: 'hi', stream: true }),
    );
    assert.match(s.text, /response\.completed[\s\S]*: margin \{/);
    const rec = await recordOf(s.headers.get('x-margin-request-id'));
    assert.deepEqual([rec.usage.inputTokens, rec.usage.outputTokens, rec.usage.source], [37, 11, 'reported']);
  });

  it('/v1/messages errors use the Anthropic shape', async () => {
    const r = await post(t.gw.url, '/v1/messages', '{oops');
    assert.equal(r.status, 400);
    const body = JSON.parse(r.text);
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'invalid_request_error');
  });

  it('health, metrics, 404 and 405', async () => {
    assert.equal((await fetch(`${t.gw.url}/healthz`)).status, 200);
    const m = await (await fetch(`${t.gw.url}/metrics`)).text();
    assert.match(
      m,
      /^margin_requests_total\{endpoint="chat\.completions",provider="openai-compatible",status="2xx",cache="miss"\} \d+$/m,
    );
    assert.match(m, /margin_request_duration_seconds_bucket\{endpoint="chat.completions",le="\+Inf"\}/);
    const nf = await fetch(`${t.gw.url}/v1/nothing`);
    assert.equal(nf.status, 404);
    assert.equal(((await nf.json()) as { error: { code: string } }).error.code, 'not_found');
    const na = await fetch(`${t.gw.url}/v1/chat/completions`);
    assert.equal(na.status, 405);
    assert.equal(na.headers.get('allow'), 'POST');
  });
});

describe('retries and fallbacks', () => {
  const ups: FakeUpstream[] = [];
  let g: TestGateway;
  const order: string[] = [];
  before(async () => {
    const make = async (name: string, status: number) => {
      const u = await startFakeUpstream(() => {
        order.push(name);
        return status === 200
          ? { kind: 'json', body: jsonFixture('chat-completion.json') }
          : { kind: 'json', status, body: { error: { message: `${name} failed`, type: 'server_error' } } };
      });
      ups.push(u);
      return u.url;
    };
    const a = await make('a', 503);
    const b = await make('b', 500);
    const c = await make('c', 200);
    g = await testGateway(undefined, {
      models: [
        {
          name: 'a',
          provider: 'openai-compatible',
          baseUrl: a,
          upstreamModel: 'gpt-4o',
          fallbacks: ['b', 'c'],
        },
        { name: 'b', provider: 'openai-compatible', baseUrl: b, upstreamModel: 'gpt-4o' },
        { name: 'c', provider: 'openai-compatible', baseUrl: c, upstreamModel: 'gpt-4o-mini' },
        { name: 'slow', provider: 'openai-compatible', baseUrl: a, upstreamModel: 'gpt-4o' },
      ],
      retries: { max: 1, baseMs: 1, maxMs: 2000 },
    });
  });
  after(async () => {
    await g.gw.close();
    await Promise.all(ups.map((u) => u.close()));
  });

  it('tries the fallbacks in order after each model used its retries', async () => {
    order.length = 0;
    const r = await post(g.gw.url, '/v1/chat/completions', chat('a'));
    assert.equal(r.status, 200);
    assert.deepEqual(order, ['a', 'a', 'b', 'b', 'c']);
    assert.equal(r.headers.get('x-margin-model'), 'gpt-4o-mini');
    const rec = await (async () => {
      const id = r.headers.get('x-margin-request-id');
      await until(() => g.ledger.byId(id) !== undefined, 'record');
      return g.ledger.byId(id);
    })();
    assert.equal(rec?.requestedModel, 'a');
    assert.equal(rec?.servedModel, 'gpt-4o-mini');
  });

  it('honours retry-after before retrying', async () => {
    const u = ups[0] as FakeUpstream;
    u.setHandler((_r, n) =>
      n % 2 === 1
        ? {
            kind: 'json',
            status: 429,
            body: { error: { message: 'slow down' } },
            headers: { 'retry-after': '0.3' },
          }
        : { kind: 'json', body: jsonFixture('chat-completion.json') },
    );
    const before = u.seen.length;
    const r = await post(g.gw.url, '/v1/chat/completions', chat('slow'));
    assert.equal(r.status, 200);
    const [first, second] = u.seen.slice(before);
    assert.ok(first && second);
    assert.ok(second.at - first.at >= 290, `waited ${second.at - first.at} ms`);
  });
});
