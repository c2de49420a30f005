// Postgres adapter entry: a pg Pool on the given URL, schema created and migrated on open.
import pg from 'pg';
import { MarginError } from '../../errors/index.js';
import type { LedgerStore } from '../store.js';
import { redact } from '../url.js';
import { migrate } from './schema.js';
import { PostgresStore } from './store.js';

export { PostgresStore } from './store.js';

/** Opens a Postgres ledger in `schema`; with `create` false the schema must already hold a ledger. */
export async function openPostgresStore(
  connectionString: string,
  schema: string,
  create = true,
): Promise<LedgerStore> {
  const pool = new pg.Pool({ connectionString, max: 4 });
  // A client losing its connection (idle, or in use: Postgres restarted, a network cut) must not crash the
  // process; the query in flight, or the next one, reports the failure.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    await migrate(pool, schema, create);
  } catch (err) {
    await pool.end().catch(() => {});
    if (err instanceof MarginError) throw err;
    throw new MarginError(
      'MARGIN_ERR_LEDGER',
      `cannot open Postgres ledger ${redact(connectionString)}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  return new PostgresStore(pool, schema);
}
