import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMarginError } from '../../../src/errors/index.js';
import { makeUsage } from '../../../src/meter/usage.js';
import type { ChatChunk } from '../../../src/protocols/canonical.js';
import { toOpenAIErrorBody } from '../../../src/protocols/openai-chat/errors.js';
import { parseChatRequest } from '../../../src/protocols/openai-chat/request.js';
import { ChatStreamEncoder, ChatStreamPassthrough } from '../../../src/protocols/openai-chat/stream.js';
import { usageFromOpenAI } from '../../../src/protocols/openai-chat/usage.js';
import { SseParser } from '../../../src/protocols/sse.js';
import { OpenAIStreamDecoder } from '../../../src/providers/openai-compatible/stream.js';
import { fixture } from '../../gateway/helpers/paths.js';

function badParam(body: unknown): string | undefined {
  try {
    parseChatRequest(body);
  } catch (err) {
    assert.ok(isMarginError(err));
    assert.equal(err.status, 400);
    return err.param ?? err.message;
  }
  assert.fail('expected a 400');
}

describe('openai-chat request', () => {
  it('accepts a valid request and keeps unknown fields', () => {
    const r = parseChatRequest({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], foo: 1 });
    assert.equal(r.model, 'gpt-4o');
    assert.equal(r.foo, 1);
  });
  it('names the bad field', () => {
    assert.equal(badParam({ messages: [{ role: 'user', content: 'x' }] }), 'model');
    assert.equal(badParam({ model: 'm', messages: [] }), 'messages');
    assert.equal(badParam({ model: 'm', messages: [{ role: 'robot', content: 'x' }] }), 'messages[0].role');
    assert.equal(
      badParam({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: 'yes' }),
      'stream',
    );
    assert.match(badParam([1, 2]) ?? '', /JSON object/);
  });
  it('error bodies have the OpenAI shape', () => {
    let body: unknown;
    try {
      parseChatRequest({ model: 'm', messages: [] });
    } catch (err) {
      if (isMarginError(err)) body = toOpenAIErrorBody(err);
    }
    assert.deepEqual(Object.keys((body as { error: object }).error).sort(), [
      'code',
      'message',
      'param',
      'type',
    ]);
  });
});

describe('openai-chat usage', () => {
  it('clamps inconsistent reports instead of failing the meter', () => {
    const u = usageFromOpenAI({
      prompt_tokens: 5,
      completion_tokens: 2,
      prompt_tokens_details: { cached_tokens: 9 },
    });
    assert.equal(u?.cacheReadTokens, 5);
    assert.equal(usageFromOpenAI(null), undefined);
  });
});

describe('openai-chat stream', () => {
  const events = new SseParser().push(fixture('chat-stream.sse'));
  const run = (includeUsage: boolean) => {
    const d = new OpenAIStreamDecoder();
    const f = new ChatStreamPassthrough(includeUsage);
    const out = events.map((ev) => f.event(ev, d.push(ev))).join('');
    return { out, sawDone: f.sawDone };
  };
  it('pass-through drops the usage chunk the client did not ask for, holds [DONE]', () => {
    const { out, sawDone } = run(false);
    assert.equal(out.includes('"prompt_tokens"'), false);
    assert.equal(out.includes('[DONE]'), false);
    assert.equal(sawDone, true);
    assert.equal(out.includes('How can I assist you today?'), true);
  });
  it('pass-through keeps the usage chunk when asked', () => {
    assert.equal(run(true).out.includes('"prompt_tokens":19'), true);
  });
  it('encoder writes chunks and a final usage chunk only when asked', () => {
    const chunk: ChatChunk = {
      id: 'x',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'm',
      choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: null }],
    };
    const enc = new ChatStreamEncoder(true);
    assert.match(enc.encode(chunk), /^data: \{.*"content":"hi"/);
    const fin = enc.finish(makeUsage({ inputTokens: 3, outputTokens: 1 }));
    assert.match(fin, /"choices":\[\],"usage":\{"prompt_tokens":3/);
    assert.equal(new ChatStreamEncoder(false).finish(makeUsage()), '');
  });
});
