// Retry policy for upstream calls: which failures are worth another attempt, and how long to wait
// (exponential backoff with jitter, or the upstream's own `retry-after-ms` / `retry-after`).
import type { IncomingHttpHeaders } from 'node:http';

export interface RetryConfig {
  max: number;
  baseMs: number;
  maxMs: number;
}

/** 408, 409 (OpenAI's "retry"), 429 and 5xx except 501/505 are retried; other statuses are final. */
export function retryableStatus(status: number): boolean {
  if (status === 408 || status === 409 || status === 429) return true;
  return status >= 500 && status !== 501 && status !== 505;
}

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Milliseconds the upstream asked us to wait, from `retry-after-ms` or `retry-after` (seconds or a date). */
export function retryAfterMs(headers: IncomingHttpHeaders, now = Date.now()): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const ra = header(headers, 'retry-after');
  if (ra === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(ra.trim())) return Math.ceil(Number(ra) * 1000);
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Backoff before retry number `attempt` (0-based): base × 2^attempt, capped, with 50–100% jitter. */
export function backoffMs(attempt: number, cfg: RetryConfig, random = Math.random): number {
  const exp = Math.min(cfg.maxMs, cfg.baseMs * 2 ** attempt);
  return Math.round(exp * (0.5 + random() * 0.5));
}

/**
 * Wait before the next attempt, or undefined when the upstream asks for longer than `maxMs` (the
 * gateway then moves on to the fallbacks instead of holding the client).
 */
export function retryDelay(
  attempt: number,
  headers: IncomingHttpHeaders | undefined,
  cfg: RetryConfig,
): number | undefined {
  const asked = headers ? retryAfterMs(headers) : undefined;
  if (asked !== undefined) return asked > cfg.maxMs ? undefined : asked;
  return backoffMs(attempt, cfg);
}
