// Anthropic usage ↔ canonical Usage. Anthropic's `input_tokens` excludes cache reads and writes, so the
// canonical input total is the sum of the three; `message_delta.usage` is cumulative (overwrite, never add).
import { makeUsage, type Usage } from '../../meter/usage.js';
import type { SseEvent } from '../sse.js';
import { count, type Json, obj, tryParse } from './narrow.js';

/** Anthropic `usage` object as Margin writes it to clients. */
export interface AnthropicUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens: number;
  cache_creation?: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

/** Raw counters as last reported; undefined fields were never reported. */
interface Counters {
  input?: number;
  cacheRead?: number;
  cacheCreation?: number;
  write5m?: number;
  write1h?: number;
  output?: number;
  thinking?: number;
}

/** Overwrites every counter present in one Anthropic usage object. */
function absorb(c: Counters, u: Json): void {
  const input = count(u['input_tokens']);
  if (input !== undefined) c.input = input;
  const read = count(u['cache_read_input_tokens']);
  if (read !== undefined) c.cacheRead = read;
  const creation = count(u['cache_creation_input_tokens']);
  if (creation !== undefined) c.cacheCreation = creation;
  const split = obj(u['cache_creation']);
  if (split) {
    const w5 = count(split['ephemeral_5m_input_tokens']);
    const w1 = count(split['ephemeral_1h_input_tokens']);
    if (w5 !== undefined) c.write5m = w5;
    if (w1 !== undefined) c.write1h = w1;
  }
  const output = count(u['output_tokens']);
  if (output !== undefined) c.output = output;
  const thinking = count(obj(u['output_tokens_details'])?.['thinking_tokens']);
  if (thinking !== undefined) c.thinking = thinking;
}

function toUsage(c: Counters): Usage {
  const read = c.cacheRead ?? 0;
  const w1h = c.write1h ?? 0;
  // The TTL split, when given, should add up to cache_creation_input_tokens; anything unsplit is 5-minute.
  const creation = Math.max(c.cacheCreation ?? 0, (c.write5m ?? 0) + w1h);
  const w5m = creation - w1h;
  const output = c.output ?? 0;
  return makeUsage({
    inputTokens: (c.input ?? 0) + read + creation,
    cacheReadTokens: read,
    cacheWrite5mTokens: w5m,
    cacheWrite1hTokens: w1h,
    outputTokens: output,
    reasoningTokens: Math.min(c.thinking ?? 0, output),
  });
}

/** Usage of a non-streaming Anthropic message body, or undefined when it carries none. */
export function usageFromMessage(json: unknown): Usage | undefined {
  const u = obj(obj(json)?.['usage']);
  if (!u) return undefined;
  const c: Counters = {};
  absorb(c, u);
  return toUsage(c);
}

/** Tracks usage across an Anthropic SSE stream: message_start sets it, each message_delta overwrites. */
export class AnthropicStreamUsage {
  private counters: Counters | undefined;
  /** A message_delta reported output_tokens: the output count is final (message_start's is a placeholder). */
  finalOutput = false;

  /** Feeds one SSE event (any type; only message_start and message_delta matter). */
  push(ev: SseEvent): void {
    if (ev.event !== 'message_start' && ev.event !== 'message_delta') return;
    this.absorbEvent(obj(tryParse(ev.data)));
  }

  /** Same as push, for an event already parsed by the caller (avoids a second JSON.parse). */
  absorbEvent(data: Json | undefined): void {
    if (!data) return;
    if (data['type'] === 'message_start') {
      const u = obj(obj(data['message'])?.['usage']);
      this.counters = {};
      if (u) absorb(this.counters, u);
    } else if (data['type'] === 'message_delta') {
      const u = obj(data['usage']);
      if (!u) return;
      this.counters ??= {};
      absorb(this.counters, u);
      if (count(u['output_tokens']) !== undefined) this.finalOutput = true;
    }
  }

  /** Usage so far, or undefined before any usage was seen. */
  usage(): Usage | undefined {
    return this.counters ? toUsage(this.counters) : undefined;
  }
}

/** Canonical Usage → Anthropic usage object (input_tokens excludes cache reads and writes). */
export function toAnthropicUsage(u: Usage): AnthropicUsage {
  const creation = u.cacheWrite5mTokens + u.cacheWrite1hTokens;
  return {
    input_tokens: Math.max(0, u.inputTokens - u.cacheReadTokens - creation),
    cache_creation_input_tokens: creation,
    cache_read_input_tokens: u.cacheReadTokens,
    output_tokens: u.outputTokens,
    cache_creation: {
      ephemeral_5m_input_tokens: u.cacheWrite5mTokens,
      ephemeral_1h_input_tokens: u.cacheWrite1hTokens,
    },
  };
}
