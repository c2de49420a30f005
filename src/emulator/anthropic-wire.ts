// Anthropic Messages wire format for the emulator (JSON and SSE: message_start, content_block_start, ping,
// content_block_delta…, content_block_stop, message_delta with cumulative usage, message_stop). Written here
// rather than shared with src/protocols so that the test double stays independent of the code it tests.
import type { Generation, StopReason } from './generate.js';
import { framesOf, JSON_HEADERS, type Reply, SSE_HEADERS, sse } from './reply.js';

export interface MessagesMeta {
  id: string;
  model: string;
  promptTokens: number;
  stream: boolean;
  omitUsage: boolean;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

const STOP: Record<StopReason, string> = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use' };

/** Anthropic usage: `input_tokens` excludes the cache reads and writes. */
function usage(meta: MessagesMeta, outputTokens: number) {
  return {
    input_tokens: meta.promptTokens - meta.cacheReadTokens - meta.cacheWriteTokens,
    cache_creation_input_tokens: meta.cacheWriteTokens,
    cache_read_input_tokens: meta.cacheReadTokens,
    output_tokens: outputTokens,
  };
}

/** Messages reply (JSON or SSE). */
export function messagesReply(meta: MessagesMeta, gen: Generation): Reply {
  const tc = gen.toolCall;
  const stop = STOP[gen.stop];
  if (!meta.stream) {
    const content = tc
      ? [
          {
            type: 'tool_use',
            id: `toolu_${tc.id}`,
            name: tc.name,
            input: JSON.parse(tc.arguments) as unknown,
          },
        ]
      : [{ type: 'text', text: gen.text }];
    const body: Record<string, unknown> = {
      id: meta.id,
      type: 'message',
      role: 'assistant',
      model: meta.model,
      content,
      stop_reason: stop,
      stop_sequence: null,
    };
    if (!meta.omitUsage) body.usage = usage(meta, gen.outputTokens);
    return {
      status: 200,
      headers: JSON_HEADERS,
      frames: [JSON.stringify(body)],
      stream: false,
      outputTokens: gen.outputTokens,
    };
  }
  const start = {
    type: 'message_start',
    message: {
      id: meta.id,
      type: 'message',
      role: 'assistant',
      model: meta.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: usage(meta, 1),
    },
  };
  const block = tc
    ? { type: 'tool_use', id: `toolu_${tc.id}`, name: tc.name, input: {} }
    : { type: 'text', text: '' };
  const preamble =
    sse(JSON.stringify(start), 'message_start') +
    sse(
      JSON.stringify({ type: 'content_block_start', index: 0, content_block: block }),
      'content_block_start',
    ) +
    sse('{"type":"ping"}', 'ping');
  const delta = (d: object) =>
    sse(`{"type":"content_block_delta","index":0,"delta":${JSON.stringify(d)}}`, 'content_block_delta');
  const perToken = tc
    ? tc.pieces.map((p) => delta({ type: 'input_json_delta', partial_json: p }))
    : gen.pieces.map((p) => delta({ type: 'text_delta', text: p }));
  const messageDelta: Record<string, unknown> = {
    type: 'message_delta',
    delta: { stop_reason: stop, stop_sequence: null },
  };
  if (!meta.omitUsage) messageDelta.usage = { output_tokens: gen.outputTokens };
  const epilogue =
    sse('{"type":"content_block_stop","index":0}', 'content_block_stop') +
    sse(JSON.stringify(messageDelta), 'message_delta') +
    sse('{"type":"message_stop"}', 'message_stop');
  return {
    status: 200,
    headers: SSE_HEADERS,
    frames: framesOf(preamble, perToken, epilogue),
    stream: true,
    outputTokens: gen.outputTokens,
  };
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'overloaded_error',
  529: 'overloaded_error',
};

/** Anthropic error body. */
export function anthropicError(status: number, message: string): Reply {
  const type = ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  const body = JSON.stringify({ type: 'error', error: { type, message } });
  return { status, headers: JSON_HEADERS, frames: [body], stream: false, outputTokens: 0 };
}
