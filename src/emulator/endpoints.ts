// Request bodies to replies, one function per endpoint: parse (zod), count prompt tokens, generate, encode.
import type { z } from 'zod';
import type { AnswerBook, Answered } from './answers/book.js';
import { anthropicError, messagesReply } from './anthropic-wire.js';
import { embed, toBase64 } from './embeddings.js';
import { generate, generateChoices } from './generate.js';
import type { ModelNames } from './models.js';
import { chatReply, completionReply, openaiError } from './openai-wire.js';
import type { ResolvedOptions } from './options.js';
import type { PrefixCache } from './prefix-cache.js';
import { chatPrompt, messagesPrompt } from './prompt.js';
import { JSON_HEADERS, type Reply } from './reply.js';
import {
  chatFormat,
  chatRequestSchema,
  chatToolPlan,
  completionRequestSchema,
  countTokensRequestSchema,
  effortTokens,
  embeddingsRequestSchema,
  type GenRequest,
  messagesFormat,
  messagesReasoning,
  messagesRequestSchema,
  messagesToolPlan,
  PLAIN,
  stopList,
  tokens,
} from './request.js';

export type Protocol = 'openai' | 'anthropic';

/** A reply plus what the engine needs to time it (prompt tokens, of which read from the prompt cache). */
export interface Prepared {
  reply: Reply;
  promptTokens: number;
  cachedTokens: number;
}

/**
 * What every endpoint works with: the options, the emulated provider prompt cache (off in fast mode) and,
 * with `--answers`, the recorded answers served instead of generated text.
 */
export interface EndpointContext {
  o: ResolvedOptions;
  promptCache: PrefixCache | undefined;
  /** Model names answered (others get 404 model_not_found). */
  names: ModelNames;
  /** Responses API conversations by response id (for `previous_response_id`), bounded. */
  conversations: Map<string, string>;
  answers?: AnswerBook | undefined;
}

/** With `--answers`: the recorded answer for the request (or the error reply when there is none). */
function recorded(
  ctx: EndpointContext,
  protocol: Protocol,
  model: string,
  lastUser: string,
): Answered | Prepared | undefined {
  const a = ctx.answers?.answer(model, lastUser);
  if (!a || 'generation' in a) return a;
  const reply =
    protocol === 'anthropic'
      ? anthropicError(a.status, a.message)
      : openaiError(a.status, a.message, a.param);
  return { reply, promptTokens: 0, cachedTokens: 0 };
}

/** Per-request identity: the wire id and creation time. */
export interface Ident {
  id: string;
  created: number;
}

/** 404 `model_not_found` with close matches, in the protocol's error shape; undefined for known models. */
export function unknownModel(protocol: Protocol, ctx: EndpointContext, model: string): Prepared | undefined {
  if (ctx.names.has(model)) return undefined;
  const message = ctx.names.notFoundMessage(model);
  const reply =
    protocol === 'anthropic'
      ? anthropicError(404, message)
      : openaiError(404, message, 'model', 'model_not_found');
  return { reply, promptTokens: 0, cachedTokens: 0 };
}

export function invalid(protocol: Protocol, err: z.ZodError): Prepared {
  const issue = err.issues[0];
  const param = issue?.path.join('.') || null;
  const message = `Invalid request: ${param ?? 'body'}: ${issue?.message ?? 'invalid'}`;
  const reply = protocol === 'anthropic' ? anthropicError(400, message) : openaiError(400, message, param);
  return { reply, promptTokens: 0, cachedTokens: 0 };
}

/** POST /v1/chat/completions */
export function chat(body: unknown, ctx: EndpointContext, ident: Ident): Prepared {
  const o = ctx.o;
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) return invalid('openai', parsed.error);
  const r = parsed.data;
  const missing = unknownModel('openai', ctx, r.model);
  if (missing) return missing;
  const prompt = chatPrompt(r);
  const answer = recorded(ctx, 'openai', r.model, prompt.lastUser);
  if (answer && 'reply' in answer) return answer;
  const promptTokens = answer?.promptTokens ?? prompt.count;
  // OpenAI-style automatic prompt caching (prompts of 1,024+ tokens, 128-token steps).
  const cachedTokens = Math.min(promptTokens, ctx.promptCache?.automatic(prompt.ids) ?? 0);
  const gen: GenRequest = {
    model: r.model,
    promptTokens,
    promptKey: prompt.key,
    limit: r.max_completion_tokens ?? r.max_tokens ?? undefined,
    minTokens: r.min_tokens ?? 0,
    ignoreEos: r.ignore_eos ?? false,
    stream: r.stream === true,
    includeUsage: r.stream_options?.include_usage === true,
    tools: chatToolPlan(r),
    stop: stopList(r.stop),
    format: chatFormat(r),
    reasoning: effortTokens(r.reasoning_effort),
    logprobs: r.logprobs === true ? (r.top_logprobs ?? 0) : undefined,
    n: r.n ?? 1,
  };
  const out = answer
    ? [answer.generation]
    : generateChoices(gen, o.seed, o.defaultOutputTokens, o.toolCallRate);
  const meta = {
    id: `chatcmpl-${ident.id}`,
    created: ident.created,
    model: r.model,
    promptTokens,
    stream: gen.stream,
    includeUsage: gen.includeUsage,
    omitUsage: o.faults.omitUsage,
    cachedTokens,
  };
  return { reply: chatReply(meta, out), promptTokens, cachedTokens };
}

