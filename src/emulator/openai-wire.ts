// OpenAI wire format for the emulator: chat completions and legacy completions, as JSON bodies and as SSE
// streams (role chunk, content chunks, finish chunk, the usage chunk only when asked, then [DONE]).
import type { Generation } from './generate.js';
import { framesOf, JSON_HEADERS, type Reply, SSE_HEADERS, sse } from './reply.js';

export interface ReplyMeta {
  id: string;
  created: number;
  model: string;
  promptTokens: number;
  stream: boolean;
  includeUsage: boolean;
  omitUsage: boolean;
  /** Prompt tokens read from the (emulated) prompt cache. */
  cachedTokens: number;
}

const FINGERPRINT = 'fp_margin_emu';

function usageOf(meta: ReplyMeta, gen: Generation) {
  return {
    prompt_tokens: meta.promptTokens,
    completion_tokens: gen.outputTokens,
    total_tokens: meta.promptTokens + gen.outputTokens,
    prompt_tokens_details: { cached_tokens: meta.cachedTokens },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}

/** Chat completion reply (JSON or SSE). */
export function chatReply(meta: ReplyMeta, gen: Generation): Reply {
  const tc = gen.toolCall;
  if (!meta.stream) {
    const message = tc
      ? {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: `call_${tc.id}`, type: 'function', function: { name: tc.name, arguments: tc.arguments } },
          ],
          refusal: null,
        }
      : { role: 'assistant', content: gen.text, refusal: null };
    const body: Record<string, unknown> = {
      id: meta.id,
      object: 'chat.completion',
      created: meta.created,
      model: meta.model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: gen.stop }],
      system_fingerprint: FINGERPRINT,
    };
    if (!meta.omitUsage) body.usage = usageOf(meta, gen);
    return {
      status: 200,
      headers: JSON_HEADERS,
      frames: [JSON.stringify(body)],
      stream: false,
      outputTokens: gen.outputTokens,
    };
  }
  const withUsage = meta.includeUsage && !meta.omitUsage;
  // Every chunk carries `usage: null` when usage was requested, as OpenAI does.
  const tail = withUsage ? ',"usage":null}' : '}';
  const head = `{"id":${JSON.stringify(meta.id)},"object":"chat.completion.chunk","created":${meta.created},"model":${JSON.stringify(meta.model)},"system_fingerprint":"${FINGERPRINT}","choices":[{"index":0,"delta":`;
  const chunk = (delta: string, finish = 'null') =>
    sse(`${head}${delta},"logprobs":null,"finish_reason":${finish}}]${tail}`);
  let preamble: string;
  let perToken: string[];
  if (tc) {
    preamble = chunk(
      `{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_${tc.id}","type":"function","function":{"name":${JSON.stringify(tc.name)},"arguments":""}}]}`,
    );
    perToken = tc.pieces.map((p) =>
      chunk(`{"tool_calls":[{"index":0,"function":{"arguments":${JSON.stringify(p)}}}]}`),
    );
  } else {
    preamble = chunk('{"role":"assistant","content":"","refusal":null}');
    perToken = gen.pieces.map((p) => chunk(`{"content":${JSON.stringify(p)}}`));
  }
  let epilogue = chunk('{}', `"${gen.stop}"`);
  if (withUsage) {
    const usage = JSON.stringify(usageOf(meta, gen));
    epilogue += sse(`${head.slice(0, head.indexOf('"choices"'))}"choices":[],"usage":${usage}}`);
  }
  epilogue += 'data: [DONE]\n\n';
  return {
    status: 200,
    headers: SSE_HEADERS,
    frames: framesOf(preamble, perToken, epilogue),
    stream: true,
    outputTokens: gen.outputTokens,
  };
}

/** Legacy text completion reply (JSON or SSE). */
export function completionReply(meta: ReplyMeta, gen: Generation): Reply {
  const base = { id: meta.id, object: 'text_completion', created: meta.created, model: meta.model };
  if (!meta.stream) {
    const body: Record<string, unknown> = {
      ...base,
      choices: [{ text: gen.text, index: 0, logprobs: null, finish_reason: gen.stop }],
    };
    if (!meta.omitUsage) body.usage = usageOf(meta, gen);
    return {
      status: 200,
      headers: JSON_HEADERS,
      frames: [JSON.stringify(body)],
      stream: false,
      outputTokens: gen.outputTokens,
    };
  }
  const withUsage = meta.includeUsage && !meta.omitUsage;
  const chunk = (text: string, finish: string | null) =>
    sse(
      JSON.stringify({
        ...base,
        choices: [{ text, index: 0, logprobs: null, finish_reason: finish }],
        ...(withUsage ? { usage: null } : {}),
      }),
    );
  const perToken = gen.pieces.map((p) => chunk(p, null));
  let epilogue = chunk('', gen.stop);
  if (withUsage) epilogue += sse(JSON.stringify({ ...base, choices: [], usage: usageOf(meta, gen) }));
  epilogue += 'data: [DONE]\n\n';
  return {
    status: 200,
    headers: SSE_HEADERS,
    frames: framesOf('', perToken, epilogue),
    stream: true,
    outputTokens: gen.outputTokens,
  };
}

/** OpenAI error body. */
export function openaiError(status: number, message: string, param: string | null = null): Reply {
  const type =
    status === 429
      ? 'requests'
      : status >= 500
        ? 'server_error'
        : status === 401
          ? 'invalid_request_error'
          : 'invalid_request_error';
  const code =
    status === 429
      ? 'rate_limit_exceeded'
      : status === 404
        ? 'not_found'
        : status >= 500
          ? 'server_error'
          : 'invalid_request';
  const body = JSON.stringify({ error: { message, type, param, code } });
  return { status, headers: JSON_HEADERS, frames: [body], stream: false, outputTokens: 0 };
}
