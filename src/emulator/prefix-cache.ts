// Simulated provider prompt cache for the emulator. OpenAI-style automatic caching: prompts of at least
// 1,024 tokens reuse the longest previously seen prefix in 128-token steps; Anthropic-style explicit
// caching: the prefix up to the last `cache_control` breakpoint is read when seen before, else written.
// Prefixes are identified by a rolling hash of token ids; the table is an LRU bounded in entries.

const MIN_CACHEABLE = 1024;
const STEP = 128;

export class PrefixCache {
  private readonly seen = new Map<number, true>();

  constructor(private readonly maxEntries = 200_000) {}

  private touch(h: number): void {
    this.seen.delete(h);
    this.seen.set(h, true);
    if (this.seen.size > this.maxEntries) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }

  /** Rolling prefix hashes at every STEP boundary (index k = hash of the first (k+1)·STEP tokens). */
  private boundaries(tokens: ArrayLike<number>, upTo: number): number[] {
    const out: number[] = [];
    let h = 2166136261;
    for (let i = 0; i < upTo; i++) {
      h = Math.imul(h ^ tokens[i]!, 16777619) >>> 0;
      if ((i + 1) % STEP === 0) out.push(h);
    }
    return out;
  }

  /** Automatic caching: cached prompt tokens for this prompt, then remembers its prefixes. */
  automatic(tokens: ArrayLike<number>): number {
    if (tokens.length < MIN_CACHEABLE) return 0;
    const hs = this.boundaries(tokens, tokens.length);
    let cached = 0;
    for (let k = 0; k < hs.length; k++) {
      if (!this.seen.has(hs[k]!)) break;
      cached = (k + 1) * STEP;
    }
    for (const h of hs) this.touch(h);
    return cached >= MIN_CACHEABLE ? cached : 0;
  }

  /**
   * Explicit caching up to `breakpoint` tokens (the end of the last cache_control block): returns tokens
   * read from the cache and tokens written to it.
   */
  explicit(
    tokens: ArrayLike<number>,
    breakpoint: number,
    minTokens = MIN_CACHEABLE,
  ): { read: number; write: number } {
    const end = Math.min(breakpoint, tokens.length);
    if (end < minTokens) return { read: 0, write: 0 };
    let h = 2166136261;
    for (let i = 0; i < end; i++) h = Math.imul(h ^ tokens[i]!, 16777619) >>> 0;
    const key = (h ^ end) >>> 0;
    if (this.seen.has(key)) {
      this.touch(key);
      return { read: end, write: 0 };
    }
    this.touch(key);
    return { read: 0, write: end };
  }
}
