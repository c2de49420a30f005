// API keys for the gateway, stored hashed (sha256) in SQLite: a leaked database never reveals a usable
// key. Each key belongs to a tenant and may carry a monthly budget (USD) and a request-rate limit; an admin
// key may also read the dashboard, /api/*, /metrics and every tenant's data.
import { createHash, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { MarginError } from '../errors/index.js';

export interface ApiKey {
  /** Public id (first 12 hex chars of the hash): safe to log and to put in the ledger. */
  id: string;
  tenant: string;
  name: string;
  createdAt: number;
  revokedAt: number | null;
  /** Monthly spend cap in USD, or null for none. */
  monthlyBudgetUsd: number | null;
  /** Requests per minute, or null for none. */
  rateLimitRpm: number | null;
  /** May read the dashboard, /api/*, /metrics and other tenants' requests. */
  admin: boolean;
}

/** What `create` accepts (caps are checked by `checkCaps`). */
export interface NewKey {
  tenant: string;
  name?: string;
  monthlyBudgetUsd?: number;
  rateLimitRpm?: number;
  admin?: boolean;
}

interface KeyRow {
  id: string;
  hash: string;
  tenant: string;
  name: string;
  created_at: number;
  revoked_at: number | null;
  monthly_budget_usd: number | null;
  rate_limit_rpm: number | null;
  admin: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS margin_keys (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  tenant TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER,
  monthly_budget_usd REAL,
  rate_limit_rpm INTEGER,
  admin INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS margin_key_spend (
  key_id TEXT NOT NULL,
  month TEXT NOT NULL,
  spent_usd REAL NOT NULL,
  PRIMARY KEY (key_id, month)
);`;

export const hashKey = (secret: string): string => createHash('sha256').update(secret).digest('hex');

const toKey = (r: KeyRow): ApiKey => ({
  id: r.id,
  tenant: r.tenant,
  name: r.name,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  monthlyBudgetUsd: r.monthly_budget_usd,
  rateLimitRpm: r.rate_limit_rpm,
  admin: r.admin === 1,
});

/** Largest rate limit accepted (a million requests a second): beyond it a limit means nothing. */
export const MAX_RPM = 60_000_000;

/**
 * Refuses caps that cannot work: a budget must be a positive, finite number of dollars and a rate limit a
 * positive whole number of requests per minute (0 would refuse every request with `retry-after: Infinity`;
 * revoke a key to block it). `null` (no cap) and `undefined` (unchanged) pass.
 */
export function checkCaps(
  caps: { monthlyBudgetUsd?: number | null | undefined; rateLimitRpm?: number | null | undefined },
  names = { budget: 'budget', rpm: 'rpm' },
): void {
  const b = caps.monthlyBudgetUsd;
  if (b != null && !(Number.isFinite(b) && b > 0)) {
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `${names.budget} must be a positive number of US dollars per month (got ${b}); use 'none' for no budget or revoke the key to block it`,
      { param: 'monthlyBudgetUsd' },
    );
  }
  const r = caps.rateLimitRpm;
  if (r != null && !(Number.isInteger(r) && r >= 1 && r <= MAX_RPM)) {
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `${names.rpm} must be a whole number of requests per minute from 1 to ${MAX_RPM} (got ${r}); use 'none' for no limit or revoke the key to block it`,
      { param: 'rateLimitRpm' },
    );
  }
}

/** `2026-11` for a timestamp (UTC): budgets reset at the start of each calendar month. */
export const monthOf = (ts: number): string => new Date(ts).toISOString().slice(0, 7);

export class KeyStore {
  private readonly db: Database.Database;

  /** Opens (creating if needed) the key tables in a SQLite file (`:memory:` for tests). */
  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    // Key databases made before admin keys existed get the column (every old key is a tenant key).
    const cols = this.db.prepare('PRAGMA table_info(margin_keys)').all() as Array<{ name: string }>;
    if (!cols.some((c) => c.name === 'admin')) {
      this.db.exec('ALTER TABLE margin_keys ADD COLUMN admin INTEGER NOT NULL DEFAULT 0');
    }
  }

  /** Creates a key; the secret is returned once and never stored. */
  create(opts: NewKey): { secret: string; key: ApiKey } {
    if (!/^[\w.-]{1,64}$/.test(opts.tenant)) {
      throw new MarginError(
        'MARGIN_ERR_BAD_ARGUMENT',
        `tenant must be 1–64 letters, digits, '_', '.' or '-' (got '${opts.tenant}')`,
      );
    }
    checkCaps(opts);
    const secret = `mk-${randomBytes(24).toString('base64url')}`;
    const hash = hashKey(secret);
    const row: KeyRow = {
      id: hash.slice(0, 12),
      hash,
      tenant: opts.tenant,
      name: opts.name ?? '',
      created_at: Date.now(),
      revoked_at: null,
      monthly_budget_usd: opts.monthlyBudgetUsd ?? null,
      rate_limit_rpm: opts.rateLimitRpm ?? null,
      admin: opts.admin ? 1 : 0,
    };
    this.db
      .prepare(
        'INSERT INTO margin_keys (id, hash, tenant, name, created_at, revoked_at, monthly_budget_usd, rate_limit_rpm, admin) VALUES (@id, @hash, @tenant, @name, @created_at, @revoked_at, @monthly_budget_usd, @rate_limit_rpm, @admin)',
      )
      .run(row);
    return { secret, key: toKey(row) };
  }

  /** The active key for a presented secret, or undefined (unknown or revoked). */
  verify(secret: string): ApiKey | undefined {
    const row = this.db.prepare('SELECT * FROM margin_keys WHERE hash = ?').get(hashKey(secret)) as
      | KeyRow
      | undefined;
    return row && row.revoked_at === null ? toKey(row) : undefined;
  }

  list(): ApiKey[] {
    return (this.db.prepare('SELECT * FROM margin_keys ORDER BY created_at').all() as KeyRow[]).map(toKey);
  }

  get(id: string): ApiKey {
    const row = this.db.prepare('SELECT * FROM margin_keys WHERE id = ?').get(id) as KeyRow | undefined;
    if (!row) throw new MarginError('MARGIN_ERR_NOT_FOUND', `no key with id '${id}'`);
    return toKey(row);
  }

  revoke(id: string): ApiKey {
    this.get(id);
    this.db
      .prepare('UPDATE margin_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(Date.now(), id);
    return this.get(id);
  }

  update(id: string, patch: { monthlyBudgetUsd?: number | null; rateLimitRpm?: number | null }): ApiKey {
    const k = this.get(id);
    checkCaps(patch);
    this.db
      .prepare('UPDATE margin_keys SET monthly_budget_usd = ?, rate_limit_rpm = ? WHERE id = ?')
      .run(
        patch.monthlyBudgetUsd === undefined ? k.monthlyBudgetUsd : patch.monthlyBudgetUsd,
        patch.rateLimitRpm === undefined ? k.rateLimitRpm : patch.rateLimitRpm,
        id,
      );
    return this.get(id);
  }

  /** Spend recorded for a key in a month (USD). */
  spent(keyId: string, month: string): number {
    const row = this.db
      .prepare('SELECT spent_usd FROM margin_key_spend WHERE key_id = ? AND month = ?')
      .get(keyId, month) as { spent_usd: number } | undefined;
    return row?.spent_usd ?? 0;
  }

  /** Adds settled spend for many keys in one transaction. */
  addSpend(entries: ReadonlyArray<{ keyId: string; month: string; usd: number }>): void {
    const stmt = this.db.prepare(
      'INSERT INTO margin_key_spend (key_id, month, spent_usd) VALUES (?, ?, ?) ON CONFLICT (key_id, month) DO UPDATE SET spent_usd = spent_usd + excluded.spent_usd',
    );
    this.db.transaction(() => {
      for (const e of entries) stmt.run(e.keyId, e.month, e.usd);
    })();
  }

  close(): void {
    this.db.close();
  }
}
