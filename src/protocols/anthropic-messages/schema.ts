// Zod schemas for an Anthropic Messages request as a client sends it to `POST /v1/messages`. Objects are
// loose: fields Margin does not translate (cache_control, citations, service_tier…) are accepted and
// ignored rather than rejected, so a valid Anthropic request is never refused for carrying them.
import { z } from 'zod';

const cacheControl = z.object({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() }).loose();

export const textBlockSchema = z
  .object({ type: z.literal('text'), text: z.string(), cache_control: cacheControl.nullish() })
  .loose();

const imageSource = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('base64'),
    media_type: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']),
    data: z.string().min(1),
  }),
  z.object({ type: z.literal('url'), url: z.string().min(1) }),
]);

export const imageBlockSchema = z.object({ type: z.literal('image'), source: imageSource }).loose();

const toolUseBlock = z
  .object({
    type: z.literal('tool_use'),
    id: z.string().min(1),
    name: z.string().min(1),
    input: z.record(z.string(), z.unknown()),
  })
  .loose();

const toolResultBlock = z
  .object({
    type: z.literal('tool_result'),
    tool_use_id: z.string().min(1),
    content: z
      .union([z.string(), z.array(z.discriminatedUnion('type', [textBlockSchema, imageBlockSchema]))])
      .optional(),
    is_error: z.boolean().optional(),
  })
  .loose();

const thinkingBlock = z.object({ type: z.literal('thinking'), thinking: z.string() }).loose();
const redactedThinkingBlock = z.object({ type: z.literal('redacted_thinking'), data: z.string() }).loose();

const KNOWN_BLOCKS = new Set(['text', 'image', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking']);

const knownBlockSchema = z.discriminatedUnion('type', [
  textBlockSchema,
  imageBlockSchema,
  toolUseBlock,
  toolResultBlock,
  thinkingBlock,
  redactedThinkingBlock,
]);
export type KnownBlock = z.infer<typeof knownBlockSchema>;

/** A block of a type Margin does not translate (document, server_tool_use, web_search_tool_result…). */
export type OtherBlock = { type: string } & Record<string, unknown>;
export type ContentBlockParam = KnownBlock | OtherBlock;

/**
 * Known block types are validated strictly; other types are accepted so native pass-through keeps
 * working, and recorded as untranslatable for cross-protocol routes.
 */
export const contentBlockSchema = z
  .object({ type: z.string() })
  .loose()
  .transform((b, ctx): ContentBlockParam => {
    if (!KNOWN_BLOCKS.has(b.type)) return b;
    const res = knownBlockSchema.safeParse(b);
    if (res.success) return res.data;
    for (const issue of res.error.issues)
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  });

/** True for the block types Margin translates. */
export function isKnownBlock(b: ContentBlockParam): b is KnownBlock {
  return KNOWN_BLOCKS.has(b.type);
}

const messageSchema = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(contentBlockSchema)]),
});
export type MessageParam = z.infer<typeof messageSchema>;

const customToolSchema = z
  .object({
    type: z.literal('custom').optional(),
    name: z.string().min(1).max(128),
    description: z.string().optional(),
    input_schema: z.record(z.string(), z.unknown()),
  })
  .loose();

/** Server tools (web_search_20250305, code_execution…) run inside Anthropic: versioned type, no schema. */
const serverToolSchema = z
  .object({
    type: z.string().refine((t) => t !== 'custom', 'custom tools need input_schema'),
    name: z.string().min(1),
  })
  .loose();

const toolSchema = z.union([customToolSchema, serverToolSchema]);
export type CustomTool = z.infer<typeof customToolSchema>;

/** True for a client-defined tool (translatable), false for an Anthropic server tool. */
export function isCustomTool(t: z.infer<typeof toolSchema>): t is CustomTool {
  return (t.type === undefined || t.type === 'custom') && typeof t['input_schema'] === 'object';
}

const toolChoiceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('none') }),
  z.object({
    type: z.literal('tool'),
    name: z.string().min(1),
    disable_parallel_tool_use: z.boolean().optional(),
  }),
]);

const thinkingSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('enabled'), budget_tokens: z.number().int().min(1024) }).loose(),
  z.object({ type: z.literal('disabled') }).loose(),
  z.object({ type: z.literal('adaptive') }).loose(),
]);

/** Structured output: the answer is JSON fitting `schema`. */
const jsonOutputFormat = z
  .object({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) })
  .loose();

export const messagesRequestSchema = z
  .object({
    model: z.string().min(1),
    max_tokens: z.number().int().positive(),
    messages: z.array(messageSchema).min(1),
    system: z.union([z.string(), z.array(textBlockSchema)]).optional(),
    tools: z.array(toolSchema).optional(),
    tool_choice: toolChoiceSchema.optional(),
    stop_sequences: z.array(z.string()).optional(),
    temperature: z.number().min(0).max(1).optional(),
    top_p: z.number().min(0).max(1).optional(),
    top_k: z.number().int().nonnegative().optional(),
    stream: z.boolean().optional(),
    metadata: z.object({ user_id: z.string().nullish() }).loose().optional(),
    thinking: thinkingSchema.optional(),
    output_config: z
      .object({ format: jsonOutputFormat.nullish(), effort: z.string().nullish() })
      .loose()
      .optional(),
    /** The structured-outputs beta's spelling of `output_config.format`. */
    output_format: jsonOutputFormat.optional(),
  })
  .loose();
export type MessagesRequest = z.infer<typeof messagesRequestSchema>;
