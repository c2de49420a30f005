import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeUsage } from '../../../src/meter/usage.js';
import { MessagesStreamEncoder } from '../../../src/protocols/anthropic-messages/stream.js';
import type { ChatChunk, ChunkDelta, FinishReason } from '../../../src/protocols/canonical.js';
import { SseParser } from '../../../src/protocols/sse.js';

const chunk = (delta: ChunkDelta, finish: FinishReason = null): ChatChunk => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-4o',
  choices: [{ index: 0, delta, finish_reason: finish }],
});

/** Encodes chunks and returns the parsed events as [event name, data]. */
function encode(
  chunks: ChatChunk[],
  finishReason?: FinishReason,
): Array<[string | undefined, Record<string, unknown>]> {
  const enc = new MessagesStreamEncoder('gpt-4o', 'msg_test1');
  let text = '';
  for (const c of chunks) text += enc.encode(c);
  text += enc.finish(makeUsage({ inputTokens: 30, cacheReadTokens: 20, outputTokens: 7 }), finishReason);
  assert.equal(enc.finish(makeUsage()), '', 'finish is idempotent');
  return new SseParser().push(text).map((e) => [e.event, JSON.parse(e.data) as Record<string, unknown>]);
}

describe('MessagesStreamEncoder', () => {
  it('emits the documented event sequence for text', () => {
    const events = encode([
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Hel' }),
      chunk({ content: 'lo' }),
      chunk({}, 'stop'),
      { ...chunk({}), choices: [], usage: { prompt_tokens: 30, completion_tokens: 7, total_tokens: 37 } },
    ]);
    assert.deepEqual(
      events.map(([name]) => name),
      [
        'message_start',
        'ping',
        'content_block_start',
        'content_block_delta',
        'content_block_delta',
        'content_block_stop',
        'message_delta',
        'message_stop',
      ],
    );
    for (const [name, data] of events) assert.equal(data['type'], name, 'event name equals data.type');
    const start = events[0]![1]['message'] as Record<string, unknown>;
    assert.equal(start['id'], 'msg_test1');
    assert.equal(start['model'], 'gpt-4o');
    assert.deepEqual(start['content'], []);
    assert.deepEqual(events[2]![1], {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    });
    assert.deepEqual(events[3]![1]['delta'], { type: 'text_delta', text: 'Hel' });
    assert.deepEqual(events[6]![1], {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: {
        input_tokens: 10,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 20,
        output_tokens: 7,
      },
    });
  });

  it('streams tool calls as tool_use blocks with input_json_delta', () => {
    const events = encode([
      chunk({ role: 'assistant', content: null }),
      chunk({ content: 'Let me check.' }),
      chunk({
        tool_calls: [
          { index: 0, id: 'call_a', type: 'function', function: { name: 'weather', arguments: '' } },
        ],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] }),
      chunk({
        tool_calls: [
          { index: 1, id: 'call_b', type: 'function', function: { name: 'time', arguments: '{}' } },
        ],
      }),
      chunk({}, 'tool_calls'),
    ]);
    const blocks = events.filter(([n]) => n?.startsWith('content_block')).map(([, d]) => d);
    assert.deepEqual(blocks, [
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Let me check.' } },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'tool_use', id: 'call_a', name: 'weather', input: {} },
      },
      {
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: '{"city":' },
      },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '"Oslo"}' } },
      { type: 'content_block_stop', index: 1 },
      {
        type: 'content_block_start',
        index: 2,
        content_block: { type: 'tool_use', id: 'call_b', name: 'time', input: {} },
      },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{}' } },
      { type: 'content_block_stop', index: 2 },
    ]);
    const delta = events.find(([n]) => n === 'message_delta')![1]['delta'] as Record<string, unknown>;
    assert.equal(delta['stop_reason'], 'tool_use');
  });

  it('produces a complete, empty message when nothing was generated, and honours an explicit finish reason', () => {
    const events = encode([], 'length');
    assert.deepEqual(
      events.map(([n]) => n),
      ['message_start', 'ping', 'message_delta', 'message_stop'],
    );
    assert.equal((events[2]![1]['delta'] as Record<string, unknown>)['stop_reason'], 'max_tokens');
  });
});
