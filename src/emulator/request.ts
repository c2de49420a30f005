// Parsing of incoming request bodies (zod, loose: unknown fields are accepted and ignored) into one
// protocol-neutral generation request, with the options a client may set: stop sequences, structured
// output, reasoning, tools and tool choice, logprobs and the number of choices.
import { z } from 'zod';
import { countTextTokens } from '../tokens/index.js';

const maxTokens = z.number().int().nonnegative().nullish();

export const openaiContent = z
  .union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() })), z.null()])
  .optional();

const toolSchema = z.looseObject({
  type: z.string().optional(),
  function: z.looseObject({ name: z.string().min(1), parameters: z.unknown().optional() }),
});

const stopSchema = z.union([z.string(), z.array(z.string()).max(16)]).nullish();

const responseFormat = z
  .looseObject({
    type: z.enum(['text', 'json_object', 'json_schema']),
    json_schema: z.looseObject({ schema: z.unknown().optional() }).optional(),
  })
  .nullish();

export const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z
    .array(
      z.looseObject({
        role: z.string(),
        content: openaiContent,
        name: z.string().optional(),
        tool_calls: z.array(z.unknown()).optional(),
      }),
    )
    .min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: maxTokens,
  max_completion_tokens: maxTokens,
  min_tokens: maxTokens,
  ignore_eos: z.boolean().nullish(),
  n: z.number().int().min(1).max(16).nullish(),
  stop: stopSchema,
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  response_format: responseFormat,
  reasoning_effort: z.string().nullish(),
  tools: z.array(toolSchema).nullish(),
  tool_choice: z
    .union([z.string(), z.looseObject({ type: z.string(), function: z.looseObject({ name: z.string() }) })])
    .nullish(),
  parallel_tool_calls: z.boolean().nullish(),
});

export const completionRequestSchema = z.looseObject({
  model: z.string().min(1),
  prompt: z.union([z.string(), z.array(z.string())]),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: maxTokens,
  min_tokens: maxTokens,
  ignore_eos: z.boolean().nullish(),
  stop: stopSchema,
});

export const anthropicBlock = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  input: z.unknown().optional(),
  content: z.unknown().optional(),
  cache_control: z.unknown().optional(),
});

const jsonSchemaFormat = z.looseObject({ type: z.literal('json_schema'), schema: z.unknown() });

const messagesFields = {
  model: z.string().min(1),
  messages: z
    .array(z.looseObject({ role: z.string(), content: z.union([z.string(), z.array(anthropicBlock)]) }))
    .min(1),
  system: z.union([z.string(), z.array(anthropicBlock)]).optional(),
  tools: z.array(z.looseObject({ name: z.string().min(1), input_schema: z.unknown().optional() })).nullish(),
  tool_choice: z
    .looseObject({
      type: z.string(),
      name: z.string().optional(),
      disable_parallel_tool_use: z.boolean().optional(),
    })
    .nullish(),
  thinking: z.looseObject({ type: z.string(), budget_tokens: z.number().int().optional() }).nullish(),
  output_config: z
    .looseObject({ format: jsonSchemaFormat.nullish(), effort: z.string().nullish() })
    .nullish(),
  /** The structured-outputs beta's spelling of `output_config.format`. */
  output_format: jsonSchemaFormat.nullish(),
};

export const messagesRequestSchema = z.looseObject({
  ...messagesFields,
  max_tokens: z.number().int().positive(),
  stream: z.boolean().nullish(),
  stop_sequences: z.array(z.string()).nullish(),
});

/** `POST /v1/messages/count_tokens`: a Messages body without `max_tokens`. */
export const countTokensRequestSchema = z.looseObject(messagesFields);

export const embeddingsRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([
    z.string(),
    z.array(z.string()).min(1),
    z.array(z.number().int()).min(1),
    z.array(z.array(z.number().int())).min(1),
  ]),
  dimensions: z.number().int().positive().max(8192).nullish(),
  encoding_format: z.enum(['float', 'base64']).nullish(),
});

/** A tool the model may call. */
export interface ToolSpec {
  name: string;
  parameters: unknown;
}

/** What the client allows: which tools, whether one must be called, and whether several at once. */
export interface ToolPlan {
  tools: ToolSpec[];
  mode: 'auto' | 'required' | 'none';
  /** A specific tool the client forces. */
  named: string | undefined;
  parallel: boolean;
  /** The conversation ends with a tool result: `auto` answers in text (an agent loop then terminates). */
  afterToolResult: boolean;
}

/** Structured output: JSON, fitting `schema` when one is given. */
export interface OutputFormat {
  schema: unknown;
}

