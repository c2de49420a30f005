// OpenAI Responses API requests (client side of `POST /v1/responses`): validation of the fields the gateway
// relies on, and the translation to the canonical chat form for upstreams without a Responses API —
// instructions, input items (messages with text and images, function_call, function_call_output), function
// tools and tool_choice, `text.format` structured output, `reasoning.effort`, sampling and limits. Hosted
// tools, files and item references have no chat equivalent: they are recorded as untranslatable.
import { z } from 'zod';
import { MarginError } from '../../errors/index.js';
import type {
  ChatMessage,
  ChatRequest,
  ContentPart,
  ToolCall,
  ToolChoice,
  ToolDefinition,
} from '../canonical.js';
import { badRequest } from '../openai-chat/request.js';

export const responsesRequestSchema = z.looseObject({
  model: z.string().min(1, 'model is required'),
  input: z.union([z.string(), z.array(z.unknown())]).optional(),
  instructions: z.string().nullable().optional(),
  stream: z.boolean().nullable().optional(),
  max_output_tokens: z.number().int().positive().nullable().optional(),
  previous_response_id: z.string().min(1).nullable().optional(),
  store: z.boolean().nullable().optional(),
  tools: z.array(z.looseObject({ type: z.string() })).optional(),
  tool_choice: z
    .union([z.string(), z.looseObject({ type: z.string() })])
    .nullable()
    .optional(),
  text: z
    .looseObject({ format: z.looseObject({ type: z.string() }).nullable().optional() })
    .nullable()
    .optional(),
  reasoning: z
    .looseObject({ effort: z.string().nullable().optional(), summary: z.string().nullable().optional() })
    .nullable()
    .optional(),
});

export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;

/** Parses a decoded body; throws 400 MarginError naming the bad field. */
export function parseResponsesRequest(body: unknown): ResponsesRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', 'The request body must be a JSON object.');
  }
  const res = responsesRequestSchema.safeParse(body);
  if (!res.success) throw badRequest(res.error);
  return res.data;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The input as a list of items (a string input is one user message). */
export function inputItems(input: ResponsesRequest['input']): unknown[] {
  if (input === undefined) return [];
  return typeof input === 'string' ? [{ type: 'message', role: 'user', content: input }] : input;
}

/** Text of a content value: a string, or the text of its input_text / output_text / refusal parts. */
function partsText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const p of content) {
    const o = obj(p);
    text += str(o?.text) ?? str(o?.refusal) ?? '';
  }
  return text;
}

/** Message content parts: text and images translate; files and file-id images do not. */
function contentParts(content: unknown, at: string, lost: string[]): string | ContentPart[] {
  if (typeof content === 'string') return content;
  const parts: ContentPart[] = [];
  (Array.isArray(content) ? content : []).forEach((raw, j) => {
    const p = obj(raw);
    const type = str(p?.type);
    if (type === 'input_text' || type === 'output_text' || type === 'text')
      parts.push({ type: 'text', text: str(p?.text) ?? '' });
    else if (type === 'refusal') parts.push({ type: 'text', text: str(p?.refusal) ?? '' });
    else if (type === 'input_image' && typeof p?.image_url === 'string') {
      const detail = str(p.detail);
      parts.push({
        type: 'image_url',
        image_url: {
          url: p.image_url,
          ...(detail === 'low' || detail === 'high' || detail === 'auto' ? { detail } : {}),
        },
      });
    } else lost.push(`${at}.content[${j}]`);
  });
  const only = parts[0];
  return parts.length === 1 && only?.type === 'text' ? only.text : parts;
}

const ROLES = new Set(['user', 'assistant', 'system', 'developer']);

