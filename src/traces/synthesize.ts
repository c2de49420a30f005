// Turns trace requests into chat requests with prompts of the traced length. Mooncake's prefix-block
// hashes become shared text blocks (same hash → same 512-token text), so prefix reuse in the trace is
// prefix reuse on the wire; BurstGPT sessions re-send the previous turn as their prefix.
import { generateText } from '../emulator/text.js';
import type { ChatRequest } from '../protocols/canonical.js';
import type { Trace, TraceRequest } from './types.js';

export interface SynthesisOptions {
  model: string;
  /** Cap on prompt tokens per request (long Mooncake prompts can reach 190k). */
  maxInputTokens?: number;
  temperature?: number;
}

/** Builds prompts for a trace; block texts and session prefixes are cached across requests. */
export class PromptSynthesizer {
  private readonly blocks = new Map<number, string>();
  private readonly sessions = new Map<string, string>();

  constructor(
    private readonly trace: Trace,
    private readonly options: SynthesisOptions,
  ) {}

  private block(hash: number, tokens: number): string {
    const key = tokens === (this.trace.blockTokens ?? 512) ? hash : -1 - hash * 1000 - tokens;
    let text = this.blocks.get(key);
    if (text === undefined) {
      text = generateText(tokens, 0x5eed + hash);
      this.blocks.set(key, text);
    }
    return text;
  }

  /** The prompt text for request `i` of the trace. */
  promptText(i: number, r: TraceRequest): string {
    const input = Math.max(
      1,
      Math.min(r.inputTokens, this.options.maxInputTokens ?? Number.POSITIVE_INFINITY),
    );
    if (r.hashIds && r.hashIds.length > 0) {
      const size = this.trace.blockTokens ?? 512;
      const parts: string[] = [];
      let left = input;
      for (const h of r.hashIds) {
        if (left <= 0) break;
        const n = Math.min(size, left);
        parts.push(this.block(h, n));
        left -= n;
      }
      return parts.join(' ');
    }
    if (r.sessionId) {
      const prefix = this.sessions.get(r.sessionId) ?? '';
      const prefixTokens = prefix ? Math.min(input - 1, countWords(prefix)) : 0;
      const fresh = generateText(Math.max(1, input - prefixTokens), 0xbeef + i);
      const text = prefixTokens > 0 ? `${truncateWords(prefix, prefixTokens)} ${fresh}` : fresh;
      this.sessions.set(r.sessionId, text);
      return text;
    }
    return generateText(input, 0xc0de + i);
  }

  /** The chat request for request `i`: one user message, the traced output length, deterministic. */
  request(i: number, r: TraceRequest): ChatRequest {
    return {
      model: this.options.model,
      messages: [{ role: 'user', content: this.promptText(i, r) }],
      max_tokens: Math.max(1, r.outputTokens),
      temperature: this.options.temperature ?? 0,
    };
  }
}

// Generated text is about one token per space-separated word (periods add one each; see emulator/text.ts).
function countWords(text: string): number {
  return text.split(' ').length;
}

function truncateWords(text: string, n: number): string {
  return text.split(' ').slice(0, n).join(' ');
}
