// Per-key request-rate limits: a token bucket of `rpm` requests refilled continuously; a refused request
// gets 429 with the seconds until the next token in `retry-after`.
import { MarginError } from '../errors/index.js';

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one request from the key's bucket or throws MARGIN_ERR_RATE_LIMITED. */
  take(keyId: string, rpm: number): void {
    const t = this.now();
    const rate = rpm / 60_000; // tokens per ms
    const b = this.buckets.get(keyId) ?? { tokens: rpm, at: t };
    b.tokens = Math.min(rpm, b.tokens + (t - b.at) * rate);
    b.at = t;
    if (b.tokens < 1) {
      this.buckets.set(keyId, b);
      // A bucket refills a token within a minute; the clamp keeps a zero rate (a cap stored before caps
      // were checked) from answering `retry-after: Infinity`.
      const retryAfterS = Math.min(60, Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000)));
      throw new MarginError(
        'MARGIN_ERR_RATE_LIMITED',
        `Rate limit of ${rpm} requests/minute reached for key ${keyId}; retry in ${retryAfterS}s.`,
        { retryAfterS },
      );
    }
    b.tokens -= 1;
    this.buckets.set(keyId, b);
  }
}
