// In-process token buckets (requests/min and tokens/min per key): `rate` per minute, refilled continuously,
// at most `rate` banked. A bucket may go negative when a request used more tokens than it was admitted with;
// later requests then wait for the debt to refill.
import { MarginError } from '../../errors/index.js';

interface Bucket {
  tokens: number;
  at: number;
}

/** Seconds until a bucket holding `tokens` of `rate`/min can give `cost` (at least 1, at most 60). */
export function retryAfterS(tokens: number, cost: number, rate: number): number {
  const perMs = rate / 60_000;
  const s = perMs > 0 ? Math.ceil((cost - tokens) / perMs / 1000) : 60;
  return Math.min(60, Math.max(1, s));
}

export function rateLimited(what: string, rate: number, keyId: string, retryS: number): MarginError {
  return new MarginError(
    'MARGIN_ERR_RATE_LIMITED',
    `Rate limit of ${rate} ${what}/minute reached for key ${keyId}; retry in ${retryS}s.`,
    { retryAfterS: retryS },
  );
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  private refill(id: string, rate: number): Bucket {
    const t = this.now();
    const b = this.buckets.get(id) ?? { tokens: rate, at: t };
    b.tokens = Math.min(rate, b.tokens + (t - b.at) * (rate / 60_000));
    b.at = t;
    this.buckets.set(id, b);
    return b;
  }

  /** Seconds to wait before `cost` (capped at `rate`, so one large request can pass) can be taken, or 0. */
  wait(id: string, rate: number, cost: number): number {
    const b = this.refill(id, rate);
    const need = rate > 0 ? Math.min(cost, rate) : cost;
    return b.tokens >= need ? 0 : retryAfterS(b.tokens, need, rate);
  }

  /** Adds `delta` (negative: takes) without checking; the balance never exceeds `rate`. */
  adjust(id: string, rate: number, delta: number): void {
    const b = this.refill(id, rate);
    b.tokens = Math.min(rate, b.tokens + delta);
  }

  /** Takes `cost` or throws MARGIN_ERR_RATE_LIMITED naming `what` (requests, tokens). */
  take(id: string, rate: number, cost: number, what: string, keyId: string): void {
    const w = this.wait(id, rate, cost);
    if (w > 0) throw rateLimited(what, rate, keyId, w);
    this.adjust(id, rate, -cost);
  }
}
