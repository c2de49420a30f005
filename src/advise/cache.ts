// GET /api/advise answers from a short-lived memo: the report runs the planner (hundreds of milliseconds
// to seconds on the gateway's event loop), and a dashboard asks for it on every refresh.
import type { LedgerStore } from '../ledger/index.js';
import { type AdviseOptions, advise } from './advise.js';
import type { AdviseReport } from './types.js';

/** How long a report is reused, milliseconds. */
export const ADVISE_TTL_MS = 60_000;

const memo = new WeakMap<LedgerStore, Map<string, { at: number; report: Promise<AdviseReport> }>>();

/** advise() for the same store, window and tenant at most once a minute (concurrent callers share one run). */
export function adviseCached(
  store: LedgerStore,
  opts: AdviseOptions,
  now = Date.now(),
): Promise<AdviseReport> {
  let byKey = memo.get(store);
  if (!byKey) {
    byKey = new Map();
    memo.set(store, byKey);
  }
  const key = `${opts.days ?? 30}|${opts.filter?.tenant ?? '*'}|${JSON.stringify(opts.filter ?? {})}`;
  const hit = byKey.get(key);
  if (hit && now - hit.at < ADVISE_TTL_MS) return hit.report;
  const report = advise(store, opts);
  byKey.set(key, { at: now, report });
  report.catch(() => byKey.delete(key));
  return report;
}
