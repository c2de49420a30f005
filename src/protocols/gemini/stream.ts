// Canonical chat chunks → Gemini `streamGenerateContent?alt=sse` events: each event is a whole
// GenerateContentResponse with the next slice of text per candidate. Gemini sends function calls whole, so
// tool-call fragments are held until the call is complete (the next call or the finish). The last event
// carries the finish reason and usageMetadata.
import type { Usage } from '../../meter/usage.js';
import type { ChatChunk, FinishReason, ToolCall } from '../canonical.js';
import { toGeminiFinishReason } from './finish-reason.js';
import { functionCallPart } from './response.js';
import { toGeminiUsage } from './usage.js';

type Json = Record<string, unknown>;

interface Candidate {
  calls: ToolCall[];
  finish: FinishReason;
}

export class GeminiStreamEncoder {
  private readonly candidates = new Map<number, Candidate>();
  private id = '';

  constructor(private model: string) {}

  private candidate(index: number): Candidate {
    let c = this.candidates.get(index);
    if (!c) {
      c = { calls: [], finish: null };
      this.candidates.set(index, c);
    }
    return c;
  }

  private event(candidates: Json[], extra: Json = {}): string {
    return `data: ${JSON.stringify({ candidates, modelVersion: this.model, responseId: this.id, ...extra })}\r\n\r\n`;
  }

  encode(chunk: ChatChunk): string {
    this.id ||= chunk.id;
    if (chunk.model) this.model = chunk.model;
    const out: Json[] = [];
    for (const ch of chunk.choices) {
      const c = this.candidate(ch.index);
      const d = ch.delta;
      const parts: Json[] = [];
      if (typeof d.reasoning_content === 'string' && d.reasoning_content !== '')
        parts.push({ text: d.reasoning_content, thought: true });
      const text = (d.content ?? '') + (d.refusal ?? '');
      if (text !== '') parts.push({ text });
      for (const t of d.tool_calls ?? []) {
        let call = c.calls[t.index];
        if (!call) {
          call = {
            id: t.id ?? `call_${ch.index}_${t.index}`,
            type: 'function',
            function: { name: '', arguments: '' },
          };
          c.calls[t.index] = call;
        }
        if (t.function?.name) call.function.name += t.function.name;
        if (t.function?.arguments) call.function.arguments += t.function.arguments;
      }
      if (ch.finish_reason) c.finish = ch.finish_reason;
      if (parts.length > 0) out.push({ content: { role: 'model', parts }, index: ch.index });
    }
    return out.length > 0 ? this.event(out) : '';
  }

  /** The final event: held function calls, finish reasons and usage. */
  finish(usage: Usage): string {
    if (this.candidates.size === 0) this.candidate(0);
    const candidates = [...this.candidates.entries()].map(([index, c]) => {
      const parts = c.calls.filter(Boolean).map(functionCallPart);
      return {
        content: { role: 'model', parts: parts.length > 0 ? parts : [{ text: '' }] },
        finishReason: toGeminiFinishReason(c.finish),
        index,
      };
    });
    return this.event(candidates, { usageMetadata: toGeminiUsage(usage) });
  }
}
