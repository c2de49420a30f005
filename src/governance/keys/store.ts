// The one key-store interface (API keys stored hashed, and the monthly spend they settled), with the shared
// core both adapters use: key shape, cap checks, hashing and row mapping. sqlite.ts and postgres.ts
// implement it with the same shape. A leaked database never reveals a usable key: only sha256 hashes are kept.
import { createHash, randomBytes } from 'node:crypto';
import { MarginError } from '../../errors/index.js';

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
  /** Tokens (prompt + output) per minute, or null for none. */
  rateLimitTpm: number | null;
  /** Output cap per request (set as max_tokens upstream), or null for the gateway's default. */
  maxOutputTokens: number | null;
}

/** What `create` accepts (caps are checked by `checkCaps`). */
export interface NewKey {
  tenant: string;
  name?: string;
  monthlyBudgetUsd?: number;
  rateLimitRpm?: number;
  admin?: boolean;
  rateLimitTpm?: number;
  maxOutputTokens?: number;
}

/** What `update` changes: a number sets a cap, null clears it, undefined leaves it. */
export interface KeyPatch {
  monthlyBudgetUsd?: number | null | undefined;
  rateLimitRpm?: number | null | undefined;
  rateLimitTpm?: number | null | undefined;
  maxOutputTokens?: number | null | undefined;
}

export interface SpendEntry {
  keyId: string;
  month: string;
  usd: number;
}

export interface KeyStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Creates a key; the secret is returned once and never stored. */
  create(opts: NewKey): Promise<{ secret: string; key: ApiKey }>;
  /** The active key for a presented secret, or undefined (unknown or revoked). */
  verify(secret: string): Promise<ApiKey | undefined>;
  list(): Promise<ApiKey[]>;
  /** The key with this id; MARGIN_ERR_NOT_FOUND when there is none. */
  get(id: string): Promise<ApiKey>;
  revoke(id: string): Promise<ApiKey>;
  update(id: string, patch: KeyPatch): Promise<ApiKey>;
  /** Spend settled by each of `keyIds` in a month (USD; 0 for keys with none). */
  spent(keyIds: readonly string[], month: string): Promise<Map<string, number>>;
  /** Adds settled spend for many keys in one transaction. */
  addSpend(entries: readonly SpendEntry[]): Promise<void>;
  close(): Promise<void>;
}

/** Largest rate limit accepted (a million requests a second): beyond it a limit means nothing. */
export const MAX_RPM = 60_000_000;
const MAX_TOKENS_CAP = 1e12;

function wholeNumber(v: number | null | undefined, max: number, what: string, param: string): void {
  if (v != null && !(Number.isInteger(v) && v >= 1 && v <= max)) {
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `${what} must be a whole number from 1 to ${max} (got ${v}); use 'none' for no limit or revoke the key to block it`,
      { param },
    );
  }
}

/**
 * Refuses caps that cannot work: a budget must be a positive, finite number of dollars and a rate limit a
 * positive whole number of requests per minute (0 would refuse every request with `retry-after: Infinity`;
 * revoke a key to block it). `null` (no cap) and `undefined` (unchanged) pass.
 */
export function checkCaps(
  caps: KeyPatch,
  names: { budget: string; rpm: string; tpm?: string; maxOutput?: string } = { budget: 'budget', rpm: 'rpm' },
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
  wholeNumber(caps.rateLimitTpm, MAX_TOKENS_CAP, `${names.tpm ?? 'tpm'} (tokens per minute)`, 'rateLimitTpm');
  wholeNumber(
    caps.maxOutputTokens,
    MAX_TOKENS_CAP,
    `${names.maxOutput ?? 'maxOutputTokens'}`,
    'maxOutputTokens',
  );
}

export const hashKey = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** `2026-11` for a timestamp (UTC): budgets reset at the start of each calendar month. */
export const monthOf = (ts: number): string => new Date(ts).toISOString().slice(0, 7);

/** A key as both adapters store it (integers may come back as strings from Postgres BIGINT). */
export interface KeyRow {
  id: string;
  hash: string;
  tenant: string;
  name: string;
  created_at: number | string;
  revoked_at: number | string | null;
  monthly_budget_usd: number | null;
  rate_limit_rpm: number | string | null;
  admin: number | boolean;
  rate_limit_tpm: number | string | null;
  max_output_tokens: number | string | null;
}

/** Column names in insert order (the same in both adapters). */
export const KEY_COLUMNS = [
  'id',
  'hash',
  'tenant',
  'name',
  'created_at',
  'revoked_at',
  'monthly_budget_usd',
  'rate_limit_rpm',
  'admin',
  'rate_limit_tpm',
  'max_output_tokens',
] as const;

/** Columns added after the first release, with their SQL type: old key databases get them on open. */
export const ADDED_COLUMNS: ReadonlyArray<{ name: string; sqlite: string; postgres: string }> = [
  { name: 'admin', sqlite: 'INTEGER NOT NULL DEFAULT 0', postgres: 'BOOLEAN NOT NULL DEFAULT FALSE' },
  { name: 'rate_limit_tpm', sqlite: 'INTEGER', postgres: 'BIGINT' },
  { name: 'max_output_tokens', sqlite: 'INTEGER', postgres: 'BIGINT' },
];

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

export const toKey = (r: KeyRow): ApiKey => ({
  id: r.id,
  tenant: r.tenant,
  name: r.name,
  createdAt: Number(r.created_at),
  revokedAt: num(r.revoked_at),
  monthlyBudgetUsd: r.monthly_budget_usd,
  rateLimitRpm: num(r.rate_limit_rpm),
  admin: r.admin === 1 || r.admin === true,
  rateLimitTpm: num(r.rate_limit_tpm),
  maxOutputTokens: num(r.max_output_tokens),
});

/** Checks a new key's tenant and caps and makes its secret and row. */
export function newKeyRow(opts: NewKey, now: number = Date.now()): { secret: string; row: KeyRow } {
  if (!/^[\w.-]{1,64}$/.test(opts.tenant)) {
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `tenant must be 1–64 letters, digits, '_', '.' or '-' (got '${opts.tenant}')`,
    );
  }
  checkCaps(opts);
  const secret = `mk-${randomBytes(24).toString('base64url')}`;
  const hash = hashKey(secret);
  return {
    secret,
    row: {
      id: hash.slice(0, 12),
      hash,
      tenant: opts.tenant,
      name: opts.name ?? '',
      created_at: now,
      revoked_at: null,
      monthly_budget_usd: opts.monthlyBudgetUsd ?? null,
      rate_limit_rpm: opts.rateLimitRpm ?? null,
      admin: opts.admin ? 1 : 0,
      rate_limit_tpm: opts.rateLimitTpm ?? null,
      max_output_tokens: opts.maxOutputTokens ?? null,
    },
  };
}

/** The key's caps after `patch` (checked), as column values. */
export function patchedCaps(k: ApiKey, patch: KeyPatch): Array<number | null> {
  checkCaps(patch);
  const pick = <T>(v: T | undefined, old: T): T => (v === undefined ? old : v);
  return [
    pick(patch.monthlyBudgetUsd, k.monthlyBudgetUsd),
    pick(patch.rateLimitRpm, k.rateLimitRpm),
    pick(patch.rateLimitTpm, k.rateLimitTpm),
    pick(patch.maxOutputTokens, k.maxOutputTokens),
  ];
}

export function noSuchKey(id: string): MarginError {
  return new MarginError('MARGIN_ERR_NOT_FOUND', `no key with id '${id}'`);
}
