// OpenAI wire format for the emulator: chat completions and legacy completions, as JSON bodies and as SSE
// streams (role chunk, content chunks, finish chunk, the usage chunk only when asked, then [DONE]).
import type { Generation, TokenLogprob } from './generate.js';
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

function usageOf(meta: ReplyMeta, gens: readonly Generation[]) {
  let output = 0;
  let reasoning = 0;
  for (const g of gens) {
    output += g.outputTokens;
    reasoning += g.reasoning?.pieces.length ?? 0;
  }
  return {
    prompt_tokens: meta.promptTokens,
    completion_tokens: output,
    total_tokens: meta.promptTokens + output,
    prompt_tokens_details: { cached_tokens: meta.cachedTokens },
    completion_tokens_details: { reasoning_tokens: reasoning },
  };
}

const toolCallsOf = (gen: Generation) =>
  gen.toolCalls.map((tc) => ({
    id: `call_${tc.id}`,
    type: 'function',
    function: { name: tc.name, arguments: tc.arguments },
  }));

const logprobEntry = (l: TokenLogprob) => ({
  token: l.token,
  logprob: l.logprob,
  bytes: [...Buffer.from(l.token)],
  top_logprobs: l.top.map((t) => ({ token: t.token, logprob: t.logprob, bytes: [...Buffer.from(t.token)] })),
});

/** The assistant message of one choice (`reasoning_content` as vLLM and DeepSeek send it). */
function messageOf(gen: Generation): Record<string, unknown> {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: gen.toolCalls.length > 0 ? null : gen.text,
    refusal: null,
  };
  if (gen.reasoning) message.reasoning_content = gen.reasoning.text;
  if (gen.toolCalls.length > 0) message.tool_calls = toolCallsOf(gen);
  return message;
}

/** The chunk deltas of one choice, one per output token (reasoning first, then text or tool calls). */
function deltasOf(gen: Generation): Array<{ delta: string; logprobs: string }> {
  const out: Array<{ delta: string; logprobs: string }> = [];
  const none = 'null';
  for (const p of gen.reasoning?.pieces ?? [])
    out.push({ delta: `{"reasoning_content":${JSON.stringify(p)}}`, logprobs: none });
  gen.toolCalls.forEach((tc, index) => {
    out.push({
      delta: `{"tool_calls":[{"index":${index},"id":"call_${tc.id}","type":"function","function":{"name":${JSON.stringify(tc.name)},"arguments":""}}]}`,
      logprobs: none,
    });
    for (const p of tc.pieces)
      out.push({
        delta: `{"tool_calls":[{"index":${index},"function":{"arguments":${JSON.stringify(p)}}}]}`,
        logprobs: none,
      });
  });
  gen.pieces.forEach((p, i) => {
    const lp = gen.logprobs?.[i];
    out.push({
      delta: `{"content":${JSON.stringify(p)}}`,
      logprobs: lp ? JSON.stringify({ content: [logprobEntry(lp)], refusal: null }) : none,
    });
  });
  return out;
}

/** Chat completion reply (JSON or SSE), one choice per generation. */
export function chatReply(meta: ReplyMeta, gens: readonly Generation[]): Reply {
  const outputTokens = gens.reduce((a, g) => a + g.outputTokens, 0);
  if (!meta.stream) {
    const choices = gens.map((gen, index) => ({
      index,
      message: messageOf(gen),
      logprobs: gen.logprobs ? { content: gen.logprobs.map(logprobEntry), refusal: null } : null,
      finish_reason: gen.stop,
    }));
    const body: Record<string, unknown> = {
      id: meta.id,
      object: 'chat.completion',
      created: meta.created,
      model: meta.model,
      choices,
      system_fingerprint: FINGERPRINT,
    };
    if (!meta.omitUsage) body.usage = usageOf(meta, gens);
    return {
      status: 200,
      headers: JSON_HEADERS,
      frames: [JSON.stringify(body)],
      stream: false,
      outputTokens,
    };
  }
  const withUsage = meta.includeUsage && !meta.omitUsage;
  // Every chunk carries `usage: null` when usage was requested, as OpenAI does.
  const tail = withUsage ? ',"usage":null}' : '}';
  const head = `{"id":${JSON.stringify(meta.id)},"object":"chat.completion.chunk","created":${meta.created},"model":${JSON.stringify(meta.model)},"system_fingerprint":"${FINGERPRINT}","choices":[{"index":`;
  const chunk = (index: number, delta: string, logprobs = 'null', finish = 'null') =>
    sse(`${head}${index},"delta":${delta},"logprobs":${logprobs},"finish_reason":${finish}}]${tail}`);
  let preamble = '';
  const perChoice = gens.map((gen, index) => {
    preamble += chunk(index, '{"role":"assistant","content":"","refusal":null}');
    return deltasOf(gen).map((d) => chunk(index, d.delta, d.logprobs));
  });
  // Frame i carries token i of every choice (choices advance together, as engines batch them).
  const longest = Math.max(...perChoice.map((c) => c.length));
  const perToken: string[] = [];
  for (let i = 0; i < longest; i++) perToken.push(perChoice.map((c) => c[i] ?? '').join(''));
  let epilogue = gens.map((gen, index) => chunk(index, '{}', 'null', `"${gen.stop}"`)).join('');
  if (withUsage) {
    const usage = JSON.stringify(usageOf(meta, gens));
    epilogue += sse(`${head.slice(0, head.indexOf('"choices"'))}"choices":[],"usage":${usage}}`);
  }
  epilogue += 'data: [DONE]\n\n';
  return {
    status: 200,
    headers: SSE_HEADERS,
    frames: framesOf(preamble, perToken, epilogue),
    stream: true,
    outputTokens,
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
    if (!meta.omitUsage) body.usage = usageOf(meta, [gen]);
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
  if (withUsage) epilogue += sse(JSON.stringify({ ...base, choices: [], usage: usageOf(meta, [gen]) }));
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
export function openaiError(
  status: number,
  message: string,
  param: string | null = null,
  errorCode?: string,
): Reply {
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
  const body = JSON.stringify({ error: { message, type, param, code: errorCode ?? code } });
  return { status, headers: JSON_HEADERS, frames: [body], stream: false, outputTokens: 0 };
}
