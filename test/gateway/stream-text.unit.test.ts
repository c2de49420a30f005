import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeferredText, mayCarryUsage } from '../../src/gateway/stream-text.js';
import { collectChunkText } from '../../src/protocols/openai-chat/stream.js';
import { SseParser } from '../../src/protocols/sse.js';
import { OpenAIStreamDecoder } from '../../src/providers/openai-compatible/stream.js';

describe('mayCarryUsage', () => {
  it('skips chunks without usage or with usage null', () => {
    assert.equal(mayCarryUsage('{"choices":[{"delta":{"content":"hi"}}]}'), false);
    assert.equal(mayCarryUsage('{"choices":[],"usage":null}'), false);
    assert.equal(mayCarryUsage('{"choices":[], "usage" :  null }'), false);
    assert.equal(mayCarryUsage('{"choices":[{"delta":{"content":"say \\"usage\\": 5"}}]}'), false);
    assert.equal(mayCarryUsage('{"role":"usage"}'), false);
  });
  it('flags any non-null usage value', () => {
    assert.equal(mayCarryUsage('{"choices":[],"usage":{"prompt_tokens":3}}'), true);
    assert.equal(mayCarryUsage('{"usage" : {"prompt_tokens":3}}'), true);
    assert.equal(mayCarryUsage('{"usage":null,"x":{"usage":5}}'), true);
    assert.equal(mayCarryUsage('{"usage":'), true);
  });
});

describe('DeferredText', () => {
  it('yields exactly the text the live decoder collects, across folds', () => {
    const parts: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const delta =
        i % 7 === 0
          ? {
              tool_calls: [
                { index: 0, function: { name: i === 0 ? 'f' : undefined, arguments: `{"a":${i}}` } },
              ],
            }
          : { content: `tok${i} "q" é\n` };
      parts.push(
        `data: ${JSON.stringify({ id: 'c', model: 'm', choices: [{ index: 0, delta }], usage: null })}\n\n`,
      );
    }
    parts.push('data: not json\n\n', 'data: [DONE]\n\n');
    const events = new SseParser().push(parts.join(''));
    const live = new OpenAIStreamDecoder();
    const expected: string[] = [];
    const deferred = new DeferredText(new OpenAIStreamDecoder());
    for (const ev of events) {
      collectChunkText(live.push(ev), expected);
      deferred.add(ev);
    }
    assert.ok(events.reduce((n, ev) => n + ev.data.length, 0) > 2 * 64 * 1024); // folds at least twice
    assert.equal(deferred.join(), expected.join(''));
    assert.equal(deferred.join(), expected.join(''));
  });
});
