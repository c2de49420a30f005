// Chat Completions SSE for OpenAI clients: encoding canonical chunks (cross-protocol upstreams) and the
// pass-through filter for OpenAI-compatible upstreams (usage chunk kept only when the client asked).
import type { Usage } from '../../meter/usage.js';
import type { ChatChunk } from '../canonical.js';
import type { SseEvent } from '../sse.js';
import { toOpenAIUsage } from './usage.js';

export const SSE_DONE = 'data: [DONE]\n\n';

/** True for the final usage-only chunk (`choices: []` with `usage`). */
export function isUsageOnlyChunk(chunk: ChatChunk): boolean {
  return chunk.choices.length === 0 && chunk.usage !== undefined && chunk.usage !== null;
}

/** Appends the generated text carried by chunks (content, refusals, tool calls) to `out`. */
export function collectChunkText(chunks: readonly ChatChunk[], out: string[]): void {
  for (const c of chunks) {
    for (const ch of c.choices) {
      const d = ch.delta;
      if (!d) continue;
      if (typeof d.content === 'string' && d.content !== '') out.push(d.content);
      if (typeof d.refusal === 'string' && d.refusal !== '') out.push(d.refusal);
      if (d.tool_calls) {
        for (const t of d.tool_calls) {
          if (t.function?.name) out.push(t.function.name);
          if (t.function?.arguments) out.push(t.function.arguments);
        }
      }
    }
  }
}

/** Canonical chunks → OpenAI SSE text, for upstreams that speak another protocol. */
export class ChatStreamEncoder {
  private id = '';
  private model = '';
  private created = 0;

  constructor(private readonly includeUsage: boolean) {}

  /** SSE text for one canonical chunk (usage-only chunks are held back for finish()). */
  encode(chunk: ChatChunk): string {
    this.id = chunk.id || this.id;
    this.model = chunk.model || this.model;
    this.created = chunk.created || this.created;
    if (chunk.choices.length === 0) return '';
    const { usage: _drop, ...rest } = chunk;
    return `data: ${JSON.stringify(this.includeUsage ? { ...rest, usage: null } : rest)}\n\n`;
  }

  /** The final usage chunk when the client asked for it (no `[DONE]`; the gateway adds it after its label). */
  finish(usage: Usage): string {
    if (!this.includeUsage) return '';
    const chunk: ChatChunk = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created || Math.floor(Date.now() / 1000),
      model: this.model,
      choices: [],
      usage: toOpenAIUsage(usage),
    };
    return `data: ${JSON.stringify(chunk)}\n\n`;
  }
}

/**
 * Filter for native pass-through: each upstream event is forwarded byte for byte, except the usage-only
 * chunk the gateway requested on the client's behalf and `[DONE]`, which the gateway writes after its label.
 */
export class ChatStreamPassthrough {
  /** True once the upstream sent `[DONE]`. */
  sawDone = false;

  constructor(private readonly includeUsage: boolean) {}

  /** Text to forward for one upstream event, given the chunks decoded from it. */
  event(ev: SseEvent, chunks: readonly ChatChunk[]): string {
    if (ev.data === '[DONE]') {
      this.sawDone = true;
      return '';
    }
    const first = chunks[0];
    if (!this.includeUsage && chunks.length === 1 && first && isUsageOnlyChunk(first)) return '';
    return ev.raw;
  }
}
