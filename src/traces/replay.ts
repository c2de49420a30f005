// Replays a trace against a gateway: requests are sent at the traced arrival times divided by `speed`,
// with at most `concurrency` in flight, and each response's label headers are collected.
import { Pool } from 'undici';
import { PromptSynthesizer } from './synthesize.js';
import type { Trace } from './types.js';

export interface ReplayOptions {
  /** Gateway base URL, e.g. http://127.0.0.1:8787/v1 */
  target: string;
  model: string;
  /** Time compression: 60 replays an hour in a minute; Infinity sends as fast as concurrency allows. */
  speed: number;
  limit: number;
  concurrency: number;
  maxInputTokens?: number;
  apiKey?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface ReplayResult {
  requestId: string | undefined;
  status: number;
  cache: string | undefined;
  servedModel: string | undefined;
  costUsd: number;
  latencyMs: number;
  error?: string;
}

/** `401: Invalid API key` from an error response (OpenAI or Anthropic body), for failure reasons. */
function errorMessage(status: number, text: string): string {
  let message = '';
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const e = body.error;
    message = typeof e === 'string' ? e : String(e?.message ?? body.message ?? '');
  } catch {
    message = text.slice(0, 200);
  }
  return `${status}${message ? `: ${message.split('\n')[0]!.slice(0, 200)}` : ''}`;
}

/** Sends the first `limit` requests of a trace; resolves when all have completed. */
export async function replayTrace(trace: Trace, o: ReplayOptions): Promise<ReplayResult[]> {
  const url = new URL(o.target.replace(/\/+$/, '') + '/chat/completions');
  const pool = new Pool(url.origin, { connections: Math.max(1, o.concurrency), pipelining: 1 });
  const synth = new PromptSynthesizer(trace, {
    model: o.model,
    ...(o.maxInputTokens ? { maxInputTokens: o.maxInputTokens } : {}),
  });
  const requests = trace.requests.filter((r) => !r.failed).slice(0, o.limit);
  const results: ReplayResult[] = new Array(requests.length);
  const t0 = Date.now();
  const first = requests[0]?.tMs ?? 0;
  let inFlight = 0;
  let done = 0;
  const waiters: Array<() => void> = [];
  const slot = () =>
    inFlight < o.concurrency ? Promise.resolve() : new Promise<void>((r) => waiters.push(r));
  const tasks: Promise<void>[] = [];
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i]!;
    const due = Number.isFinite(o.speed) ? t0 + (r.tMs - first) / o.speed : 0;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((res) => setTimeout(res, wait));
    await slot();
    inFlight++;
    const body = JSON.stringify(synth.request(i, r));
    const started = Date.now();
    tasks.push(
      pool
        .request({
          method: 'POST',
          path: url.pathname,
          headers: {
            'content-type': 'application/json',
            ...(o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {}),
          },
          body,
        })
        .then(async (res) => {
          const text = await res.body.text();
          const h = (k: string) => {
            const v = res.headers[k];
            return Array.isArray(v) ? v[0] : v;
          };
          results[i] = {
            requestId: h('x-margin-request-id'),
            status: res.statusCode,
            cache: h('x-margin-cache'),
            servedModel: h('x-margin-model'),
            costUsd: Number(h('x-margin-cost-usd') ?? 0),
            latencyMs: Date.now() - started,
            ...(res.statusCode >= 400 ? { error: errorMessage(res.statusCode, text) } : {}),
          };
        })
        .catch((err: Error) => {
          results[i] = {
            requestId: undefined,
            status: 0,
            cache: undefined,
            servedModel: undefined,
            costUsd: 0,
            latencyMs: Date.now() - started,
            error: err.message,
          };
        })
        .finally(() => {
          inFlight--;
          done++;
          o.onProgress?.(done, requests.length);
          waiters.shift()?.();
        }),
    );
  }
  await Promise.all(tasks);
  await pool.close();
  return results;
}
