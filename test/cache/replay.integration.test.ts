import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { replayAnthropicStream, replayOpenAiStream } from '../../src/cache/replay.js';
import type { ChatResponse } from '../../src/protocols/canonical.js';
import { chatResponse } from './helpers.js';

let frames: string[] = [];
let server: Server;
let base = '';

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const f of frames) res.write(f);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

describe('replayOpenAiStream', () => {
  it('parses with the openai SDK and reassembles the cached answer with usage', async () => {
    const res = chatResponse(
      'A long cached answer that spans more than one sixty-four character piece of text, surely.',
    );
    frames = replayOpenAiStream(res, { includeUsage: true });
    assert.equal(frames.at(-1), 'data: [DONE]\n\n');
    const client = new OpenAI({ apiKey: 'x', baseURL: `${base}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'q' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null = null;
    let usage: unknown;
    for await (const c of stream) {
      text += c.choices[0]?.delta.content ?? '';
      finish = c.choices[0]?.finish_reason ?? finish;
      if (c.usage) usage = c.usage;
    }
    assert.equal(text, res.choices[0]?.message.content);
    assert.equal(finish, 'stop');
    assert.deepEqual(usage, res.usage);
  });

  it('omits the usage chunk when not asked and replays tool calls', async () => {
    const res: ChatResponse = {
      ...chatResponse(''),
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get', arguments: '{"a":1}' } }],
          },
          finish_reason: 'tool_calls',
        },
      ],
    };
    frames = replayOpenAiStream(res, { includeUsage: false });
    const client = new OpenAI({ apiKey: 'x', baseURL: `${base}/v1`, maxRetries: 0 });
    const runner = client.chat.completions.stream({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'q' }],
    });
    const final = await runner.finalChatCompletion();
    assert.equal(
      final.choices[0]?.message.tool_calls?.[0]?.type === 'function'
        ? final.choices[0].message.tool_calls[0].function.arguments
        : '',
      '{"a":1}',
    );
    assert.equal(final.choices[0]?.finish_reason, 'tool_calls');
    assert.equal(
      frames.some((f) => f.includes('"usage":{')),
      false,
    );
  });
});

describe('replayAnthropicStream', () => {
  it('parses with the Anthropic SDK into the same message', async () => {
    const msg = {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'text', text: 'Let me check that for you, it will only take a moment of your time.' },
        { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'x', n: 2 } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 20, output_tokens: 15 },
    };
    frames = replayAnthropicStream(msg);
    const client = new Anthropic({ apiKey: 'x', baseURL: base, maxRetries: 0 });
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'q' }],
    });
    const final = await stream.finalMessage();
    assert.deepEqual(final.content, msg.content);
    assert.equal(final.stop_reason, 'tool_use');
    assert.equal(final.usage.output_tokens, 15);
    assert.equal(final.usage.input_tokens, 20);
  });
});
