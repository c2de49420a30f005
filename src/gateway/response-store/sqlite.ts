// SQLite response store (better-sqlite3): table `margin_responses` in the ledger's file (WAL, its own
// connection), expired rows purged at most hourly on a write.
import Database from 'better-sqlite3';
import { PURGE_EVERY_MS, type ResponseStore, type StoredResponse } from './store.js';

export class SqliteResponseStore implements ResponseStore {
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string]>;
  private readonly insert: Database.Statement<[string, string | null, string, number, string]>;
  private readonly purge: Database.Statement<[number]>;
  private lastPurge = 0;

  constructor(
    path: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS margin_responses (
      id TEXT PRIMARY KEY, tenant TEXT, model TEXT NOT NULL, created_at INTEGER NOT NULL, items TEXT NOT NULL)`);
    this.db.exec('CREATE INDEX IF NOT EXISTS margin_responses_created ON margin_responses (created_at)');
    this.select = this.db.prepare(
      'SELECT id, tenant, model, created_at, items FROM margin_responses WHERE id = ?',
    );
    this.insert = this.db.prepare(
      'INSERT OR REPLACE INTO margin_responses (id, tenant, model, created_at, items) VALUES (?, ?, ?, ?, ?)',
    );
    this.purge = this.db.prepare('DELETE FROM margin_responses WHERE created_at < ?');
  }

  async get(id: string, tenant: string | null): Promise<StoredResponse | undefined> {
    const row = this.select.get(id) as
      | { id: string; tenant: string | null; model: string; created_at: number; items: string }
      | undefined;
    if (!row || row.tenant !== tenant || this.now() - row.created_at > this.ttlMs) return undefined;
    return {
      id: row.id,
      tenant: row.tenant,
      model: row.model,
      createdAt: row.created_at,
      items: JSON.parse(row.items),
    };
  }

  async put(r: StoredResponse): Promise<void> {
    this.insert.run(r.id, r.tenant, r.model, r.createdAt, JSON.stringify(r.items));
    const now = this.now();
    if (now - this.lastPurge > PURGE_EVERY_MS) {
      this.lastPurge = now;
      this.purge.run(now - this.ttlMs);
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
