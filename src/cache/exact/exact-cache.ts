// The exact response cache: key + policy + backend. Lookup happens before routing, store after the
// response (with its usage and label); a hit is an answer at $0 that records what it saved.
import type { Label } from '../../meter/index.js';
import type { Usage } from '../../meter/usage.js';
import type { ExactCacheConfig } from '../config.js';
import type { CacheEntry } from '../entry.js';
import { type CacheProtocol, exactCacheKey } from '../key.js';
import { type CacheDecision, type CacheDirective, decideExact } from '../policy.js';
import { createWarner, type Warner } from '../warn.js';
import type { ExactBackend } from './backend.js';
import { MemoryBackend } from './memory.js';
import { RedisBackend } from './redis.js';

export interface CacheRequest {
  tenant: string | null;
  protocol: CacheProtocol;
  /** Model name the client asked for (per-model config is keyed by it). */
  model: string;
  /** The request body as received (OpenAI canonical or native Anthropic). */
  body: Readonly<Record<string, unknown>>;
  directive?: CacheDirective | undefined;
}

export interface ExactLookup {
  decision: CacheDecision;
  /** Set when the request is cacheable (lookup or store allowed). */
  key: string | undefined;
  /** The stored answer on a hit. */
  entry: CacheEntry | undefined;
}

export interface StoredAnswer {
  response: Record<string, unknown>;
  usage: Usage;
  label: Label | null;
  servedModel: string | null;
  provider: string | null;
}

export interface ExactCacheOptions {
  backend?: ExactBackend;
  warner?: Warner;
  now?: () => number;
}

export class ExactCache {
  readonly backend: ExactBackend;
  private readonly now: () => number;

  constructor(
    readonly config: ExactCacheConfig,
    options: ExactCacheOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.backend =
      options.backend ??
      (config.backend === 'redis'
        ? new RedisBackend({ ...config.redis, warner: options.warner ?? createWarner() })
        : new MemoryBackend({ maxBytes: config.maxBytes, now: this.now }));
  }

  /** Decides and, when allowed, looks the request up. Never throws for backend trouble. */
  async lookup(req: CacheRequest): Promise<ExactLookup> {
    const decision = decideExact(req.body, req.model, req.directive, this.config);
    if (!decision.lookup && !decision.store) return { decision, key: undefined, entry: undefined };
    const key = exactCacheKey(req.body, req.tenant, req.protocol);
    const entry = decision.lookup ? await this.backend.get(key) : undefined;
    return { decision, key, entry: entry?.protocol === req.protocol ? entry : undefined };
  }

  /** Stores a successful answer under the key a previous lookup computed (no-op when not storable). */
  async store(lookup: ExactLookup, protocol: CacheProtocol, answer: StoredAnswer): Promise<boolean> {
    if (!lookup.decision.store || lookup.key === undefined) return false;
    await this.backend.set(lookup.key, { protocol, ...answer, createdAt: this.now() }, lookup.decision.ttlMs);
    return true;
  }

  async close(): Promise<void> {
    await this.backend.close();
  }
}