/** What the engine needs to know about a generation, whatever the protocol. */
export interface GenRequest {
  model: string;
  promptTokens: number;
  /** Text the output length and content are derived from (same prompt → same answer). */
  promptKey: string;
  /** Max output tokens, if the client set one. */
  limit: number | undefined;
  minTokens: number;
  /** vLLM's `ignore_eos`: generate exactly `limit` tokens. */
  ignoreEos: boolean;
  stream: boolean;
  includeUsage: boolean;
  tools: ToolPlan | undefined;
  stop: readonly string[];
  format: OutputFormat | undefined;
  /** Reasoning tokens wanted before the answer (0 = none). */
  reasoning: number;
  /** Alternatives per token when logprobs were asked for (0 = the chosen token only); undefined = none. */
  logprobs: number | undefined;
  /** Number of independent answers. */
  n: number;
}

/** Defaults for the options most endpoints leave unset. */
export const PLAIN: Pick<GenRequest, 'tools' | 'stop' | 'format' | 'reasoning' | 'logprobs' | 'n'> = {
  tools: undefined,
  stop: [],
  format: undefined,
  reasoning: 0,
  logprobs: undefined,
  n: 1,
};

/** o200k tokens of a string (0 for empty). */
export const tokens = (s: string): number => countTextTokens(s, 'o200k').tokens;

/** Reasoning tokens an engine spends per effort level (scaled down: the emulator's answers are short). */
const EFFORT_TOKENS: Record<string, number> = {
  minimal: 8,
  low: 32,
  medium: 96,
  high: 192,
  xhigh: 256,
  max: 256,
};

/** Reasoning tokens for an OpenAI / Anthropic effort level (0 for none or unknown). */
export function effortTokens(effort: string | null | undefined): number {
  return effort ? (EFFORT_TOKENS[effort] ?? 0) : 0;
}

/** Stop sequences as a list. */
export function stopList(stop: string | string[] | null | undefined): string[] {
  if (stop === null || stop === undefined) return [];
  return typeof stop === 'string' ? [stop] : stop;
}

/** Tool plan of a chat request (`tool_choice` defaults to `auto` when tools are given). */
export function chatToolPlan(req: z.infer<typeof chatRequestSchema>): ToolPlan | undefined {
  const tools = (req.tools ?? []).map((t) => ({ name: t.function.name, parameters: t.function.parameters }));
  if (tools.length === 0) return undefined;
  const choice = req.tool_choice ?? 'auto';
  const last = req.messages[req.messages.length - 1];
  return {
    tools,
    mode: typeof choice === 'string' ? toolMode(choice) : 'required',
    named: typeof choice === 'string' ? undefined : choice.function.name,
    parallel: req.parallel_tool_calls !== false,
    afterToolResult: last?.role === 'tool' || last?.role === 'function',
  };
}

/** `auto` | `none` | `required` (also Anthropic's `any`). */
export function toolMode(choice: string): ToolPlan['mode'] {
  if (choice === 'none') return 'none';
  return choice === 'required' || choice === 'any' ? 'required' : 'auto';
}

/** Structured output asked for by a chat `response_format`. */
export function chatFormat(req: z.infer<typeof chatRequestSchema>): OutputFormat | undefined {
  const f = req.response_format;
  if (!f || f.type === 'text') return undefined;
  return { schema: f.type === 'json_schema' ? f.json_schema?.schema : undefined };
}

type MessagesLike = z.infer<typeof countTokensRequestSchema>;

/** Tool plan of an Anthropic request (`tool_choice` defaults to `auto`). */
export function messagesToolPlan(req: MessagesLike): ToolPlan | undefined {
  const tools = (req.tools ?? []).map((t) => ({ name: t.name, parameters: t.input_schema }));
  if (tools.length === 0) return undefined;
  const choice = req.tool_choice ?? { type: 'auto' };
  const last = req.messages[req.messages.length - 1];
  const afterToolResult =
    last?.role === 'user' &&
    Array.isArray(last.content) &&
    last.content.some((b) => b.type === 'tool_result');
  return {
    tools,
    mode: choice.type === 'tool' ? 'required' : toolMode(choice.type),
    named: choice.type === 'tool' ? choice.name : undefined,
    parallel: choice.disable_parallel_tool_use !== true,
    afterToolResult,
  };
}

/** Structured output asked for by `output_config.format` (or the beta's `output_format`). */
export function messagesFormat(req: MessagesLike): OutputFormat | undefined {
  const f = req.output_config?.format ?? req.output_format;
  return f ? { schema: f.schema } : undefined;
}

/** Reasoning tokens asked for by Anthropic `thinking` (or `output_config.effort` with adaptive thinking). */
export function messagesReasoning(req: MessagesLike): number {
  const t = req.thinking;
  if (!t || t.type === 'disabled') return 0;
  if (t.type === 'enabled') return Math.min(t.budget_tokens ?? 1024, EFFORT_TOKENS.high ?? 192);
  return effortTokens(req.output_config?.effort ?? 'medium');
}
