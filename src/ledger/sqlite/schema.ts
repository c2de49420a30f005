// SQLite ledger schema, versioned in margin_meta.schema_version; each migration runs once, in a transaction.
import type Database from 'better-sqlite3';
import { MarginError } from '../../errors/index.js';
import { rawColumnsDdl, rollupColumnsDdl } from '../sql.js';

const TYPES = { text: 'TEXT', int: 'INTEGER', real: 'REAL', bool: 'INTEGER' } as const;

/** Migration n brings the schema from version n-1 to n. Append only; never edit a released one. */
const MIGRATIONS: string[][] = [
  [
    `CREATE TABLE ledger_records (seq INTEGER PRIMARY KEY, ${rawColumnsDdl(TYPES)})`,
    'CREATE INDEX ledger_records_ts ON ledger_records (ts)',
    `CREATE TABLE ledger_hourly (${rollupColumnsDdl('hourly', 'INTEGER', 'REAL')}) WITHOUT ROWID`,
    `CREATE TABLE ledger_daily (${rollupColumnsDdl('daily', 'INTEGER', 'REAL')}) WITHOUT ROWID`,
    `CREATE TABLE margin_sessions (id TEXT PRIMARY KEY, pid INTEGER NOT NULL, host TEXT NOT NULL,
      started_ms INTEGER NOT NULL, heartbeat_ms INTEGER NOT NULL, stale_after_ms INTEGER NOT NULL,
      accepted INTEGER NOT NULL DEFAULT 0, written INTEGER NOT NULL DEFAULT 0,
      state TEXT NOT NULL DEFAULT 'open', lost INTEGER NOT NULL DEFAULT 0)`,
    "INSERT INTO margin_meta (key, value) VALUES ('lost_total', '0'), ('lost_on_last_crash', '0')",
  ],
  [
    // Caller feedback on served requests (POST /v1/feedback): a score, never prompt or answer text.
    `CREATE TABLE ledger_feedback (seq INTEGER PRIMARY KEY, request_id TEXT NOT NULL, ts INTEGER NOT NULL,
      score REAL NOT NULL, comment TEXT, key_id TEXT, tenant TEXT)`,
    'CREATE INDEX ledger_feedback_ts ON ledger_feedback (ts)',
  ],
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Creates or upgrades the schema. `create` false refuses a database that is not already a Margin ledger. */
export function migrate(db: Database.Database, create: boolean): void {
  const hasMeta = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'margin_meta'")
    .get();
  if (!hasMeta && !create) {
    throw new MarginError('MARGIN_ERR_LEDGER', `'${db.name}' is not a Margin ledger (no margin_meta table)`);
  }
  const versionOf = () =>
    db.prepare("SELECT value FROM margin_meta WHERE key = 'schema_version'").pluck().get() as
      | string
      | undefined;
  // Readers (reports) must not take the write lock when there is nothing to migrate.
  if (hasMeta && Number(versionOf()) === SCHEMA_VERSION) return;
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS margin_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const row = versionOf();
    const current = row === undefined ? 0 : Number(row);
    if (current > SCHEMA_VERSION) {
      throw new MarginError(
        'MARGIN_ERR_LEDGER',
        `ledger schema version ${current} is newer than this Margin understands (${SCHEMA_VERSION}); upgrade Margin`,
      );
    }
    for (let v = current; v < SCHEMA_VERSION; v++) for (const sql of MIGRATIONS[v]!) db.exec(sql);
    db.prepare(
      "INSERT INTO margin_meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    ).run(String(SCHEMA_VERSION));
  }).immediate();
}
