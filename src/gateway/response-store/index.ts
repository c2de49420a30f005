// Opens the response store the config asks for: `auto` follows the ledger (its SQLite file or Postgres
// database; in memory when the ledger is off), or `memory`, a SQLite path / `sqlite:` URL, a Postgres URL.
import { parseLedgerUrl } from '../../ledger/url.js';
import { MemoryResponseStore } from './memory.js';
import type { ResponseStore } from './store.js';

export type { ResponseStore, StoredResponse } from './store.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ResponseStoreConfig {
  /** `auto` | `memory` | `off` | a SQLite path or URL | a Postgres URL. */
  store: string;
  ttlDays: number;
}

/** The store for a config; undefined when storing is off. `ledgerUrl` resolves `auto`. */
export async function openResponseStore(
  cfg: ResponseStoreConfig,
  ledgerUrl: string,
): Promise<ResponseStore | undefined> {
  const ttlMs = cfg.ttlDays * DAY_MS;
  if (cfg.store === 'off') return undefined;
  const where = cfg.store === 'auto' ? ledgerUrl : cfg.store;
  if (where === 'memory' || where === 'off' || where === 'sqlite::memory:')
    return new MemoryResponseStore(ttlMs);
  const target = parseLedgerUrl(where, 'responses.store');
  if (target.kind === 'postgres') {
    const { PostgresResponseStore } = await import('./postgres.js');
    return PostgresResponseStore.open(target.connectionString, target.schema, ttlMs);
  }
  const { SqliteResponseStore } = await import('./sqlite.js');
  return new SqliteResponseStore(target.path, ttlMs);
}