/** POST /v1/completions (legacy) */
export function completion(body: unknown, ctx: EndpointContext, ident: Ident): Prepared {
  const o = ctx.o;
  const parsed = completionRequestSchema.safeParse(body);
  if (!parsed.success) return invalid('openai', parsed.error);
  const r = parsed.data;
  const missing = unknownModel('openai', ctx, r.model);
  if (missing) return missing;
  const text = typeof r.prompt === 'string' ? r.prompt : r.prompt.join('');
  const promptTokens = tokens(text);
  const gen: GenRequest = {
    model: r.model,
    promptTokens,
    promptKey: text,
    limit: r.max_tokens ?? 16,
    minTokens: r.min_tokens ?? 0,
    ignoreEos: r.ignore_eos ?? false,
    stream: r.stream === true,
    includeUsage: r.stream_options?.include_usage === true,
    ...PLAIN,
    stop: stopList(r.stop),
  };
  const out = generate(gen, o.seed, o.defaultOutputTokens);
  const meta = {
    id: `cmpl-${ident.id}`,
    created: ident.created,
    model: r.model,
    promptTokens,
    stream: gen.stream,
    includeUsage: gen.includeUsage,
    omitUsage: o.faults.omitUsage,
    cachedTokens: 0,
  };
  return { reply: completionReply(meta, out), promptTokens, cachedTokens: 0 };
}

/** POST /v1/messages (Anthropic) */
export function messages(body: unknown, ctx: EndpointContext, ident: Ident): Prepared {
  const o = ctx.o;
  const parsed = messagesRequestSchema.safeParse(body);
  if (!parsed.success) return invalid('anthropic', parsed.error);
  const r = parsed.data;
  const missing = unknownModel('anthropic', ctx, r.model);
  if (missing) return missing;
  const prompt = messagesPrompt(r);
  const answer = recorded(ctx, 'anthropic', r.model, prompt.lastUser);
  if (answer && 'reply' in answer) return answer;
  const promptTokens = answer?.promptTokens ?? prompt.count;
  // Anthropic-style explicit caching: the prefix up to the last cache_control block is written, then read.
  const cache =
    prompt.breakpoint > 0 && ctx.promptCache
      ? ctx.promptCache.explicit(prompt.ids, prompt.breakpoint)
      : { read: 0, write: 0 };
  // Recorded usage is counted with another tokenizer: never more cached than billed.
  cache.read = Math.min(cache.read, promptTokens);
  cache.write = Math.min(cache.write, promptTokens - cache.read);
  const gen: GenRequest = {
    model: r.model,
    promptTokens,
    promptKey: prompt.key,
    limit: r.max_tokens,
    minTokens: 0,
    ignoreEos: false,
    stream: r.stream === true,
    includeUsage: true,
    ...PLAIN,
    tools: messagesToolPlan(r),
    stop: r.stop_sequences ?? [],
    format: messagesFormat(r),
    reasoning: messagesReasoning(r),
  };
  const out = answer?.generation ?? generate(gen, o.seed, o.defaultOutputTokens, o.toolCallRate);
  const meta = {
    id: `msg_${ident.id}`,
    model: r.model,
    promptTokens,
    stream: gen.stream,
    omitUsage: o.faults.omitUsage,
    cacheReadTokens: cache.read,
    cacheWriteTokens: cache.write,
  };
  return { reply: messagesReply(meta, out), promptTokens, cachedTokens: cache.read };
}

/** POST /v1/messages/count_tokens (Anthropic): the prompt's input tokens, as `/v1/messages` bills them. */
export function countTokens(body: unknown, ctx: EndpointContext): Prepared {
  const parsed = countTokensRequestSchema.safeParse(body);
  if (!parsed.success) return invalid('anthropic', parsed.error);
  const missing = unknownModel('anthropic', ctx, parsed.data.model);
  if (missing) return missing;
  const prompt = messagesPrompt(parsed.data);
  const frames = [JSON.stringify({ input_tokens: prompt.count })];
  return {
    reply: { status: 200, headers: JSON_HEADERS, frames, stream: false, outputTokens: 0 },
    promptTokens: 0,
    cachedTokens: 0,
  };
}

const DEFAULT_DIMS: Record<string, number> = { 'text-embedding-3-large': 3072 };

/** POST /v1/embeddings */
export function embeddings(body: unknown, ctx: EndpointContext): Prepared {
  const o = ctx.o;
  const parsed = embeddingsRequestSchema.safeParse(body);
  if (!parsed.success) return invalid('openai', parsed.error);
  const r = parsed.data;
  const missing = unknownModel('openai', ctx, r.model);
  if (missing) return missing;
  const inputs: string[] =
    typeof r.input === 'string'
      ? [r.input]
      : r.input.map((x) => (typeof x === 'string' ? x : Array.isArray(x) ? x.join(' ') : String(x)));
  // A flat array of numbers is one pre-tokenised input.
  const texts = Array.isArray(r.input) && typeof r.input[0] === 'number' ? [inputs.join(' ')] : inputs;
  const tokenCounts =
    Array.isArray(r.input) && typeof r.input[0] !== 'string'
      ? typeof r.input[0] === 'number'
        ? [r.input.length]
        : (r.input as number[][]).map((a) => a.length)
      : texts.map(tokens);
  const dims = r.dimensions ?? DEFAULT_DIMS[r.model] ?? 1536;
  const base64 = r.encoding_format === 'base64';
  const data = texts.map((t, index) => {
    const v = embed(t, dims, o.seed);
    return { object: 'embedding', index, embedding: base64 ? toBase64(v) : Array.from(v) };
  });
  const promptTokens = tokenCounts.reduce((a, b) => a + b, 0);
  const out: Record<string, unknown> = { object: 'list', data, model: r.model };
  if (!o.faults.omitUsage) out.usage = { prompt_tokens: promptTokens, total_tokens: promptTokens };
  return {
    reply: {
      status: 200,
      headers: JSON_HEADERS,
      frames: [JSON.stringify(out)],
      stream: false,
      outputTokens: 0,
    },
    promptTokens,
    cachedTokens: 0,
  };
}
