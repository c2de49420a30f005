// Responses API response objects ↔ the canonical chat response. A translated answer becomes output items
// (a `reasoning` item when the upstream showed its reasoning, a `message` with `output_text`, one
// `function_call` per tool call) on a response object that echoes the request's settings; a native
// upstream's response object is read back to canonical (for the cache and estimates).
import type { Usage } from '../../meter/usage.js';
import {
  type ChatChoice,
  type ChatResponse,
  type FinishReason,
  type ToolCall,
  toOpenAIUsage,
} from '../canonical.js';
import type { ResponsesRequest } from './request.js';
import { usageFromResponsesUsage } from './usage.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** What a response object needs besides its output: its id, time, model and the request it answers. */
export interface ResponseShell {
  id: string;
  createdAt: number;
  model: string;
  request: ResponsesRequest;
}

/** Responses usage object for a canonical Usage. */
export function toResponsesUsage(u: Usage): Json {
  return {
    input_tokens: u.inputTokens,
    input_tokens_details: { cached_tokens: u.cacheReadTokens },
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens },
    total_tokens: u.inputTokens + u.outputTokens,
  };
}

/** Item ids derived from the response id (`resp_x` → `msg_x`, `fc_x_0`, `rs_x`). */
export function itemId(responseId: string, kind: 'msg' | 'fc' | 'rs', n?: number): string {
  const core = responseId.replace(/^resp_/, '');
  return n === undefined ? `${kind}_${core}` : `${kind}_${core}_${n}`;
}

/** Converts chat logprobs entries to output_text logprobs (same fields). */
function textLogprobs(choice: ChatChoice | undefined): unknown[] | undefined {
  const content = obj(choice?.logprobs)?.content;
  return Array.isArray(content) ? content : undefined;
}

/** A reasoning item; its summary holds the reasoning text when the client asked for summaries. */
export function reasoningItem(id: string, text: string, summarise: boolean): Json {
  return { id, type: 'reasoning', summary: summarise && text !== '' ? [{ type: 'summary_text', text }] : [] };
}

export function messageItem(id: string, text: string, logprobs?: unknown[]): Json {
  const part: Json = { type: 'output_text', text, annotations: [] };
  if (logprobs) part.logprobs = logprobs;
  return { id, type: 'message', status: 'completed', role: 'assistant', content: [part] };
}

export function functionCallItem(id: string, call: ToolCall): Json {
  return {
    id,
    type: 'function_call',
    status: 'completed',
    arguments: call.function.arguments,
    call_id: call.id,
    name: call.function.name,
  };
}

/** Output items of a canonical response's first choice. */
export function outputItems(res: ChatResponse, responseId: string, summarise: boolean): Json[] {
  const choice = res.choices[0];
  const m = choice?.message;
  const items: Json[] = [];
  const reasoning = m?.reasoning_content;
  if (typeof reasoning === 'string' && reasoning !== '')
    items.push(reasoningItem(itemId(responseId, 'rs'), reasoning, summarise));
  const text = m?.content ?? m?.refusal ?? '';
  const calls = m?.tool_calls ?? [];
  if (text !== '' || calls.length === 0)
    items.push(messageItem(itemId(responseId, 'msg'), text, textLogprobs(choice)));
  calls.forEach((c, k) => {
    items.push(functionCallItem(itemId(responseId, 'fc', k), c));
  });
  return items;
}

/** Status and incomplete_details for a finish reason. */
function status(finish: FinishReason | undefined): { status: string; incomplete_details: Json | null } {
  if (finish === 'length')
    return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (finish === 'content_filter')
    return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

/** The response object around output items; `finish` undefined = still in progress (stream start). */
export function responseObject(
  shell: ResponseShell,
  output: Json[],
  finish: FinishReason | undefined | 'in_progress',
  usage: Usage | undefined,
): Json {
  const r = shell.request as Json;
  const s = finish === 'in_progress' ? { status: 'in_progress', incomplete_details: null } : status(finish);
  return {
    id: shell.id,
    object: 'response',
    created_at: shell.createdAt,
    status: s.status,
    background: false,
    error: null,
    incomplete_details: s.incomplete_details,
    instructions: r.instructions ?? null,
    max_output_tokens: r.max_output_tokens ?? null,
    model: shell.model,
    output,
    parallel_tool_calls: r.parallel_tool_calls ?? true,
    previous_response_id: r.previous_response_id ?? null,
    reasoning: { effort: obj(r.reasoning)?.effort ?? null, summary: obj(r.reasoning)?.summary ?? null },
    store: r.store ?? true,
    temperature: r.temperature ?? 1,
    text: r.text ?? { format: { type: 'text' } },
    tool_choice: r.tool_choice ?? 'auto',
    tools: r.tools ?? [],
    top_p: r.top_p ?? 1,
    truncation: r.truncation ?? 'disabled',
    usage: usage ? toResponsesUsage(usage) : null,
    user: r.user ?? null,
    metadata: r.metadata ?? {},
  };
}

/** The whole response object for a canonical response (non-streaming answers and cache hits). */
export function toResponsesObject(shell: ResponseShell, res: ChatResponse, usage: Usage): Json {
  const summarise = typeof obj(shell.request.reasoning)?.summary === 'string';
  const output = outputItems(res, shell.id, summarise);
  return responseObject(shell, output, res.choices[0]?.finish_reason ?? 'stop', usage);
}

/** Reads a Responses API response object (a native upstream's) as a canonical response. */
export function responsesToChatResponse(json: unknown): ChatResponse | undefined {
  const r = obj(json);
  if (!r || !Array.isArray(r.output)) return undefined;
  let text = '';
  let reasoning = '';
  const calls: ToolCall[] = [];
  for (const raw of r.output) {
    const item = obj(raw);
    if (item?.type === 'message') {
      for (const p of Array.isArray(item.content) ? item.content : [])
        text += str(obj(p)?.text) ?? str(obj(p)?.refusal) ?? '';
    } else if (item?.type === 'function_call') {
      calls.push({
        id: str(item.call_id) ?? str(item.id) ?? `call_${calls.length}`,
        type: 'function',
        function: { name: str(item.name) ?? '', arguments: str(item.arguments) ?? '' },
      });
    } else if (item?.type === 'reasoning') {
      for (const s of Array.isArray(item.summary) ? item.summary : []) reasoning += str(obj(s)?.text) ?? '';
    }
  }
  const incomplete = str(obj(r.incomplete_details)?.reason);
  const finish: FinishReason =
    incomplete === 'max_output_tokens'
      ? 'length'
      : incomplete === 'content_filter'
        ? 'content_filter'
        : calls.length > 0
          ? 'tool_calls'
          : 'stop';
  const message: ChatChoice['message'] = {
    role: 'assistant',
    content: text === '' && calls.length > 0 ? null : text,
  };
  if (calls.length > 0) message.tool_calls = calls;
  if (reasoning !== '') message.reasoning_content = reasoning;
  const out: ChatResponse = {
    id: str(r.id) ?? '',
    object: 'chat.completion',
    created: typeof r.created_at === 'number' ? r.created_at : Math.floor(Date.now() / 1000),
    model: str(r.model) ?? '',
    choices: [{ index: 0, message, finish_reason: finish }],
  };
  const usage = usageFromResponsesUsage(r.usage);
  if (usage) out.usage = toOpenAIUsage(usage);
  return out;
}
