// Governance in the gateway: when the key store holds at least one active key, every request must present
// one (`Authorization: Bearer <key>` or `x-api-key`) → 401 otherwise (stage 2); the key's requests/min
// limit is taken there too (429 + retry-after). Its monthly budget and tokens/min are reserved before the
// upstream call (stage 4b, 429) and settled with the metered cost when the ledger record is made. With
// `governance.redis` the limits are shared by every replica (limits/redis.ts), else kept in this process.
import { MarginError } from '../errors/index.js';
import { headerSecrets } from '../gateway/admin/credentials.js';
import type { GatewayHooks, RequestContext } from '../gateway/hooks.js';
import { openKeyStore } from './keys/index.js';
import { type ApiKey, hashKey, type KeyStore } from './keys/store.js';
import { LocalLimits } from './limits/local.js';
import type { RedisLimits } from './limits/redis.js';
import type { Limits } from './limits/types.js';
import { SpendBook } from './spend.js';

/** How long a verified key is trusted before the store is read again (revocations and new caps). */
const KEY_TTL_MS = 5000;
/** While the key store is unreachable, a key verified this recently keeps working. */
const KEY_STALE_MS = 10 * 60_000;
const KEY_CACHE_LIMIT = 10_000;

export interface GovernanceOptions {
  now?: () => number;
  /** How often settled spend is written to the key store and read back (default 1 s). */
  flushIntervalMs?: number;
  /** Share budgets and rate limits with other replicas through this Redis. */
  redis?: { url: string; keyPrefix: string; leaseMs?: number };
  /** Operational log lines (default: stderr). */
  log?: (line: string) => void;
}

export interface Governance {
  authenticate: NonNullable<GatewayHooks['authenticate']>;
  identify: NonNullable<GatewayHooks['identify']>;
  authenticateAs: NonNullable<GatewayHooks['authenticateAs']>;
  budget: NonNullable<GatewayHooks['budget']>;
  /** The active key a secret belongs to (cached like authentication), without taking from its limits. */
  lookup(secret: string): Promise<ApiKey | undefined>;
  store: KeyStore;
  limits: Limits;
  spend: SpendBook;
  /** Present with `redis`: 1 while limits are shared, 0 while this replica enforces them alone. */
  shared: RedisLimits | undefined;
  /** Active keys when the gateway started. */
  activeKeys: number;
  /** Writes pending spend and closes the store and Redis. */
  close(): Promise<void>;
}

const principal = (key: ApiKey) => ({ keyId: key.id, tenant: key.tenant, admin: key.admin });

/**
 * Opens governance on a key store (a URL or path, or an open KeyStore). Returns undefined, and leaves the
 * gateway open, when a SQLite file does not exist or the store holds no active key.
 */
export async function openGovernance(
  db: string | KeyStore,
  options: GovernanceOptions = {},
): Promise<Governance | undefined> {
  const store = typeof db === 'string' ? await openKeyStore(db, { onlyIfPresent: true }) : db;
  if (!store) return undefined;
  const activeKeys = (await store.list()).filter((k) => k.revokedAt === null).length;
  if (activeKeys === 0) {
    if (typeof db === 'string') await store.close();
    return undefined;
  }
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let spendWarned = false;
  const spend = new SpendBook(
    store,
    (err) => {
      if (spendWarned) return;
      spendWarned = true; // once per outage: the pending spend is kept and retried every flush
      log(
        `margin governance: key store write failed (${err.message.split('\n')[0]}); spend kept and retried`,
      );
    },
    now,
    options.flushIntervalMs,
  );
  const local = new LocalLimits(spend, now);
  let shared: RedisLimits | undefined;
  if (options.redis) {
    const { RedisLimits } = await import('./limits/redis.js');
    shared = new RedisLimits({ ...options.redis, spend, local, log });
    await shared.ready(); // start-up only: a Redis that is down is said once and served around
  }
  const limits: Limits = shared ?? local;
  const verified = new Map<string, { key: ApiKey | undefined; at: number }>();
  const callers = new WeakMap<RequestContext, ApiKey>();

  const lookup = async (secret: string): Promise<ApiKey | undefined> => {
    const hash = hashKey(secret);
    const t = now();
    const hit = verified.get(hash);
    if (hit && t - hit.at < KEY_TTL_MS) return hit.key;
    let key: ApiKey | undefined;
    try {
      key = await store.verify(secret);
      spendWarned = false;
    } catch (err) {
      if (hit && t - hit.at < KEY_STALE_MS) return hit.key;
      throw new MarginError('MARGIN_ERR_INTERNAL', 'The key store is unreachable; try again shortly.', {
        cause: err,
      });
    }
    if (verified.size >= KEY_CACHE_LIMIT) verified.clear();
    verified.set(hash, { key, at: t });
    return key;
  };

  const authenticate: Governance['authenticate'] = async (ctx) => {
    const secrets = headerSecrets(ctx.headers);
    if (secrets.length === 0) {
      throw new MarginError(
        'MARGIN_ERR_UNAUTHENTICATED',
        'This gateway requires an API key: send `Authorization: Bearer <key>` or `x-api-key: <key>` (create one with `margin keys create`).',
      );
    }
    let key: ApiKey | undefined;
    for (const s of secrets) {
      key = await lookup(s);
      if (key) break;
    }
    if (!key) throw new MarginError('MARGIN_ERR_UNAUTHENTICATED', 'Invalid or revoked API key.');
    await limits.takeRequest(key);
    callers.set(ctx, key);
    return {
      ...principal(key),
      ...(key.maxOutputTokens !== null ? { maxOutputTokens: key.maxOutputTokens } : {}),
    };
  };

  const identify: Governance['identify'] = async (secret) => {
    const key = await lookup(secret);
    return key ? principal(key) : undefined;
  };

  // Work a caller queued earlier (batch lines, deferred requests), run by the gateway itself: the key is
  // looked up by id (it may have been revoked since); its budget applies, its requests/min limit does not.
  const authenticateAs: Governance['authenticateAs'] = async (ctx, keyId) => {
    let key: ApiKey;
    try {
      key = await store.get(keyId);
    } catch {
      throw new MarginError('MARGIN_ERR_UNAUTHENTICATED', `API key ${keyId} no longer exists.`);
    }
    if (key.revokedAt !== null)
      throw new MarginError('MARGIN_ERR_UNAUTHENTICATED', `API key ${keyId} was revoked.`);
    callers.set(ctx, key);
    return {
      ...principal(key),
      ...(key.maxOutputTokens !== null ? { maxOutputTokens: key.maxOutputTokens } : {}),
    };
  };

  const budget: Governance['budget'] = async (ctx, worst) => {
    const key = callers.get(ctx);
    if (!key) return undefined;
    // Keys without a budget reserve nothing but still have their spend booked.
    const usd = key.monthlyBudgetUsd === null ? 0 : worst.usd();
    const tokens = key.rateLimitTpm === null ? 0 : worst.promptTokens();
    return limits.admit(key, usd, tokens);
  };

  return {
    authenticate,
    identify,
    authenticateAs,
    budget,
    lookup,
    store,
    limits,
    spend,
    shared,
    activeKeys,
    async close() {
      await shared?.close();
      await spend.close();
      await store.close();
    },
  };
}
