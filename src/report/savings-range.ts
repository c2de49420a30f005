// Savings per lever over a ledger time range (the dashboard's /api/savings): the records of the range fed to
// leverSavings — the same arithmetic `margin replay --ledger` prints — with the routing baseline taken per
// record as the model the client asked for.
import type { Catalog } from '../catalog/catalog.js';
import { defaultCatalog } from '../catalog/index.js';
import type { LedgerFilter, LedgerStore, TimeRange } from '../ledger/store.js';
import { leverSavings, type SavingsReport } from './savings.js';

/** At most this many records (the newest of the range) are read. */
export const MAX_SAVINGS_RECORDS = 100_000;

export interface RangeSavings extends SavingsReport {
  from: string;
  to: string;
  /** What routed requests are compared with. */
  baseline: 'requested model';
  /** True when the range held more than `MAX_SAVINGS_RECORDS` records and only the newest were read. */
  truncated: boolean;
}

/** Savings per lever (exact cache, semantic cache, prompt caching, routing, batch) over `range`. */
export async function rangeSavings(
  store: LedgerStore,
  range: TimeRange,
  filter?: LedgerFilter,
  catalog: Catalog = defaultCatalog(),
  maxRecords = MAX_SAVINGS_RECORDS,
): Promise<RangeSavings> {
  const records = await store.records({ ...range, limit: maxRecords + 1, ...(filter ? { filter } : {}) });
  const truncated = records.length > maxRecords;
  if (truncated) records.length = maxRecords;
  const report = leverSavings(records, catalog, (r) => r.requestedModel || undefined);
  return {
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    baseline: 'requested model',
    truncated,
    ...report,
  };
}
