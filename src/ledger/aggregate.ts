// Turns per-source aggregate rows into merged AggregateRows (same group from raw edges and rollups adds up).
import { METRICS } from './sql.js';
import type { AggregateRow, GroupBy, Totals } from './store.js';

const FIELD: Record<string, keyof Totals> = {
  requests: 'requests',
  errors: 'errors',
  input_tokens: 'inputTokens',
  cached_tokens: 'cachedTokens',
  cache_write_tokens: 'cacheWriteTokens',
  output_tokens: 'outputTokens',
  reasoning_tokens: 'reasoningTokens',
  cost_usd: 'costUsd',
  saved_usd: 'savedUsd',
  energy_wh: 'energyWh',
  co2e_g: 'co2eG',
  saved_energy_wh: 'savedEnergyWh',
  saved_co2e_g: 'savedCo2eG',
  cache_hits: 'cacheHits',
  estimated: 'estimated',
  latency_sum_ms: 'latencySumMs',
  ttft_sum_ms: 'ttftSumMs',
  ttft_count: 'ttftCount',
};

/** A zeroed Totals. */
export function emptyTotals(): Totals {
  const t = {} as Totals;
  for (const f of Object.values(FIELD)) t[f] = 0;
  return t;
}

/** Adds `b` into `a` (in place) and returns `a`. */
export function addTotals(a: Totals, b: Totals): Totals {
  for (const f of Object.values(FIELD)) a[f] += b[f];
  return a;
}

/** Group value as reports show it: ISO day/hour for time buckets, text otherwise. */
export function groupLabel(by: GroupBy | null, v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (by === 'day') return new Date(Number(v)).toISOString().slice(0, 10);
  if (by === 'hour') return `${new Date(Number(v)).toISOString().slice(0, 13)}:00Z`;
  return String(v);
}

/** Merges database rows (`grp` + metric columns) from several sources into one row per group. */
export class AggregateMerger {
  private readonly groups = new Map<string | null, AggregateRow>();
  constructor(private readonly by: GroupBy | null) {}

  add(row: Record<string, unknown>): void {
    const requests = Number(row.requests ?? 0);
    if (requests === 0) return; // an empty range still returns one all-NULL row for ungrouped queries
    const group = groupLabel(this.by, row.grp);
    let acc = this.groups.get(group);
    if (!acc) {
      acc = { group, ...emptyTotals() };
      this.groups.set(group, acc);
    }
    for (const [col] of METRICS) acc[FIELD[col]!] += Number(row[col] ?? 0);
  }

  /** Rows sorted by group (time order for day/hour), or by cost descending for other dimensions. */
  rows(): AggregateRow[] {
    const rows = [...this.groups.values()];
    if (this.by === 'day' || this.by === 'hour') {
      rows.sort((a, b) => String(a.group).localeCompare(String(b.group)));
    } else {
      rows.sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests || cmp(a.group, b.group));
    }
    return rows;
  }
}

function cmp(a: string | null, b: string | null): number {
  return String(a ?? '').localeCompare(String(b ?? ''));
}
