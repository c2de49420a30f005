// Canonical ChatResponse → Anthropic Messages response body (for a client of `/v1/messages` whose model
// was served by a non-Anthropic upstream).
import type { Usage } from '../../meter/usage.js';
import type { ChatResponse, ToolCall } from '../canonical.js';
import { type AnthropicStopReason, toAnthropicStopReason } from './stop-reason.js';
import { type AnthropicUsage, toAnthropicUsage } from './usage.js';

export type AnthropicContentBlock =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicContentBlock[];
  stop_reason: AnthropicStopReason;
  stop_sequence: null;
  usage: AnthropicUsage;
}

/** A message id in Anthropic's `msg_…` form derived from the canonical id. */
export function toMessageId(id: string): string {
  if (id.startsWith('msg_')) return id;
  const core = id.replace(/^chatcmpl-/, '').replace(/[^A-Za-z0-9_]/g, '');
  return `msg_${core || Date.now().toString(36)}`;
}

/** Tool call id in Anthropic's allowed alphabet (`^[a-zA-Z0-9_-]+$`). */
export function toAnthropicToolId(id: string): string {
  const clean = id.replace(/[^A-Za-z0-9_-]/g, '_');
  return clean === '' ? `toolu_${Math.random().toString(36).slice(2, 14)}` : clean;
}

/** Tool arguments (a JSON string) → Anthropic `input` object; non-object JSON is wrapped, never dropped. */
export function toolInput(args: string): Record<string, unknown> {
  if (args.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(args);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
    return { value: v };
  } catch {
    return { _raw: args };
  }
}

/** Anthropic content blocks for one canonical assistant message. */
export function toContentBlocks(text: string | null, calls: ToolCall[] | undefined): AnthropicContentBlock[] {
  const content: AnthropicContentBlock[] = [];
  if (text) content.push({ type: 'text', text });
  for (const c of calls ?? []) {
    content.push({
      type: 'tool_use',
      id: toAnthropicToolId(c.id),
      name: c.function.name,
      input: toolInput(c.function.arguments),
    });
  }
  return content;
}

/** The Anthropic message object for a canonical response and its metered usage. */
export function toMessagesResponse(res: ChatResponse, usage: Usage): AnthropicMessage {
  const choice = res.choices[0];
  const text = choice?.message.content ?? choice?.message.refusal ?? null;
  const content = toContentBlocks(text, choice?.message.tool_calls);
  // Reasoning another vendor showed becomes a thinking block; its empty signature marks it as not Anthropic's.
  const reasoning = choice?.message.reasoning_content;
  if (typeof reasoning === 'string' && reasoning !== '')
    content.unshift({ type: 'thinking', thinking: reasoning, signature: '' });
  let finish = choice?.finish_reason ?? null;
  if (choice?.message.refusal && !choice.message.content) finish = 'content_filter';
  return {
    id: toMessageId(res.id),
    type: 'message',
    role: 'assistant',
    model: res.model,
    content,
    stop_reason: toAnthropicStopReason(finish),
    stop_sequence: null,
    usage: toAnthropicUsage(usage),
  };
}
