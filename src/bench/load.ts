// One closed-loop load-generator run with autocannon (`connections` requests always in flight). Latencies are collected from autocannon's per-response events at
// full (sub-millisecond) resolution, since its own histogram rounds to whole milliseconds.
import { createRequire } from 'node:module';
import { quantile } from './stats.js';

interface AutocannonResult {
  requests: { total: number; average: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

interface AutocannonInstance {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  stop(): void;
}

type Autocannon = (
  opts: Record<string, unknown>,
  done: (err: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadSpec {
  /** Full URL, e.g. http://127.0.0.1:8787/v1/chat/completions */
  url: string;
  body: string;
  headers?: Record<string, string>;
  connections: number;
  durationS: number;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

/** Runs one bounded load test and reports throughput and exact latency percentiles of 2xx responses. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const opts: Record<string, unknown> = {
      url: spec.url,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...spec.headers },
      body: spec.body,
      connections: spec.connections,
      duration: spec.durationS,
      pipelining: 1,
    };
    const instance = autocannon(opts, (err, r) => {
      if (err) return reject(err);
      resolve({
        requests: r.requests.total,
        rps: r.duration > 0 ? latencies.length / r.duration : 0,
        p50Ms: quantile(latencies, 0.5),
        p99Ms: quantile(latencies, 0.99),
        errors: r.errors + r.timeouts,
        non2xx: r.non2xx,
      });
    });
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
}
