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

/** A thinking signature (opaque to clients; Anthropic's are base64). */
const signatureOf = (id: string): string => Buffer.from(`margin-emulator:${id}`).toString('base64');

/** Content blocks of a reply: thinking first, then text or tool_use blocks. */
function contentOf(meta: MessagesMeta, gen: Generation): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  if (gen.reasoning)
    out.push({ type: 'thinking', thinking: gen.reasoning.text, signature: signatureOf(meta.id) });
  for (const tc of gen.toolCalls)
    out.push({
      type: 'tool_use',
      id: `toolu_${tc.id}`,
      name: tc.name,
      input: JSON.parse(tc.arguments) as unknown,
    });
  if (gen.toolCalls.length === 0) out.push({ type: 'text', text: gen.text });
  return out;
}

const stopReason = (gen: Generation): string =>
  gen.stopSequence !== undefined ? 'stop_sequence' : STOP[gen.stop];

/** Messages reply (JSON or SSE). */
export function messagesReply(meta: MessagesMeta, gen: Generation): Reply {
  const stop = stopReason(gen);
  const stopSequence = gen.stopSequence ?? null;
  if (!meta.stream) {
    const body: Record<string, unknown> = {
      id: meta.id,
      type: 'message',
      role: 'assistant',
      model: meta.model,
      content: contentOf(meta, gen),
      stop_reason: stop,
      stop_sequence: stopSequence,
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
  const blockStart = (index: number, block: object) =>
    sse(JSON.stringify({ type: 'content_block_start', index, content_block: block }), 'content_block_start');
  const blockStop = (index: number) =>
    sse(`{"type":"content_block_stop","index":${index}}`, 'content_block_stop');
  const delta = (index: number, d: object) =>
    sse(
      `{"type":"content_block_delta","index":${index},"delta":${JSON.stringify(d)}}`,
      'content_block_delta',
    );
  // Events per output token; block starts and stops ride with the token next to them.
  const perToken: string[] = [];
  let index = 0;
  const block = (open: object, pieces: string[], d: (p: string) => object, close = '') => {
    const i = index++;
    const events = pieces.map((p) => delta(i, d(p)));
    if (events.length === 0) events.push('');
    events[0] = blockStart(i, open) + events[0];
    events[events.length - 1] += close + blockStop(i);
    perToken.push(...events);
  };
  if (gen.reasoning) {
    block(
      { type: 'thinking', thinking: '', signature: '' },
      gen.reasoning.pieces,
      (p) => ({ type: 'thinking_delta', thinking: p }),
      delta(index, { type: 'signature_delta', signature: signatureOf(meta.id) }),
    );
  }
  for (const tc of gen.toolCalls) {
    block({ type: 'tool_use', id: `toolu_${tc.id}`, name: tc.name, input: {} }, tc.pieces, (p) => ({
      type: 'input_json_delta',
      partial_json: p,
    }));
  }
  if (gen.toolCalls.length === 0)
    block({ type: 'text', text: '' }, gen.pieces, (p) => ({ type: 'text_delta', text: p }));
  const preamble = sse(JSON.stringify(start), 'message_start') + sse('{"type":"ping"}', 'ping');
  const messageDelta: Record<string, unknown> = {
    type: 'message_delta',
    delta: { stop_reason: stop, stop_sequence: stopSequence },
  };
  if (!meta.omitUsage) messageDelta.usage = { output_tokens: gen.outputTokens };
  const epilogue =
    sse(JSON.stringify(messageDelta), 'message_delta') + sse('{"type":"message_stop"}', 'message_stop');
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
