// Opens the key store a URL names: a SQLite file (the default, `./margin.db`) or `postgres://…?schema=name`,
// the same URL forms as the ledger's. Postgres is loaded only when used.
import { existsSync } from 'node:fs';
import { MarginError } from '../../errors/index.js';
import { parseLedgerUrl, redact } from '../../ledger/url.js';
import { SqliteKeyStore } from './sqlite.js';
import type { KeyStore } from './store.js';

export { SqliteKeyStore } from './sqlite.js';
export * from './store.js';

/**
 * Opens (creating the tables if needed) the key store at `url`. With `onlyIfPresent`, a SQLite file that does
 * not exist is not created and undefined is returned (the gateway then runs without keys).
 */
export async function openKeyStore(
  url: string,
  options: { onlyIfPresent?: boolean; field?: string } = {},
): Promise<KeyStore | undefined> {
  const target = parseLedgerUrl(url, options.field ?? 'governance.keysDb');
  if (target.kind === 'sqlite') {
    if (options.onlyIfPresent && target.path !== ':memory:' && !existsSync(target.path)) return undefined;
    return new SqliteKeyStore(target.path);
  }
  const [{ default: pg }, { migrateKeys, PostgresKeyStore }] = await Promise.all([
    import('pg'),
    import('./postgres.js'),
  ]);
  const pool = new pg.Pool({ connectionString: target.connectionString, max: 4 });
  // A client losing its connection (idle or in use) must not crash the process; the query reports it.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    await migrateKeys(pool, target.schema);
  } catch (err) {
    await pool.end().catch(() => {});
    throw new MarginError(
      'MARGIN_ERR_CONFIG',
      `${options.field ?? 'governance.keysDb'}: cannot open the Postgres key store ${redact(target.connectionString)}: ${(err as Error).message}`,
      { param: options.field ?? 'governance.keysDb', cause: err },
    );
  }
  return new PostgresKeyStore(pool, target.schema);
}
