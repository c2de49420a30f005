// Postgres response store: table `margin_responses` in the ledger's schema (created on open), expired rows
// purged at most hourly on a write. For gateways that share one Postgres ledger across replicas.
import pg from 'pg';
import { PURGE_EVERY_MS, type ResponseStore, type StoredResponse } from './store.js';

export class PostgresResponseStore implements ResponseStore {
  private lastPurge = 0;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly table: string,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  static async open(
    connectionString: string,
    schema: string,
    ttlMs: number,
    now: () => number = Date.now,
  ): Promise<PostgresResponseStore> {
    const pool = new pg.Pool({ connectionString, max: 4 });
    const table = `"${schema}".margin_responses`;
    try {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await pool.query(`CREATE TABLE IF NOT EXISTS ${table} (
        id TEXT PRIMARY KEY, tenant TEXT, model TEXT NOT NULL, created_at BIGINT NOT NULL, items JSONB NOT NULL)`);
    } catch (err) {
      await pool.end();
      throw err;
    }
    return new PostgresResponseStore(pool, table, ttlMs, now);
  }

  async get(id: string, tenant: string | null): Promise<StoredResponse | undefined> {
    const { rows } = await this.pool.query(
      `SELECT id, tenant, model, created_at, items FROM ${this.table} WHERE id = $1 AND created_at >= $2`,
      [id, this.now() - this.ttlMs],
    );
    const row = rows[0] as
      | { id: string; tenant: string | null; model: string; created_at: string; items: unknown[] }
      | undefined;
    if (!row || row.tenant !== tenant) return undefined;
    return {
      id: row.id,
      tenant: row.tenant,
      model: row.model,
      createdAt: Number(row.created_at),
      items: row.items,
    };
  }

  async put(r: StoredResponse): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} (id, tenant, model, created_at, items) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET items = EXCLUDED.items`,
      [r.id, r.tenant, r.model, r.createdAt, JSON.stringify(r.items)],
    );
    const now = this.now();
    if (now - this.lastPurge > PURGE_EVERY_MS) {
      this.lastPurge = now;
      await this.pool.query(`DELETE FROM ${this.table} WHERE created_at < $1`, [now - this.ttlMs]);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
