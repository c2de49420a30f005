// Postgres key store (several gateway processes sharing one key database): the same tables as SQLite in
// a chosen schema, created on open under an advisory lock so replicas starting together do not race.
import type pg from 'pg';
import { quoteIdent } from '../../ledger/postgres/schema.js';
import {
  ADDED_COLUMNS,
  type ApiKey,
  hashKey,
  KEY_COLUMNS,
  type KeyPatch,
  type KeyRow,
  type KeyStore,
  type NewKey,
  newKeyRow,
  noSuchKey,
  patchedCaps,
  type SpendEntry,
  toKey,
} from './store.js';

/** Creates the key tables in `schema` when missing and adds columns newer releases introduced. */
export async function migrateKeys(pool: pg.Pool, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`margin_keys:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.margin_keys (
      id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, tenant TEXT NOT NULL, name TEXT NOT NULL,
      created_at BIGINT NOT NULL, revoked_at BIGINT, monthly_budget_usd DOUBLE PRECISION, rate_limit_rpm BIGINT)`);
    for (const c of ADDED_COLUMNS)
      await client.query(`ALTER TABLE ${s}.margin_keys ADD COLUMN IF NOT EXISTS ${c.name} ${c.postgres}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.margin_key_spend (
      key_id TEXT NOT NULL, month TEXT NOT NULL, spent_usd DOUBLE PRECISION NOT NULL,
      PRIMARY KEY (key_id, month))`);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

export class PostgresKeyStore implements KeyStore {
  readonly kind = 'postgres' as const;
  private readonly keys: string;
  private readonly spend: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    this.keys = `${quoteIdent(schema)}.margin_keys`;
    this.spend = `${quoteIdent(schema)}.margin_key_spend`;
  }

  async create(opts: NewKey): Promise<{ secret: string; key: ApiKey }> {
    const { secret, row } = newKeyRow(opts);
    const values = KEY_COLUMNS.map((c) => (c === 'admin' ? row.admin === 1 : row[c]));
    await this.pool.query(
      `INSERT INTO ${this.keys} (${KEY_COLUMNS.join(', ')}) VALUES (${KEY_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
      values,
    );
    return { secret, key: toKey(row) };
  }

  async verify(secret: string): Promise<ApiKey | undefined> {
    const res = await this.pool.query(`SELECT * FROM ${this.keys} WHERE hash = $1`, [hashKey(secret)]);
    const row = res.rows[0] as KeyRow | undefined;
    return row && row.revoked_at === null ? toKey(row) : undefined;
  }

  async list(): Promise<ApiKey[]> {
    const res = await this.pool.query(`SELECT * FROM ${this.keys} ORDER BY created_at`);
    return (res.rows as KeyRow[]).map(toKey);
  }

  async get(id: string): Promise<ApiKey> {
    const res = await this.pool.query(`SELECT * FROM ${this.keys} WHERE id = $1`, [id]);
    const row = res.rows[0] as KeyRow | undefined;
    if (!row) throw noSuchKey(id);
    return toKey(row);
  }

  async revoke(id: string): Promise<ApiKey> {
    await this.get(id);
    await this.pool.query(`UPDATE ${this.keys} SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, [
      Date.now(),
      id,
    ]);
    return this.get(id);
  }

  async update(id: string, patch: KeyPatch): Promise<ApiKey> {
    const caps = patchedCaps(await this.get(id), patch);
    await this.pool.query(
      `UPDATE ${this.keys} SET monthly_budget_usd = $1, rate_limit_rpm = $2, rate_limit_tpm = $3, max_output_tokens = $4 WHERE id = $5`,
      [...caps, id],
    );
    return this.get(id);
  }

  async spent(keyIds: readonly string[], month: string): Promise<Map<string, number>> {
    const out = new Map<string, number>(keyIds.map((k) => [k, 0]));
    if (keyIds.length === 0) return out;
    const res = await this.pool.query(
      `SELECT key_id, spent_usd FROM ${this.spend} WHERE month = $1 AND key_id = ANY($2::text[])`,
      [month, keyIds],
    );
    for (const r of res.rows as Array<{ key_id: string; spent_usd: number }>) out.set(r.key_id, r.spent_usd);
    return out;
  }

  async addSpend(entries: readonly SpendEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // One statement: entries of the same key and month are summed first (ON CONFLICT may touch a row once).
    await this.pool.query(
      `INSERT INTO ${this.spend} AS t (key_id, month, spent_usd)
       SELECT k, m, SUM(u) FROM unnest($1::text[], $2::text[], $3::float8[]) AS e(k, m, u) GROUP BY k, m
       ON CONFLICT (key_id, month) DO UPDATE SET spent_usd = t.spent_usd + excluded.spent_usd`,
      [entries.map((e) => e.keyId), entries.map((e) => e.month), entries.map((e) => e.usd)],
    );
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
