// Ledger reports as data: grouped totals with latency percentiles, the dashboard summary, time series, recent rows.
// Shared by `margin report` and the gateway's /api/* routes.
import { addTotals, emptyTotals, groupLabel } from '../ledger/aggregate.js';
import type { LedgerRecord } from '../ledger/record.js';
import type { CrashStats, GroupBy, LedgerFilter, LedgerStore, TimeRange, Totals } from '../ledger/store.js';

/** Percentiles are computed from raw rows only when the range holds at most this many (else omitted). */
export const MAX_PERCENTILE_ROWS = 200_000;

/** One report line: the ledger's additive totals for a group, with averages and percentiles in place of sums. */
export interface ReportRow extends Omit<Totals, 'latencySumMs' | 'ttftSumMs' | 'ttftCount'> {
  group: string | null;
  avgLatencyMs: number | null;
  avgTtftMs: number | null;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
}

export interface Report {
  from: string;
  to: string;
  by: GroupBy | null;
  rows: ReportRow[];
  total: ReportRow;
  /** How latency percentiles were obtained. */
  percentiles: 'exact' | 'omitted';
  notes: string[];
  crashes: CrashStats;
}

export interface ReportOptions {
  range: TimeRange;
  by: GroupBy | null;
  filter?: LedgerFilter;
  maxPercentileRows?: number;
}

/** Nearest-rank percentile of an ascending-sorted array. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

function toRow(group: string | null, t: Totals, latency?: number[]): ReportRow {
  const sorted = latency ? [...latency].sort((a, b) => a - b) : undefined;
  return {
    group,
    requests: t.requests,
    errors: t.errors,
    inputTokens: t.inputTokens,
    cachedTokens: t.cachedTokens,
    cacheWriteTokens: t.cacheWriteTokens,
    outputTokens: t.outputTokens,
    reasoningTokens: t.reasoningTokens,
    costUsd: t.costUsd,
    savedUsd: t.savedUsd,
    energyWh: t.energyWh,
    co2eG: t.co2eG,
    savedEnergyWh: t.savedEnergyWh,
    savedCo2eG: t.savedCo2eG,
    cacheHits: t.cacheHits,
    estimated: t.estimated,
    avgLatencyMs: t.requests > 0 ? t.latencySumMs / t.requests : null,
    avgTtftMs: t.ttftCount > 0 ? t.ttftSumMs / t.ttftCount : null,
    p50LatencyMs: sorted ? percentile(sorted, 50) : null,
    p95LatencyMs: sorted ? percentile(sorted, 95) : null,
  };
}

/** Grouped totals over a range, with exact p50/p95 latency when the range is small enough to scan. */
export async function buildReport(store: LedgerStore, o: ReportOptions): Promise<Report> {
  const q = { from: o.range.from, to: o.range.to, by: o.by, ...(o.filter ? { filter: o.filter } : {}) };
  const limit = o.maxPercentileRows ?? MAX_PERCENTILE_ROWS;
  const agg = await store.aggregate(q);
  const notes: string[] = [];
  let samples: Map<string | null, number[]> | null = null;
  // Rollups count exactly the raw rows, so the range's row count comes free with the aggregate.
  const rawCount = agg.rows.reduce((n, r) => n + r.requests, 0);
  if (rawCount <= limit) {
    samples = new Map();
    const all: number[] = [];
    for (const [k, v] of await store.latencySamples(q)) {
      samples.set(groupLabel(o.by, k), v.latency);
      all.push(...v.latency);
    }
    samples.set('\u0000total', all);
  } else {
    notes.push(
      `p50/p95 latency omitted: ${rawCount} records in range (percentiles are computed from raw rows up to ${limit}); averages come from rollups`,
    );
  }
  if (agg.usedRollup) notes.push('whole hours and days read from rollups; partial hours from raw rows');
  const total = emptyTotals();
  const rows = agg.rows.map((r) => {
    addTotals(total, r);
    return toRow(r.group, r, samples?.get(r.group) ?? (samples ? [] : undefined));
  });
  const crashes = await store.crashStats();
  if (crashes.lostTotal > 0) {
    notes.push(
      `${crashes.lostTotal} records were accepted but never written, lost in ${crashes.crashedSessions} unclean shutdown(s)`,
    );
  }
  return {
    from: new Date(o.range.from).toISOString(),
    to: new Date(o.range.to).toISOString(),
    by: o.by,
    rows,
    total: toRow('total', total, samples?.get('\u0000total')),
    percentiles: samples ? 'exact' : 'omitted',
    notes,
    crashes,
  };
}

export interface Summary {
  from: string;
  to: string;
  totals: ReportRow & { cacheHitRate: number; errorRate: number };
  byModel: ReportRow[];
  byProvider: ReportRow[];
  crashes: CrashStats;
}

/** Dashboard headline numbers: totals, spend by model and by provider (of the records `filter` matches). */
export async function summary(store: LedgerStore, range: TimeRange, filter?: LedgerFilter): Promise<Summary> {
  const f = filter ? { filter } : {};
  const [byModel, byProvider] = [
    await buildReport(store, { range, by: 'model', ...f }),
    await store.aggregate({ ...range, by: 'provider', ...f }),
  ];
  const t = byModel.total;
  return {
    from: byModel.from,
    to: byModel.to,
    totals: {
      ...t,
      cacheHitRate: t.requests > 0 ? t.cacheHits / t.requests : 0,
      errorRate: t.requests > 0 ? t.errors / t.requests : 0,
    },
    byModel: byModel.rows,
    byProvider: byProvider.rows.map((r) => toRow(r.group, r)),
    crashes: byModel.crashes,
  };
}

export interface TimePoint {
  t: string;
  requests: number;
  errors: number;
  costUsd: number;
  savedUsd: number;
  energyWh: number;
  co2eG: number;
  cacheHits: number;
}

/** Requests, spend, savings, energy and CO2e per hour or day; empty buckets filled with zeros (up to 2,000). */
export async function timeseries(
  store: LedgerStore,
  range: TimeRange,
  bucket: 'hour' | 'day',
  filter?: LedgerFilter,
): Promise<TimePoint[]> {
  const agg = await store.aggregate({ ...range, by: bucket, ...(filter ? { filter } : {}) });
  const point = (t: string, r?: Totals): TimePoint => ({
    t,
    requests: r?.requests ?? 0,
    errors: r?.errors ?? 0,
    costUsd: r?.costUsd ?? 0,
    savedUsd: r?.savedUsd ?? 0,
    energyWh: r?.energyWh ?? 0,
    co2eG: r?.co2eG ?? 0,
    cacheHits: r?.cacheHits ?? 0,
  });
  const step = bucket === 'hour' ? 3_600_000 : 86_400_000;
  const start = range.from - (range.from % step);
  if ((range.to - start) / step > 2000) return agg.rows.map((r) => point(String(r.group), r));
  const byKey = new Map(agg.rows.map((r) => [r.group, r]));
  const out: TimePoint[] = [];
  for (let t = start; t < range.to; t += step) {
    const label = groupLabel(bucket, t)!;
    out.push(point(label, byKey.get(label)));
  }
  return out;
}

/** The newest records (of those `filter` matches), newest first. */
export async function recent(
  store: LedgerStore,
  limit = 50,
  range?: TimeRange,
  filter?: LedgerFilter,
): Promise<LedgerRecord[]> {
  return store.records({
    limit: Math.max(1, Math.min(limit, 1000)),
    ...(range ?? {}),
    ...(filter ? { filter } : {}),
  });
}
