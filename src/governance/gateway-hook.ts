// Governance in the gateway: when the key database holds at least one active key, every request must
// present one (`Authorization: Bearer <key>` or `x-api-key`) → 401 otherwise (stage 2); the key's rate
// limit is taken there too (429 + retry-after). Its monthly budget is reserved before the upstream call
// (stage 4b, 429 insufficient_quota) and settled with the metered cost when the ledger record is made.
import { existsSync } from 'node:fs';
import { MarginError } from '../errors/index.js';
import { headerSecrets } from '../gateway/admin/credentials.js';
import type { GatewayHooks, RequestContext } from '../gateway/hooks.js';
import { BudgetTracker } from './budget.js';
import { type ApiKey, hashKey, KeyStore } from './key-store.js';
import { RateLimiter } from './rate-limit.js';

/** How long a verified key is trusted before the database is read again (revocations and new caps). */
const KEY_TTL_MS = 5000;
const KEY_CACHE_LIMIT = 10_000;

export interface GovernanceOptions {
  now?: () => number;
  /** How often settled spend is written to the key database (default 1 s). */
  flushIntervalMs?: number;
}

export interface Governance {
  authenticate: NonNullable<GatewayHooks['authenticate']>;
  identify: NonNullable<GatewayHooks['identify']>;
  budget: NonNullable<GatewayHooks['budget']>;
  store: KeyStore;
  budgets: BudgetTracker;
  /** Active keys when the gateway started. */
  activeKeys: number;
  /** Writes pending spend and closes the database. */
  close(): void;
}

const principal = (key: ApiKey) => ({ keyId: key.id, tenant: key.tenant, admin: key.admin });

/**
 * Opens governance on a key database (a path, or an open KeyStore). Returns undefined, and leaves the
 * gateway open, when the file does not exist or holds no active key.
 */
export function openGovernance(
  db: string | KeyStore,
  options: GovernanceOptions = {},
): Governance | undefined {
  if (typeof db === 'string' && db !== ':memory:' && !existsSync(db)) return undefined;
  const store = typeof db === 'string' ? new KeyStore(db) : db;
  const activeKeys = store.list().filter((k) => k.revokedAt === null).length;
  if (activeKeys === 0) {
    if (typeof db === 'string') store.close();
    return undefined;
  }
  const now = options.now ?? Date.now;
  const budgets = new BudgetTracker(store, now, options.flushIntervalMs);
  const limiter = new RateLimiter(now);
  const verified = new Map<string, { key: ApiKey | undefined; until: number }>();
  const callers = new WeakMap<RequestContext, ApiKey>();

  const lookup = (secret: string): ApiKey | undefined => {
    const hash = hashKey(secret);
    const t = now();
    const hit = verified.get(hash);
    if (hit && hit.until > t) return hit.key;
    const key = store.verify(secret);
    if (verified.size >= KEY_CACHE_LIMIT) verified.clear();
    verified.set(hash, { key, until: t + KEY_TTL_MS });
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
      key = lookup(s);
      if (key) break;
    }
    if (!key) throw new MarginError('MARGIN_ERR_UNAUTHENTICATED', 'Invalid or revoked API key.');
    if (key.rateLimitRpm !== null) limiter.take(key.id, key.rateLimitRpm);
    callers.set(ctx, key);
    return principal(key);
  };

  const identify: Governance['identify'] = async (secret) => {
    const key = lookup(secret);
    return key ? principal(key) : undefined;
  };

  const budget: Governance['budget'] = (ctx, estimateUsd) => {
    const key = callers.get(ctx);
    if (!key) return undefined;
    // Keys without a cap reserve nothing but still have their spend booked.
    const r = budgets.reserve(key, key.monthlyBudgetUsd === null ? 0 : estimateUsd());
    let settled = false;
    return {
      settle(actualUsd) {
        if (settled) return;
        settled = true;
        budgets.settle(r, actualUsd);
      },
    };
  };

  return {
    authenticate,
    identify,
    budget,
    store,
    budgets,
    activeKeys,
    close() {
      budgets.close();
      store.close();
    },
  };
}
