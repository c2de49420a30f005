// SQLite adapter entry: opens a file (or `:memory:`) ledger store.
import { existsSync } from 'node:fs';
import { MarginError } from '../../errors/index.js';
import type { LedgerStore } from '../store.js';
import { SqliteStore } from './store.js';

export { SqliteStore } from './store.js';

/** Opens a SQLite ledger; with `create` false a missing file is a one-line MARGIN_ERR_LEDGER. */
export async function openSqliteStore(path: string, create = true): Promise<LedgerStore> {
  if (!create && path !== ':memory:' && !existsSync(path)) {
    throw new MarginError(
      'MARGIN_ERR_LEDGER',
      `ledger not found: ${path} (run 'margin serve' first or pass --ledger)`,
    );
  }
  try {
    return new SqliteStore(path, create);
  } catch (err) {
    if (err instanceof MarginError) throw err;
    throw new MarginError('MARGIN_ERR_LEDGER', `cannot open ledger ${path}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
