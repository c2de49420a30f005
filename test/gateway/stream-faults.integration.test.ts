// Upstream stream faults: a malformed SSE event ends the client's stream with a clean error event in its
// protocol and is recorded as an error in the ledger; an Anthropic stream whose message_delta carries no
// usage is recorded with counted (`estimated`) output tokens, not message_start's placeholder of 1.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type FakeUpstream, type Reply, startFakeUpstream } from './helpers/fake-upstream.js';
import { type TestGateway, testGateway } from './helpers/gateway.js';
import { until } from './helpers/memory-ledger.js';

let reply: Reply;
let fake: FakeUpstream;
let t: TestGateway;

before(async () => {
  fake = await startFakeUpstream(() => reply);
  const origin = fake.url.replace(/\/v1$/, '');
  t = await testGateway(fake.url, {
    models: [
      { name: 'claude-sonnet-4-5', provider: 'anthropic', baseUrl: origin },
      { name: '*', provider: 'openai-compatible', baseUrl: fake.url },
    ],
  });
});
after(async () => {
  await t.gw.close();
  await fake.close();
});

const chunk = (content: string, extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o-2024-08-06',
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
    ...extra,
  })}\n\n`;

const openaiStream = (bad: string) => [
  chunk('Hello'),
  chunk(' there'),
  bad,
  chunk(' never sent'),
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [], usage: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 } })}\n\n`,
  'data: [DONE]\n\n',
];

async function stream(path: string, body: Record<string, unknown>) {
  const r = await fetch(t.gw.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, stream: true }),
  });
  const text = await r.text();
  const id = r.headers.get('x-margin-request-id');
  await until(() => t.ledger.byId(id) !== undefined, 'ledger record');
  const rec = t.ledger.byId(id);
  assert.ok(rec);
  return { status: r.status, text, rec };
}

const ask = { messages: [{ role: 'user', content: 'Say hello.' }] };

describe('a malformed upstream SSE event', () => {
  for (const [what, bad] of [
    ['cut JSON', 'data: {"id":"chatcmpl-1","choices":[{"index":0,"delta":{"content":"hel\n\n'],
    ['garbage', 'data: <html>502 Bad Gateway</html>\n\n'],
  ] as const) {
    it(`(${what}) on native OpenAI pass-through: the client gets an error event, the ledger an error`, async () => {
      reply = { kind: 'sse', events: openaiStream(bad) };
      const r = await stream('/v1/chat/completions', { model: 'gpt-4o', ...ask });
      assert.equal(r.status, 200);
      assert.match(r.text, /Hello/);
      assert.match(r.text, /data: \{"error":\{[^\n]*"code":"upstream_bad_response"/);
      assert.ok(!r.text.includes('never sent'), 'nothing after the malformed event');
      assert.ok(!r.text.includes('[DONE]'), 'no [DONE]: the stream did not complete');
      assert.ok(!r.text.includes('<html>'), 'the garbage is not forwarded');
      assert.equal(r.rec.errorCode, 'MARGIN_ERR_UPSTREAM_BAD_RESPONSE');
      assert.equal(r.rec.usage.source, 'estimated');
    });
  }

  it('translated for an Anthropic client: an `event: error` in its vocabulary', async () => {
    reply = { kind: 'sse', events: openaiStream('data: {"choices":[{"delta":\n\n') };
    const r = await stream('/v1/messages', { model: 'gpt-4o', max_tokens: 50, ...ask });
    assert.match(r.text, /event: error\ndata: \{"type":"error","error":\{"type":"api_error"/);
    assert.ok(!r.text.includes('message_stop'));
    assert.equal(r.rec.errorCode, 'MARGIN_ERR_UPSTREAM_BAD_RESPONSE');
  });

  it('an Anthropic upstream error event mid-stream ends the stream the same way', async () => {
    reply = {
      kind: 'sse',
      events: [
        'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","usage":{"input_tokens":12,"output_tokens":1}}}\n\n',
        'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
      ],
    };
    const r = await stream('/v1/chat/completions', { model: 'claude-sonnet-4-5', ...ask });
    assert.match(r.text, /data: \{"error":\{[^\n]*Overloaded/);
    assert.equal(r.rec.errorCode, 'MARGIN_ERR_UPSTREAM_BAD_RESPONSE');
  });
});

describe('an Anthropic stream without usage in message_delta', () => {
  const text = 'Hello there! Here is a considerably longer answer, so that counting it gives many tokens.';
  const events = (deltaUsage: string) => [
    'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","usage":{"input_tokens":21,"output_tokens":1}}}\n\n',
    'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
    `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })}\n\n`,
    'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
    `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"}${deltaUsage}}\n\n`,
    'event: message_stop\ndata: {"type":"message_stop"}\n\n',
  ];

  for (const path of ['/v1/messages', '/v1/chat/completions']) {
    it(`is recorded as estimated (counted output, reported input) on ${path}`, async () => {
      reply = { kind: 'sse', events: events('') };
      const r = await stream(path, { model: 'claude-sonnet-4-5', max_tokens: 100, ...ask });
      assert.equal(r.rec.errorCode, null, r.text);
      assert.equal(r.rec.usage.source, 'estimated');
      assert.equal(r.rec.usage.inputTokens, 21);
      assert.ok(r.rec.usage.outputTokens > 10, `output ${r.rec.usage.outputTokens}`);
    });
  }

  it('with usage in message_delta the reported numbers stand', async () => {
    reply = { kind: 'sse', events: events(',"usage":{"output_tokens":17}') };
    const r = await stream('/v1/messages', { model: 'claude-sonnet-4-5', max_tokens: 100, ...ask });
    assert.equal(r.rec.usage.source, 'reported');
    assert.equal(r.rec.usage.outputTokens, 17);
    assert.equal(r.rec.usage.inputTokens, 21);
  });
});
