// Opens the job store the config asks for: `auto` follows the ledger (its SQLite file or Postgres schema; an
// in-memory SQLite database when the ledger is off), or a SQLite path / `sqlite:` URL, or a Postgres URL.
import { parseLedgerUrl } from '../../ledger/url.js';
import type { JobStore } from './types.js';

export type * from './types.js';

export async function openJobStore(store: string, ledgerUrl: string): Promise<JobStore> {
  const where = store === 'auto' ? ledgerUrl : store;
  if (where === 'off' || where === 'memory' || where === 'sqlite::memory:') {
    const { SqliteJobStore } = await import('./sqlite.js');
    return new SqliteJobStore(':memory:');
  }
  const target = parseLedgerUrl(where, 'deferral.store');
  if (target.kind === 'postgres') {
    const { PostgresJobStore } = await import('./postgres.js');
    return PostgresJobStore.open(target.connectionString, target.schema);
  }
  const { SqliteJobStore } = await import('./sqlite.js');
  return new SqliteJobStore(target.path);
}
