// The official @anthropic-ai/sdk must parse what Margin writes on /v1/messages: a tiny node:http server
// serves toMessagesResponse / MessagesStreamEncoder output and the SDK is pointed at it.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { MarginError } from '../../../src/errors/index.js';
import { makeUsage, type Usage } from '../../../src/meter/usage.js';
import { toAnthropicErrorBody } from '../../../src/protocols/anthropic-messages/errors.js';
import { parseMessagesRequest } from '../../../src/protocols/anthropic-messages/request.js';
import { toMessagesResponse } from '../../../src/protocols/anthropic-messages/response.js';
import { MessagesStreamEncoder } from '../../../src/protocols/anthropic-messages/stream.js';
import type { ChatChunk, ChatRequest, ChunkDelta, FinishReason } from '../../../src/protocols/canonical.js';
import { AnthropicStreamDecoder } from '../../../src/providers/anthropic/stream.js';
import { fixtureEvents } from '../../fixtures/anthropic/read.js';

type Handler = (req: ChatRequest, res: ServerResponse) => void;

let server: Server;
let client: Anthropic;
let handler: Handler = () => {};
const seen: ChatRequest[] = [];

async function readBody(req: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const p of req) parts.push(p as Buffer);
  return JSON.parse(Buffer.concat(parts).toString('utf8'));
}

