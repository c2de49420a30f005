// SQLite key store (the embedded default): keys and their monthly spend in a local file, WAL mode so the
// gateway and `margin keys` can use it at once.
import Database from 'better-sqlite3';
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

const SCHEMA = `
CREATE TABLE IF NOT EXISTS margin_keys (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  tenant TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER,
  monthly_budget_usd REAL,
  rate_limit_rpm INTEGER
);
CREATE TABLE IF NOT EXISTS margin_key_spend (
  key_id TEXT NOT NULL,
  month TEXT NOT NULL,
  spent_usd REAL NOT NULL,
  PRIMARY KEY (key_id, month)
);`;

export class SqliteKeyStore implements KeyStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly byHash: Database.Statement;

  /** Opens (creating if needed) the key tables in a SQLite file (`:memory:` for tests). */
  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    const cols = this.db.prepare('PRAGMA table_info(margin_keys)').all() as Array<{ name: string }>;
    for (const c of ADDED_COLUMNS) {
      if (!cols.some((x) => x.name === c.name))
        this.db.exec(`ALTER TABLE margin_keys ADD COLUMN ${c.name} ${c.sqlite}`);
    }
    this.byHash = this.db.prepare('SELECT * FROM margin_keys WHERE hash = ?');
  }

  async create(opts: NewKey): Promise<{ secret: string; key: ApiKey }> {
    const { secret, row } = newKeyRow(opts);
    this.db
      .prepare(
        `INSERT INTO margin_keys (${KEY_COLUMNS.join(', ')}) VALUES (${KEY_COLUMNS.map((c) => `@${c}`).join(', ')})`,
      )
      .run(row);
    return { secret, key: toKey(row) };
  }

  async verify(secret: string): Promise<ApiKey | undefined> {
    const row = this.byHash.get(hashKey(secret)) as KeyRow | undefined;
    return row && row.revoked_at === null ? toKey(row) : undefined;
  }

  async list(): Promise<ApiKey[]> {
    return (this.db.prepare('SELECT * FROM margin_keys ORDER BY created_at').all() as KeyRow[]).map(toKey);
  }

  async get(id: string): Promise<ApiKey> {
    const row = this.db.prepare('SELECT * FROM margin_keys WHERE id = ?').get(id) as KeyRow | undefined;
    if (!row) throw noSuchKey(id);
    return toKey(row);
  }

  async revoke(id: string): Promise<ApiKey> {
    await this.get(id);
    this.db
      .prepare('UPDATE margin_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(Date.now(), id);
    return this.get(id);
  }

  async update(id: string, patch: KeyPatch): Promise<ApiKey> {
    const caps = patchedCaps(await this.get(id), patch);
    this.db
      .prepare(
        'UPDATE margin_keys SET monthly_budget_usd = ?, rate_limit_rpm = ?, rate_limit_tpm = ?, max_output_tokens = ? WHERE id = ?',
      )
      .run(...caps, id);
    return this.get(id);
  }

  async spent(keyIds: readonly string[], month: string): Promise<Map<string, number>> {
    const out = new Map<string, number>(keyIds.map((k) => [k, 0]));
    const stmt = this.db.prepare('SELECT spent_usd FROM margin_key_spend WHERE key_id = ? AND month = ?');
    for (const k of keyIds) {
      const row = stmt.get(k, month) as { spent_usd: number } | undefined;
      if (row) out.set(k, row.spent_usd);
    }
    return out;
  }

  async addSpend(entries: readonly SpendEntry[]): Promise<void> {
    const stmt = this.db.prepare(
      'INSERT INTO margin_key_spend (key_id, month, spent_usd) VALUES (?, ?, ?) ON CONFLICT (key_id, month) DO UPDATE SET spent_usd = spent_usd + excluded.spent_usd',
    );
    this.db.transaction(() => {
      for (const e of entries) stmt.run(e.keyId, e.month, e.usd);
    })();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
