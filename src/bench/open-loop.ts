// Open-loop load at a steady request rate (undici Pool, keep-alive). autocannon's `overallRate` is not used
// for this: it lets each connection fire its per-second quota back to back at the start of every second,
// which measures bursts of closed-loop load rather than a steady 2,000 req/s.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import type { LoadResult } from './load.js';
import { quantile } from './stats.js';

export interface RateSpec {
  url: string;
  body: string;
  /** Requests per second, sent on a fixed schedule whatever the responses do. */
  rate: number;
  durationS: number;
  /** Most connections the pool may open (requests beyond it queue in the client). */
  connections: number;
  headers?: Record<string, string>;
}

/** Sends `rate` req/s for `durationS` and reports latency from each request's send to its last byte. */
export async function runFixedRate(spec: RateSpec): Promise<LoadResult> {
  const u = new URL(spec.url);
  const pool = new Pool(u.origin, { connections: spec.connections, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let sent = 0;
  const total = Math.round(spec.rate * spec.durationS);
  const headers = { 'content-type': 'application/json', ...spec.headers };
  const inflight = new Set<Promise<void>>();
  const fire = () => {
    const t0 = performance.now();
    const p = pool
      .request({ origin: u.origin, path: u.pathname, method: 'POST', headers, body: spec.body })
      .then(async (res) => {
        await res.body.dump({ limit: Number.POSITIVE_INFINITY });
        if (res.statusCode >= 200 && res.statusCode < 300) latencies.push(performance.now() - t0);
        else non2xx++;
      })
      .catch(() => {
        errors++;
      })
      .finally(() => inflight.delete(p));
    inflight.add(p);
  };
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * spec.rate) + 1);
      while (sent < due) {
        fire();
        sent++;
      }
      if (sent >= total) resolve();
      else setTimeout(tick, 0.5);
    };
    tick();
  });
  await Promise.all(inflight);
  const elapsed = (performance.now() - start) / 1000;
  await pool.close();
  return {
    requests: sent,
    rps: latencies.length / elapsed,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    errors,
    non2xx,
  };
}
