// Postgres ledger schema in a chosen schema, versioned in margin_meta; migrations serialized by an advisory lock.
import type pg from 'pg';
import { MarginError } from '../../errors/index.js';
import { rawColumnsDdl, rollupColumnsDdl } from '../sql.js';

const TYPES = { text: 'TEXT', int: 'BIGINT', real: 'DOUBLE PRECISION', bool: 'BOOLEAN' } as const;

/** Migration n brings schema `s` from version n-1 to n. Append only. */
function migrations(s: string): string[][] {
  return [
    [
      `CREATE TABLE ${s}.ledger_records (seq BIGSERIAL PRIMARY KEY, ${rawColumnsDdl(TYPES)})`,
      `CREATE INDEX ledger_records_ts ON ${s}.ledger_records (ts)`,
      `CREATE TABLE ${s}.ledger_hourly (${rollupColumnsDdl('hourly', 'BIGINT', 'DOUBLE PRECISION')})`,
      `CREATE TABLE ${s}.ledger_daily (${rollupColumnsDdl('daily', 'BIGINT', 'DOUBLE PRECISION')})`,
      `CREATE TABLE ${s}.margin_sessions (id TEXT PRIMARY KEY, pid INTEGER NOT NULL, host TEXT NOT NULL,
        started_ms BIGINT NOT NULL, heartbeat_ms BIGINT NOT NULL, stale_after_ms BIGINT NOT NULL,
        accepted BIGINT NOT NULL DEFAULT 0, written BIGINT NOT NULL DEFAULT 0,
        state TEXT NOT NULL DEFAULT 'open', lost BIGINT NOT NULL DEFAULT 0)`,
      `INSERT INTO ${s}.margin_meta (key, value) VALUES ('lost_total', '0'), ('lost_on_last_crash', '0')`,
    ],
    [
      // Caller feedback on served requests (POST /v1/feedback): a score, never prompt or answer text.
      `CREATE TABLE ${s}.ledger_feedback (seq BIGSERIAL PRIMARY KEY, request_id TEXT NOT NULL,
        ts BIGINT NOT NULL, score DOUBLE PRECISION NOT NULL, comment TEXT, key_id TEXT, tenant TEXT)`,
      `CREATE INDEX ledger_feedback_ts ON ${s}.ledger_feedback (ts)`,
    ],
  ];
}

export const SCHEMA_VERSION = migrations('x').length;

/** Creates or upgrades the schema; `create` false refuses a schema without margin_meta. */
export async function migrate(pool: pg.Pool, schema: string, create: boolean): Promise<void> {
  const s = quoteIdent(schema);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`margin_ledger:${schema}`]);
    const exists = await client.query('SELECT to_regclass($1) AS t', [`${s}.margin_meta`]);
    if (exists.rows[0]?.t === null && !create) {
      throw new MarginError(
        'MARGIN_ERR_LEDGER',
        `schema '${schema}' holds no Margin ledger (no margin_meta table)`,
      );
    }
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${s}.margin_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    );
    const row = await client.query(`SELECT value FROM ${s}.margin_meta WHERE key = 'schema_version'`);
    const current = row.rows[0] ? Number(row.rows[0].value) : 0;
    if (current > SCHEMA_VERSION) {
      throw new MarginError(
        'MARGIN_ERR_LEDGER',
        `ledger schema version ${current} is newer than this Margin understands (${SCHEMA_VERSION}); upgrade Margin`,
      );
    }
    const all = migrations(s);
    for (let v = current; v < SCHEMA_VERSION; v++) for (const sql of all[v]!) await client.query(sql);
    await client.query(
      `INSERT INTO ${s}.margin_meta (key, value) VALUES ('schema_version', $1)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [String(SCHEMA_VERSION)],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** A double-quoted SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