before(async () => {
  server = createServer((req, res) => {
    readBody(req)
      .then((body) => {
        const canonical = parseMessagesRequest(body); // what the SDK sends must validate
        seen.push(canonical);
        handler(canonical, res);
      })
      .catch((err: unknown) => {
        const e = err instanceof MarginError ? err : new MarginError('MARGIN_ERR_INTERNAL', String(err));
        res
          .writeHead(e.status, { 'content-type': 'application/json' })
          .end(JSON.stringify(toAnthropicErrorBody(e)));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new Anthropic({ baseURL: `http://127.0.0.1:${port}`, apiKey: 'x', maxRetries: 0 });
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const chunk = (delta: ChunkDelta, finish: FinishReason = null): ChatChunk => ({
  id: 'chatcmpl-sdk',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-4o',
  choices: [{ index: 0, delta, finish_reason: finish }],
});

/** Serves a canonical chunk sequence through the encoder, one write per chunk. */
function serveStream(chunks: ChatChunk[], usage: Usage, model = 'gpt-4o'): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const enc = new MessagesStreamEncoder(model);
    for (const c of chunks) res.write(enc.encode(c));
    res.end(enc.finish(usage));
  };
}

const params = {
  model: 'gpt-4o',
  max_tokens: 100,
  messages: [{ role: 'user' as const, content: 'What is the weather in Oslo?' }],
};

describe('@anthropic-ai/sdk against Margin output', () => {
  it('messages.create parses toMessagesResponse', async () => {
    handler = (req, res) => {
      const body = toMessagesResponse(
        {
          id: 'chatcmpl-xyz',
          object: 'chat.completion',
          created: 1,
          model: req.model,
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: 'Checking.',
                tool_calls: [
                  {
                    id: 'call_1',
                    type: 'function',
                    function: { name: 'weather', arguments: '{"city":"Oslo"}' },
                  },
                ],
              },
              finish_reason: 'tool_calls',
            },
          ],
        },
        makeUsage({ inputTokens: 40, cacheReadTokens: 30, cacheWrite1hTokens: 4, outputTokens: 12 }),
      );
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const msg = await client.messages.create(params);
    assert.equal(msg.type, 'message');
    assert.equal(msg.id, 'msg_xyz');
    assert.equal(msg.stop_reason, 'tool_use');
    assert.deepEqual(msg.content, [
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'call_1', name: 'weather', input: { city: 'Oslo' } },
    ]);
    assert.equal(msg.usage.input_tokens, 6);
    assert.equal(msg.usage.cache_read_input_tokens, 30);
    assert.equal(msg.usage.cache_creation_input_tokens, 4);
    assert.equal(msg.usage.output_tokens, 12);
    assert.equal(seen.at(-1)?.messages[0]?.content, 'What is the weather in Oslo?');
  });

  it('messages.stream().finalMessage() assembles text and tool calls from the encoder', async () => {
    handler = serveStream(
      [
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: 'Let me ' }),
        chunk({ content: 'check.' }),
        chunk({
          tool_calls: [
            { index: 0, id: 'call_w', type: 'function', function: { name: 'weather', arguments: '' } },
          ],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city": "Os' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: 'lo", "days": 2}' } }] }),
        chunk({}, 'tool_calls'),
      ],
      makeUsage({ inputTokens: 55, cacheReadTokens: 50, outputTokens: 21 }),
    );
    const stream = client.messages.stream(params);
    const texts: string[] = [];
    stream.on('text', (t) => texts.push(t));
    const msg = await stream.finalMessage();
    assert.deepEqual(texts, ['Let me ', 'check.']);
    assert.deepEqual(msg.content, [
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'call_w', name: 'weather', input: { city: 'Oslo', days: 2 } },
    ]);
    assert.equal(msg.stop_reason, 'tool_use');
    assert.equal(msg.usage.input_tokens, 5);
    assert.equal(msg.usage.cache_read_input_tokens, 50);
    assert.equal(msg.usage.output_tokens, 21);
  });

  it('messages.create({stream: true}) yields the raw event sequence', async () => {
    handler = serveStream(
      [chunk({ content: 'Hi' }), chunk({}, 'length')],
      makeUsage({ inputTokens: 3, outputTokens: 1 }),
    );
    const types: string[] = [];
    const stream = await client.messages.create({ ...params, stream: true });
    for await (const ev of stream) types.push(ev.type);
    assert.deepEqual(types, [
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    assert.equal(seen.at(-1)?.stream, true);
  });

  it('round trip: Anthropic SSE → canonical chunks → encoder → SDK keeps content and usage', async () => {
    const decoder = new AnthropicStreamDecoder('claude-sonnet-4-5');
    const chunks = fixtureEvents('anthropic/stream-tool-use.sse').flatMap((ev) => decoder.push(ev));
    assert.equal(decoder.done, true);
    handler = serveStream(chunks, decoder.usage()!, 'claude-sonnet-4-5');
    const msg = await client.messages.stream(params).finalMessage();
    assert.deepEqual(msg.content, [
      { type: 'text', text: "Okay, let's check the weather for San Francisco, CA:" },
      {
        type: 'tool_use',
        id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
        name: 'get_weather',
        input: { location: 'San Francisco, CA', unit: 'fahrenheit' },
      },
      {
        type: 'tool_use',
        id: 'toolu_02Time8sP1kJd',
        name: 'get_time',
        input: { timezone: 'America/Los_Angeles' },
      },
    ]);
    assert.equal(msg.stop_reason, 'tool_use');
    assert.equal(msg.usage.input_tokens, 472);
    assert.equal(msg.usage.output_tokens, 89);
  });

  it('error bodies become the SDK error classes', async () => {
    handler = (_req, res) => {
      const err = new MarginError('MARGIN_ERR_RATE_LIMITED', 'Too many requests', { retryAfterS: 1 });
      res
        .writeHead(err.status, { 'content-type': 'application/json' })
        .end(JSON.stringify(toAnthropicErrorBody(err)));
    };
    await assert.rejects(client.messages.create(params), (e: unknown) => {
      assert.ok(e instanceof Anthropic.RateLimitError, String(e));
      assert.equal(e.status, 429);
      assert.equal((e.error as { error?: { type?: string } }).error?.type, 'rate_limit_error');
      return true;
    });
    // Bad input from the client is rejected by parseMessagesRequest with a 400 naming the field.
    await assert.rejects(client.messages.create({ ...params, max_tokens: 0 }), (e: unknown) => {
      assert.ok(e instanceof Anthropic.BadRequestError, String(e));
      assert.match(e.message, /max_tokens/);
      return true;
    });
  });
});
