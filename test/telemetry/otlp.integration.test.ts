// OTLP export end to end: a gateway with telemetry.otlp pointed at a tiny OTLP/HTTP receiver (JSON
// encoding, port 0) sends one span per request with the GenAI semantic-convention attributes and Margin's
// cost/energy/CO2e ones, and the GenAI token-usage metric; without the setting nothing is sent.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { otlpSettings, parseOtlpHeaders } from '../../src/telemetry/index.js';
import { type FakeUpstream, startFakeUpstream } from '../gateway/helpers/fake-upstream.js';
import { testGateway } from '../gateway/helpers/gateway.js';
import { jsonFixture } from '../gateway/helpers/paths.js';

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

type OtlpValue = {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
};
type OtlpAttr = { key: string; value: OtlpValue };

/** Attributes of an OTLP JSON span as a plain object. */
function attrs(list: OtlpAttr[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of list ?? []) {
    if (value.stringValue !== undefined) out[key] = value.stringValue;
    else if (value.intValue !== undefined) out[key] = Number(value.intValue);
    else if (value.doubleValue !== undefined) out[key] = value.doubleValue;
    else if (value.boolValue !== undefined) out[key] = value.boolValue;
  }
  return out;
}

let receiver: Server;
let endpoint: string;
const received: Received[] = [];
let fake: FakeUpstream;

before(async () => {
  receiver = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      let raw = Buffer.concat(parts);
      if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
      received.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(raw.toString('utf8')) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  fake = await startFakeUpstream(() => ({ kind: 'json', body: jsonFixture('chat-completion.json') }));
});
after(async () => {
  await fake.close();
  await new Promise((r) => receiver.close(r));
});

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';

interface OtlpSpan {
  name: string;
  traceId: string;
  parentSpanId?: string;
  attributes: OtlpAttr[];
  status?: { code?: number };
  resource: Record<string, string | number | boolean>;
}

const spansOf = (r: Received[]): OtlpSpan[] =>
  r
    .filter((x) => x.path === '/v1/traces')
    .flatMap(
      (x) =>
        (x.body.resourceSpans as Array<{
          resource: { attributes: OtlpAttr[] };
          scopeSpans: Array<{ spans: Array<Omit<OtlpSpan, 'resource'>> }>;
        }>) ?? [],
    )
    .flatMap((rs) =>
      rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({ ...s, resource: attrs(rs.resource.attributes) }))),
    );

describe('OpenTelemetry export', () => {
  it('sends one span per request with gen_ai.* and margin.* attributes, and the token-usage metric', async () => {
    received.length = 0;
    const t = await testGateway(fake.url, {
      telemetry: { otlp: { endpoint, headers: { 'x-otlp-token': 'abc' }, serviceName: 'margin-test' } },
    });
    const r = await fetch(`${t.gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` },
      body: JSON.stringify({
        model: 'gpt-4o',
        max_tokens: 50,
        temperature: 0.2,
        messages: [{ role: 'user', content: 'Describe the picture in one sentence.' }],
      }),
    });
    assert.equal(r.status, 200);
    await r.text();
    const id = r.headers.get('x-margin-request-id');
    const bad = await fetch(`${t.gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model":"gpt-4o"}',
    });
    assert.equal(bad.status, 400);
    await t.gw.close(); // flushes the batch span processor and the metric reader

    const spans = spansOf(received);
    assert.equal(spans.length, 2, JSON.stringify(received.map((x) => x.path)));
    const ok = spans.find((s) => attrs(s.attributes)['margin.request.id'] === id);
    assert.ok(ok, 'the span of the successful request');
    const a = attrs(ok.attributes);
    assert.equal(ok.name, 'chat gpt-4o');
    assert.equal(ok.traceId, TRACE_ID, "the caller's traceparent makes it a child of the caller's span");
    assert.equal(ok.parentSpanId, PARENT_ID);
    assert.equal(ok.resource['service.name'], 'margin-test');
    assert.equal(a['gen_ai.operation.name'], 'chat');
    assert.equal(a['gen_ai.provider.name'], 'openai-compatible');
    assert.equal(a['gen_ai.request.model'], 'gpt-4o');
    assert.equal(typeof a['gen_ai.response.model'], 'string');
    assert.equal(a['gen_ai.request.max_tokens'], 50);
    assert.equal(a['gen_ai.request.temperature'], 0.2);
    const usage = (
      jsonFixture('chat-completion.json') as { usage: { prompt_tokens: number; completion_tokens: number } }
    ).usage;
    assert.equal(a['gen_ai.usage.input_tokens'], usage.prompt_tokens);
    assert.equal(a['gen_ai.usage.output_tokens'], usage.completion_tokens);
    assert.equal(a['http.response.status_code'], 200);
    assert.ok(Number(a['margin.cost.usd']) > 0, `margin.cost.usd ${a['margin.cost.usd']}`);
    assert.ok(Number(a['margin.energy.wh']) > 0);
    assert.ok(Number(a['margin.co2e.g']) > 0);
    assert.equal(a['margin.cache'], 'miss');

    const failed = spans.find((s) => s !== ok);
    assert.equal(attrs(failed?.attributes)['error.type'], 'MARGIN_ERR_BAD_REQUEST');
    assert.equal(failed?.status?.code, 2); // STATUS_CODE_ERROR

    const traces = received.find((x) => x.path === '/v1/traces');
    assert.equal(traces?.headers['x-otlp-token'], 'abc');
    const metricNames = received
      .filter((x) => x.path === '/v1/metrics')
      .flatMap((x) => JSON.stringify(x.body).match(/"name":"[^"]+"/g) ?? []);
    assert.ok(metricNames.includes('"name":"gen_ai.client.token.usage"'), metricNames.join(' '));
    assert.ok(metricNames.includes('"name":"gen_ai.client.operation.duration"'));
    assert.ok(metricNames.includes('"name":"margin.cost"'));
  });

  it('is off without an endpoint: nothing is sent', async () => {
    received.length = 0;
    const t = await testGateway(fake.url);
    const r = await fetch(`${t.gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }),
    });
    await r.text();
    await t.gw.close();
    assert.equal(received.length, 0);
  });

  it('the gateway reaches the OTel packages only through the lazily imported otlp module', () => {
    const dist = fileURLToPath(new URL('../../src/', import.meta.url));
    const importers = readdirSync(dist, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.js'))
      .filter((f) => /from '@opentelemetry\//.test(readFileSync(join(dist, f), 'utf8')));
    assert.deepEqual(importers, [join('telemetry', 'otlp.js')]);
    assert.match(readFileSync(join(dist, 'telemetry', 'index.js'), 'utf8'), /await import\('\.\/otlp\.js'\)/);
  });

  it('reads the standard OTEL_* variables when the config has no endpoint', () => {
    assert.equal(otlpSettings({}, {}), undefined);
    const s = otlpSettings(
      {},
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
        OTEL_EXPORTER_OTLP_HEADERS: 'api-key=s%3Dcret,x-b=2',
        OTEL_SERVICE_NAME: 'gw',
      },
    );
    assert.deepEqual(s, {
      endpoint: 'http://collector:4318',
      headers: { 'api-key': 's=cret', 'x-b': '2' },
      serviceName: 'gw',
      metricsIntervalMs: 60_000,
    });
    assert.equal(
      otlpSettings({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }),
      undefined,
    );
    assert.deepEqual(parseOtlpHeaders('a=1, b = 2 ,bad'), { a: '1', b: '2' });
  });
});