/** Input items → canonical messages. `prefix` names the items in error messages (`input`). */
export function itemsToMessages(items: readonly unknown[], prefix: string, lost: string[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  /** The assistant message that consecutive function_call items (and a preceding text turn) join. */
  let open: ChatMessage | undefined;
  items.forEach((raw, i) => {
    const item = obj(raw);
    const at = `${prefix}[${i}]`;
    const type = str(item?.type) ?? (item?.role !== undefined ? 'message' : undefined);
    if (type === 'message') {
      const role = str(item?.role) ?? '';
      if (!ROLES.has(role)) {
        throw new MarginError('MARGIN_ERR_BAD_REQUEST', `Invalid '${at}.role': '${role}'`, {
          param: `${at}.role`,
        });
      }
      const msg: ChatMessage = {
        role: role as ChatMessage['role'],
        content: contentParts(item?.content, at, lost),
      };
      out.push(msg);
      open = role === 'assistant' ? msg : undefined;
    } else if (type === 'function_call') {
      const call: ToolCall = {
        id: str(item?.call_id) ?? str(item?.id) ?? `call_${i}`,
        type: 'function',
        function: { name: str(item?.name) ?? '', arguments: str(item?.arguments) ?? '{}' },
      };
      if (!open) {
        open = { role: 'assistant', content: null };
        out.push(open);
      }
      open.tool_calls = [...(open.tool_calls ?? []), call];
    } else if (type === 'function_call_output') {
      const callId = str(item?.call_id);
      if (!callId) {
        throw new MarginError('MARGIN_ERR_BAD_REQUEST', `Missing '${at}.call_id'`, {
          param: `${at}.call_id`,
        });
      }
      out.push({ role: 'tool', tool_call_id: callId, content: partsText(item?.output) });
      open = undefined;
    } else if (type === 'reasoning') {
      // Reasoning from an earlier turn: no chat model can read it (its encrypted content is OpenAI's).
    } else {
      lost.push(at);
    }
  });
  return out;
}

function tools(r: ResponsesRequest, lost: string[]): ToolDefinition[] {
  const out: ToolDefinition[] = [];
  (r.tools ?? []).forEach((t, i) => {
    if (t.type !== 'function' || typeof t.name !== 'string') {
      lost.push(`tools[${i}]`);
      return;
    }
    const fn: ToolDefinition['function'] = { name: t.name };
    if (typeof t.description === 'string') fn.description = t.description;
    if (obj(t.parameters)) fn.parameters = t.parameters as Record<string, unknown>;
    if (typeof t.strict === 'boolean') fn.strict = t.strict;
    out.push({ type: 'function', function: fn });
  });
  return out;
}

function toolChoice(c: ResponsesRequest['tool_choice'], lost: string[]): ToolChoice | undefined {
  if (c === null || c === undefined) return undefined;
  if (typeof c === 'string') return c === 'none' || c === 'required' ? c : 'auto';
  if (c.type === 'function' && typeof c.name === 'string')
    return { type: 'function', function: { name: c.name } };
  if (c.type === 'allowed_tools') return c.mode === 'required' ? 'required' : 'auto';
  lost.push('tool_choice');
  return undefined;
}

/** `text.format` → canonical `response_format`. */
export function responseFormat(r: ResponsesRequest): ChatRequest['response_format'] | undefined {
  const f = r.text?.format;
  if (!f || f.type === 'text') return undefined;
  if (f.type === 'json_object') return { type: 'json_object' };
  const json_schema: Json = { name: str(f.name) ?? 'response', schema: f.schema ?? {} };
  if (typeof f.strict === 'boolean') json_schema.strict = f.strict;
  if (typeof f.description === 'string') json_schema.description = f.description;
  return { type: 'json_schema', json_schema };
}

const untranslatable = new WeakMap<ChatRequest, string[]>();

/** Fields of the Responses request that a chat-completions upstream cannot honour (empty = faithful). */
export function untranslatableResponsesParams(req: ChatRequest): readonly string[] {
  return untranslatable.get(req) ?? [];
}

/** The canonical chat request for a Responses request; `history` is a stored conversation's items. */
export function responsesToCanonical(r: ResponsesRequest, history: readonly unknown[] = []): ChatRequest {
  const lost: string[] = [];
  const messages: ChatMessage[] = [];
  if (r.instructions) messages.push({ role: 'system', content: r.instructions });
  messages.push(...itemsToMessages(history, 'previous_response', lost));
  messages.push(...itemsToMessages(inputItems(r.input), 'input', lost));
  const out: ChatRequest = { model: r.model, messages };
  if (r.stream) out.stream = true;
  if (typeof r.max_output_tokens === 'number') out.max_tokens = r.max_output_tokens;
  const b = r as Json;
  if (typeof b.temperature === 'number') out.temperature = b.temperature;
  if (typeof b.top_p === 'number') out.top_p = b.top_p;
  const user = str(b.safety_identifier) ?? str(b.user);
  if (user) out.user = user;
  if (typeof b.prompt_cache_key === 'string') out.prompt_cache_key = b.prompt_cache_key;
  const defs = tools(r, lost);
  if (defs.length > 0) out.tools = defs;
  const choice = toolChoice(r.tool_choice, lost);
  if (choice !== undefined && defs.length > 0) out.tool_choice = choice;
  if (b.parallel_tool_calls === false && defs.length > 0) out.parallel_tool_calls = false;
  const format = responseFormat(r);
  if (format) out.response_format = format;
  if (typeof r.reasoning?.effort === 'string') out.reasoning_effort = r.reasoning.effort;
  const include = Array.isArray(b.include) ? b.include : [];
  if (include.includes('message.output_text.logprobs')) {
    out.logprobs = true;
    if (typeof b.top_logprobs === 'number') out.top_logprobs = b.top_logprobs;
  }
  if (b.background === true) lost.push('background');
  if (lost.length > 0) untranslatable.set(out, lost);
  return out;
}

/** Prompt text (instructions and input items' text), for token estimates. */
export function responsesInputText(req: ResponsesRequest): string {
  let text = req.instructions ?? '';
  for (const item of inputItems(req.input)) {
    const o = obj(item);
    text += partsText(o?.content) + partsText(o?.output) + (str(o?.arguments) ?? '');
  }
  return text;
}
