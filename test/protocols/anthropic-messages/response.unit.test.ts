import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeUsage } from '../../../src/meter/usage.js';
import { toMessagesResponse } from '../../../src/protocols/anthropic-messages/response.js';
import {
  fromAnthropicStopReason,
  toAnthropicStopReason,
} from '../../../src/protocols/anthropic-messages/stop-reason.js';
import type { ChatResponse, FinishReason } from '../../../src/protocols/canonical.js';

function response(message: ChatResponse['choices'][number]['message'], finish: FinishReason): ChatResponse {
  return {
    id: 'chatcmpl-AbC123',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message, finish_reason: finish }],
  };
}

describe('toMessagesResponse', () => {
  it('builds a text message with Anthropic usage (input excludes cache)', () => {
    const usage = makeUsage({ inputTokens: 1200, cacheReadTokens: 1000, outputTokens: 9 });
    const msg = toMessagesResponse(response({ role: 'assistant', content: 'Hello there' }, 'stop'), usage);
    assert.deepEqual(msg, {
      id: 'msg_AbC123',
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o-mini',
      content: [{ type: 'text', text: 'Hello there' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: 200,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 1000,
        output_tokens: 9,
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      },
    });
  });

  it('turns tool calls into tool_use blocks with parsed input', () => {
    const msg = toMessagesResponse(
      response(
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_9x',
              type: 'function',
              function: { name: 'lookup', arguments: '{"q":"margin","n":3}' },
            },
            { id: 'call.bad/id', type: 'function', function: { name: 'noop', arguments: '' } },
          ],
        },
        'tool_calls',
      ),
      makeUsage({ inputTokens: 10, outputTokens: 5 }),
    );
    assert.deepEqual(msg.content, [
      { type: 'tool_use', id: 'call_9x', name: 'lookup', input: { q: 'margin', n: 3 } },
      { type: 'tool_use', id: 'call_bad_id', name: 'noop', input: {} },
    ]);
    assert.equal(msg.stop_reason, 'tool_use');
  });

  it('maps a refusal to stop_reason refusal', () => {
    const msg = toMessagesResponse(
      response({ role: 'assistant', content: null, refusal: 'I cannot help.' }, 'stop'),
      makeUsage(),
    );
    assert.deepEqual(msg.content, [{ type: 'text', text: 'I cannot help.' }]);
    assert.equal(msg.stop_reason, 'refusal');
  });
});

describe('stop reasons', () => {
  it('maps Anthropic → canonical', () => {
    assert.equal(fromAnthropicStopReason('end_turn'), 'stop');
    assert.equal(fromAnthropicStopReason('stop_sequence'), 'stop');
    assert.equal(fromAnthropicStopReason('max_tokens'), 'length');
    assert.equal(fromAnthropicStopReason('model_context_window_exceeded'), 'length');
    assert.equal(fromAnthropicStopReason('tool_use'), 'tool_calls');
    assert.equal(fromAnthropicStopReason('refusal'), 'content_filter');
    assert.equal(fromAnthropicStopReason('pause_turn'), 'stop');
    assert.equal(fromAnthropicStopReason(null), null);
  });

  it('maps canonical → Anthropic', () => {
    assert.equal(toAnthropicStopReason('stop'), 'end_turn');
    assert.equal(toAnthropicStopReason('length'), 'max_tokens');
    assert.equal(toAnthropicStopReason('tool_calls'), 'tool_use');
    assert.equal(toAnthropicStopReason('content_filter'), 'refusal');
    assert.equal(toAnthropicStopReason(null), 'end_turn');
  });
});
