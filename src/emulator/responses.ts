// POST /v1/responses (OpenAI Responses API) for the emulator: input items, instructions, function tools and
// tool_choice, `text.format` structured output, `reasoning` (with summaries), logprobs, and
// `previous_response_id` against the conversations it answered recently (stateful, like the real API).
import { z } from 'zod';
import type { EndpointContext, Ident, Prepared } from './endpoints.js';
import { invalid, unknownModel } from './endpoints.js';
import { generate } from './generate.js';
import { openaiError } from './openai-wire.js';
import { responsesPrompt } from './prompt.js';
import {
  effortTokens,
  type GenRequest,
  type OutputFormat,
  PLAIN,
  type ToolPlan,
  toolMode,
} from './request.js';
import { responsesReply } from './responses-wire.js';

const CONVERSATIONS = 1000;

const functionTool = z.looseObject({
  type: z.literal('function'),
  name: z.string().min(1),
  parameters: z.unknown().optional(),
});

export const responsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.looseObject({}))]).optional(),
  instructions: z.string().nullish(),
  stream: z.boolean().nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  previous_response_id: z.string().nullish(),
  store: z.boolean().nullish(),
  tools: z.array(z.looseObject({ type: z.string() })).nullish(),
  tool_choice: z
    .union([z.string(), z.looseObject({ type: z.string(), name: z.string().optional() })])
    .nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  text: z
    .looseObject({
      format: z
        .looseObject({ type: z.enum(['text', 'json_object', 'json_schema']), schema: z.unknown().optional() })
        .nullish(),
    })
    .nullish(),
  reasoning: z.looseObject({ effort: z.string().nullish(), summary: z.string().nullish() }).nullish(),
  include: z.array(z.string()).nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
});

type ResponsesRequest = z.infer<typeof responsesRequestSchema>;

function toolPlan(r: ResponsesRequest): ToolPlan | undefined {
  const tools = (r.tools ?? [])
    .map((t) => functionTool.safeParse(t))
    .flatMap((p) => (p.success ? [{ name: p.data.name, parameters: p.data.parameters }] : []));
  if (tools.length === 0) return undefined;
  const choice = r.tool_choice ?? 'auto';
  const last = Array.isArray(r.input) ? r.input[r.input.length - 1] : undefined;
  return {
    tools,
    mode: typeof choice === 'string' ? toolMode(choice) : 'required',
    named: typeof choice === 'string' ? undefined : choice.name,
    parallel: r.parallel_tool_calls !== false,
    afterToolResult: last?.type === 'function_call_output',
  };
}

function format(r: ResponsesRequest): OutputFormat | undefined {
  const f = r.text?.format;
  if (!f || f.type === 'text') return undefined;
  return { schema: f.type === 'json_schema' ? f.schema : undefined };
}

/** POST /v1/responses */
export function responses(body: unknown, ctx: EndpointContext, ident: Ident): Prepared {
  const parsed = responsesRequestSchema.safeParse(body);
  if (!parsed.success) return invalid('openai', parsed.error);
  const r = parsed.data;
  const missing = unknownModel('openai', ctx, r.model);
  if (missing) return missing;
  let history = '';
  if (r.previous_response_id) {
    const prev = ctx.conversations.get(r.previous_response_id);
    if (prev === undefined) {
      const reply = openaiError(
        400,
        `Previous response with id '${r.previous_response_id}' not found.`,
        'previous_response_id',
        'previous_response_not_found',
      );
      return { reply, promptTokens: 0, cachedTokens: 0 };
    }
    history = prev;
  }
  const prompt = responsesPrompt({ ...r, history });
  const cachedTokens = ctx.promptCache?.automatic(prompt.ids) ?? 0;
  const wantsLogprobs = r.include?.includes('message.output_text.logprobs') === true;
  const gen: GenRequest = {
    model: r.model,
    promptTokens: prompt.count,
    promptKey: prompt.key,
    limit: r.max_output_tokens ?? undefined,
    minTokens: 0,
    ignoreEos: false,
    stream: r.stream === true,
    includeUsage: true,
    ...PLAIN,
    tools: toolPlan(r),
    format: format(r),
    reasoning: effortTokens(r.reasoning?.effort),
    logprobs: wantsLogprobs ? (r.top_logprobs ?? 0) : undefined,
  };
  const out = generate(gen, ctx.o.seed, ctx.o.defaultOutputTokens, ctx.o.toolCallRate);
  const id = `resp_${ident.id}`;
  if (r.store !== false) {
    if (ctx.conversations.size >= CONVERSATIONS)
      ctx.conversations.delete(ctx.conversations.keys().next().value as string);
    const calls = out.toolCalls.map((c) => `${c.name}${c.arguments}`).join('');
    ctx.conversations.set(id, `${prompt.key}assistant:${out.text}${calls}\n`);
  }
  const echo: Record<string, unknown> = {};
  for (const k of [
    'instructions',
    'max_output_tokens',
    'previous_response_id',
    'tools',
    'tool_choice',
    'text',
    'reasoning',
    'store',
    'metadata',
    'parallel_tool_calls',
    'temperature',
    'top_p',
    'user',
  ] as const) {
    const v = (r as Record<string, unknown>)[k];
    if (v !== undefined && v !== null) echo[k] = v;
  }
  const meta = {
    id: ident.id,
    created: ident.created,
    model: r.model,
    promptTokens: prompt.count,
    cachedTokens,
    stream: gen.stream,
    omitUsage: ctx.o.faults.omitUsage,
    echo,
    summary: typeof r.reasoning?.summary === 'string',
  };
  return { reply: responsesReply(meta, out), promptTokens: prompt.count, cachedTokens };
}
