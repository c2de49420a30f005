// `margin report --by lever`: what each cost lever saved over a range of the ledger (exact and semantic
// cache, prompt caching, routing, batch / deferral), from the records themselves (src/report/savings.ts).
import type { Catalog } from '../catalog/catalog.js';
import type { LedgerFilter, LedgerStore, TimeRange } from '../ledger/store.js';
import type { Row } from './format.js';
import { leverSavings, type SavingsReport } from './savings.js';

/** Most records read for a lever report (newest first); the note says when the range held more. */
export const LEVER_REPORT_LIMIT = 500_000;

export async function leverReport(
  store: LedgerStore,
  catalog: Catalog,
  range: TimeRange,
  filter: LedgerFilter,
): Promise<{ report: SavingsReport; truncated: boolean }> {
  const records = await store.records({ ...range, limit: LEVER_REPORT_LIMIT, filter });
  return { report: leverSavings(records, catalog), truncated: records.length >= LEVER_REPORT_LIMIT };
}

/** Table rows: actual cost, each lever's saving and the cost without it, and the cost with no lever. */
export function leverRows(r: SavingsReport): Row[] {
  const round = (v: number) => Number(v.toFixed(6));
  return [
    {
      lever: 'actual (all levers on)',
      requests: r.requests,
      saved_usd: null,
      cost_without_usd: round(r.actualUsd),
    },
    ...r.levers.map((l) => ({
      lever: l.lever,
      requests: l.requests,
      saved_usd: round(l.savedUsd),
      cost_without_usd: round(r.actualUsd + l.savedUsd),
    })),
    {
      lever: 'no levers at all',
      requests: r.requests,
      saved_usd: null,
      cost_without_usd: round(r.withoutAnyUsd),
    },
  ];
}
