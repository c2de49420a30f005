// Whether a request may be answered from / stored into the exact cache: the determinism rule, the
// per-request `x-margin-cache` header and per-model config, in that order of precedence.
import { MarginError } from '../errors/index.js';
import type { ExactCacheConfig } from './config.js';

/** `no-store`: neither look up nor store; `no-cache`: skip lookup, store the fresh answer; `force`: cache even a non-deterministic request. */
export type CacheDirective = 'no-store' | 'no-cache' | 'force';

export interface CacheDecision {
  lookup: boolean;
  store: boolean;
  ttlMs: number;
  /** Why (for logs and the ledger's route/notes). */
  reason: string;
}

const DIRECTIVES: ReadonlySet<string> = new Set(['no-store', 'no-cache', 'force']);

/** Parses the `x-margin-cache` request header; an unknown value is a 400 naming the header. */
export function parseCacheDirective(value: string | string[] | undefined): CacheDirective | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim().toLowerCase();
  if (v === undefined || v === '') return undefined;
  if (DIRECTIVES.has(v)) return v as CacheDirective;
  throw new MarginError(
    'MARGIN_ERR_BAD_REQUEST',
    `Invalid x-margin-cache header '${v}': expected no-store, no-cache or force.`,
    { param: 'x-margin-cache' },
  );
}

/** True when the request asks for a reproducible answer: temperature 0 or an explicit seed. */
export function isDeterministic(body: Readonly<Record<string, unknown>>): boolean {
  return body.temperature === 0 || (typeof body.seed === 'number' && Number.isFinite(body.seed));
}

/** Decides lookup/store for one request. */
export function decideExact(
  body: Readonly<Record<string, unknown>>,
  model: string,
  directive: CacheDirective | undefined,
  config: ExactCacheConfig,
): CacheDecision {
  const rule = config.models[model];
  const ttlMs = (rule?.ttlS ?? config.ttlS) * 1000;
  const no = (reason: string): CacheDecision => ({ lookup: false, store: false, ttlMs, reason });
  if (!config.enabled) return no('exact cache disabled');
  if (directive === 'no-store') return no('x-margin-cache: no-store');
  const mode = rule?.mode ?? config.mode;
  let allowed: boolean;
  let reason: string;
  // The operator's per-model `off` wins over a client's `force` (e.g. a model whose answers must not be kept).
  if (mode === 'off') return no(`caching off for ${model}`);
  if (directive === 'force') {
    allowed = true;
    reason = 'x-margin-cache: force';
  } else if (mode === 'always') {
    allowed = true;
    reason = `caching always on for ${model}`;
  } else {
    allowed = isDeterministic(body);
    reason = allowed ? 'deterministic request' : 'non-deterministic request (no temperature 0 or seed)';
  }
  if (!allowed) return no(reason);
  if (directive === 'no-cache')
    return { lookup: false, store: true, ttlMs, reason: 'x-margin-cache: no-cache' };
  return { lookup: true, store: true, ttlMs, reason };
}
