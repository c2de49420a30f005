// Parsing of incoming request bodies (zod, loose: unknown fields are accepted and ignored) into one
// protocol-neutral generation request.
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
  tools: z.array(toolSchema).nullish(),
  tool_choice: z
    .union([z.string(), z.looseObject({ type: z.string(), function: z.looseObject({ name: z.string() }) })])
    .nullish(),
});

export const completionRequestSchema = z.looseObject({
  model: z.string().min(1),
  prompt: z.union([z.string(), z.array(z.string())]),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: maxTokens,
  min_tokens: maxTokens,
  ignore_eos: z.boolean().nullish(),
});

export const anthropicBlock = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  input: z.unknown().optional(),
  content: z.unknown().optional(),
  cache_control: z.unknown().optional(),
});

export const messagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  messages: z
    .array(z.looseObject({ role: z.string(), content: z.union([z.string(), z.array(anthropicBlock)]) }))
    .min(1),
  system: z.union([z.string(), z.array(anthropicBlock)]).optional(),
  stream: z.boolean().nullish(),
  tools: z.array(z.looseObject({ name: z.string().min(1), input_schema: z.unknown().optional() })).nullish(),
  tool_choice: z.looseObject({ type: z.string(), name: z.string().optional() }).nullish(),
});

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

/** A tool the model must call. */
export interface ForcedTool {
  name: string;
  parameters: unknown;
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
  tool: ForcedTool | undefined;
}

/** o200k tokens of a string (0 for empty). */
export const tokens = (s: string): number => countTextTokens(s, 'o200k').tokens;

/** The tool a chat request forces (tool_choice `required` or a named function), if any. */
export function chatForcedTool(req: z.infer<typeof chatRequestSchema>): ForcedTool | undefined {
  const tools = req.tools ?? [];
  const choice = req.tool_choice;
  if (tools.length === 0 || choice === undefined || choice === null) return undefined;
  if (typeof choice === 'string') {
    if (choice !== 'required') return undefined;
    const t = tools[0];
    return t ? { name: t.function.name, parameters: t.function.parameters } : undefined;
  }
  const named = tools.find((t) => t.function.name === choice.function.name);
  return { name: choice.function.name, parameters: named?.function.parameters };
}

/** The tool an Anthropic request forces (`any` or a named `tool`), if any. */
export function messagesForcedTool(req: z.infer<typeof messagesRequestSchema>): ForcedTool | undefined {
  const tools = req.tools ?? [];
  const choice = req.tool_choice;
  if (tools.length === 0 || !choice) return undefined;
  if (choice.type === 'any') {
    const t = tools[0];
    return t ? { name: t.name, parameters: t.input_schema } : undefined;
  }
  if (choice.type === 'tool' && choice.name) {
    const named = tools.find((t) => t.name === choice.name);
    return { name: choice.name, parameters: named?.input_schema };
  }
  return undefined;
}
