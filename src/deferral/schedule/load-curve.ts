// The ledger's load curve of an upstream: its requests by hour of the week (0 = Sunday 00:00 UTC), averaged
// over the weeks of the range, from the ledger's hourly rollups. A self-hosted upstream's quiet hours are
// where the scheduler runs deferred work on capacity already paid for.
import type { LedgerStore } from '../../ledger/store.js';
import type { LoadCurve } from './signals.js';
import { hourOfWeek, WEEK_MS } from './timeline.js';

export interface LoadCurveQuery {
  /** Upstream (ledger `provider`) whose requests are counted. */
  provider: string;
  /** Epoch ms; default the four weeks before `to`. */
  from?: number;
  /** Epoch ms, exclusive. */
  to: number;
}

/** Mean requests per hour of the week over the range (168 values; zeros where the ledger has none). */
export async function ledgerLoadCurve(store: LedgerStore, q: LoadCurveQuery): Promise<LoadCurve> {
  const from = q.from ?? q.to - 4 * WEEK_MS;
  const res = await store.aggregate({ from, to: q.to, by: 'hour', filter: { provider: q.provider } });
  const sums = new Array<number>(168).fill(0);
  for (const row of res.rows) {
    if (row.group === null) continue;
    const t = Date.parse(row.group);
    if (Number.isFinite(t)) sums[hourOfWeek(t)] = (sums[hourOfWeek(t)] ?? 0) + row.requests;
  }
  // Each hour of the week occurs about (to − from) / week times in the range.
  const weeks = Math.max(1, (q.to - from) / WEEK_MS);
  return sums.map((s) => s / weeks);
}
