// Upstream calls: one undici Pool per origin (keep-alive, connect / first-byte / idle timeouts), retries
// with backoff on 429/5xx and connection errors honouring `retry-after`, then the ordered fallback list.
import { type Dispatcher, Pool } from 'undici';
import { MarginError } from '../errors/index.js';
import type { UpstreamHttpRequest } from '../providers/types.js';
import { redactUrls } from '../util/redact.js';
import { type ClientGone, sleepUnlessGone } from './abort.js';
import type { Metrics } from './metrics.js';
import type { ResolvedModel } from './models.js';
import { type RetryConfig, retryableStatus, retryDelay } from './retry.js';

export interface TimeoutConfig {
  connectMs: number;
  firstByteMs: number;
  idleMs: number;
}

type Body = Dispatcher.ResponseData['body'];

/** A response the gateway will forward (2xx), or an error response to re-wrap, with the model that gave it. */
export type UpstreamResult =
  | {
      ok: true;
      model: ResolvedModel;
      status: number;
      headers: Dispatcher.ResponseData['headers'];
      body: Body;
    }
  | {
      ok: false;
      model: ResolvedModel;
      status: number;
      headers: Dispatcher.ResponseData['headers'];
      text: string;
    };

/** Keeps one connection pool per upstream origin. */
export class Upstreams {
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly timeouts: TimeoutConfig) {}

  pool(origin: string): Pool {
    let p = this.pools.get(origin);
    if (!p) {
      p = new Pool(origin, {
        connect: { timeout: this.timeouts.connectMs },
        headersTimeout: this.timeouts.firstByteMs,
        bodyTimeout: this.timeouts.idleMs,
        keepAliveTimeout: 30_000,
        pipelining: 1,
      });
      this.pools.set(origin, p);
    }
    return p;
  }

  /** One request, no retries. */
  request(
    origin: string,
    r: UpstreamHttpRequest,
    signal?: AbortSignal | ClientGone,
  ): Promise<Dispatcher.ResponseData> {
    return this.pool(origin).request({
      path: r.path,
      method: r.method,
      headers: r.headers,
      body: r.body ?? null,
      signal: signal ?? null,
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close().catch(() => undefined)));
    this.pools.clear();
  }

  /** Closes connections at once (in-flight requests fail). */
  async destroy(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.destroy().catch(() => undefined)));
    this.pools.clear();
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Error code of an undici / socket error (`UND_ERR_…`, `ECONNREFUSED`, …). */
export function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 3 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** How a client-visible message names an upstream: provider and model, never its URL (credentials, hosts). */
export function upstreamName(model: ResolvedModel): string {
  return `(provider ${model.provider}, model ${model.target.upstreamModel || model.name})`;
}

/** A MarginError (502 unreachable or 504 timeout) describing a failed upstream call. */
export function upstreamFailure(err: unknown, model: ResolvedModel): MarginError {
  const code = errorCode(err);
  const detail = redactUrls(err instanceof Error ? err.message : String(err));
  const where = upstreamName(model);
  if (code && TIMEOUT_CODES.has(code)) {
    return new MarginError('MARGIN_ERR_UPSTREAM_TIMEOUT', `Upstream ${where} timed out: ${detail}`, {
      cause: err,
    });
  }
  return new MarginError(
    'MARGIN_ERR_UPSTREAM_UNREACHABLE',
    `Upstream ${where} is unreachable: ${code ?? ''}${code ? ' ' : ''}${detail}`.trim(),
    { cause: err },
  );
}

export interface CallOptions {
  upstreams: Upstreams;
  retries: RetryConfig;
  metrics: Metrics;
  signal: ClientGone;
  /** Counts attempts for the ledger/metrics. */
  onAttempt?: (model: ResolvedModel) => void;
}

/**
 * Calls the candidates in order. Each gets 1 + `retries.max` attempts on retryable failures (429, 5xx,
 * connection errors, timeouts); any other response is final. When every candidate failed, the last error
 * response is returned (to be re-wrapped) or, if none answered, the last connection error is thrown.
 */
export async function callUpstream(
  candidates: readonly ResolvedModel[],
  build: (model: ResolvedModel) => UpstreamHttpRequest,
  opts: CallOptions,
): Promise<UpstreamResult> {
  let lastResponse: UpstreamResult | undefined;
  let lastError: MarginError | undefined;
  for (const model of candidates) {
    const req = build(model);
    for (let attempt = 0; attempt <= opts.retries.max; attempt++) {
      if (opts.signal.aborted) throw opts.signal.reason;
      opts.onAttempt?.(model);
      let res: Dispatcher.ResponseData;
      try {
        res = await opts.upstreams.request(model.origin, req, opts.signal);
      } catch (err) {
        if (opts.signal.aborted) throw opts.signal.reason;
        lastError = upstreamFailure(err, model);
        if (attempt === opts.retries.max) break;
        opts.metrics.retry(model.provider, 'error');
        await sleepUnlessGone(retryDelay(attempt, undefined, opts.retries) ?? 0, opts.signal);
        continue;
      }
      if (res.statusCode < 400)
        return { ok: true, model, status: res.statusCode, headers: res.headers, body: res.body };
      const text = await res.body.text().catch(() => '');
      lastResponse = { ok: false, model, status: res.statusCode, headers: res.headers, text };
      lastError = undefined;
      if (!retryableStatus(res.statusCode)) return lastResponse;
      if (attempt === opts.retries.max) break;
      const wait = retryDelay(attempt, res.headers, opts.retries);
      if (wait === undefined) break; // asked to wait longer than retries.maxMs: try the fallbacks now
      opts.metrics.retry(model.provider, 'status');
      await sleepUnlessGone(wait, opts.signal);
    }
  }
  if (lastError) throw lastError;
  if (lastResponse) return lastResponse;
  throw new MarginError('MARGIN_ERR_INTERNAL', 'No upstream candidate to call.');
}
