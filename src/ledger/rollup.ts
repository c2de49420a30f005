// Rollup deltas computed in memory for one batch: the same keys and sums as the SQL in sql.ts (ROLLUP_DIMS,
// METRICS), folded into the rollup tables with one multi-row upsert instead of a GROUP BY per batch.
import type { RowValue } from './columns.js';
import type { LedgerRecord } from './record.js';
import { METRICS, ROLLUP_DIMS } from './sql.js';

const BUCKET_MS = { hourly: 3_600_000, daily: 86_400_000 } as const;
const N_METRICS = METRICS.length;

/** One delta row per rollup key: [bucket, ...ROLLUP_DIMS, ...METRICS] in column order. */
export function rollupDeltas(records: readonly LedgerRecord[], kind: 'hourly' | 'daily'): RowValue[][] {
  const ms = BUCKET_MS[kind];
  const groups = new Map<string, RowValue[]>();
  for (const r of records) {
    const bucket = r.ts - (r.ts % ms);
    const model = r.servedModel ?? r.requestedModel;
    const provider = r.provider ?? '';
    const key = r.keyId ?? '';
    const tenant = r.tenant ?? '';
    const statusClass = Math.trunc(r.status / 100);
    const id = `${bucket}\u0001${model}\u0001${provider}\u0001${key}\u0001${tenant}\u0001${r.endpoint}\u0001${r.cache}\u0001${statusClass}`;
    let g = groups.get(id);
    if (!g) {
      g = [bucket, model, provider, key, tenant, r.endpoint, r.cache, statusClass];
      for (let i = 0; i < N_METRICS; i++) g.push(0);
      groups.set(id, g);
    }
    const u = r.usage;
    const m = g as number[];
    // Order must follow METRICS in sql.ts.
    m[8]! += 1;
    m[9]! += r.status >= 400 ? 1 : 0;
    m[10]! += u.inputTokens;
    m[11]! += u.cacheReadTokens;
    m[12]! += u.cacheWrite5mTokens + u.cacheWrite1hTokens;
    m[13]! += u.outputTokens;
    m[14]! += u.reasoningTokens;
    m[15]! += r.costUsd.total;
    m[16]! += r.savedUsd;
    m[17]! += r.energyWh;
    m[18]! += r.co2eG;
    m[19]! += r.savedEnergyWh;
    m[20]! += r.savedCo2eG;
    m[21]! += r.cache === 'exact' || r.cache === 'semantic' ? 1 : 0;
    m[22]! += u.source === 'estimated' ? 1 : 0;
    m[23]! += r.latencyMs;
    m[24]! += r.ttftMs ?? 0;
    m[25]! += r.ttftMs === null ? 0 : 1;
  }
  return [...groups.values()];
}

/** Number of columns in a delta row. */
export const ROLLUP_WIDTH = 1 + ROLLUP_DIMS.length + N_METRICS;

/** Multi-row `INSERT … VALUES … ON CONFLICT DO UPDATE` adding `rows` deltas into a rollup table. */
export function rollupValuesSql(table: string, kind: 'hourly' | 'daily', rows: number): string {
  const keys = [kind === 'hourly' ? 'hour' : 'day', ...ROLLUP_DIMS.map(([c]) => c)];
  const cols = [...keys, ...METRICS.map(([c]) => c)];
  const one = `(${cols.map(() => '?').join(', ')})`;
  const sets = METRICS.map(([c]) => `${c} = t.${c} + excluded.${c}`).join(', ');
  return (
    `INSERT INTO ${table} AS t (${cols.join(', ')}) VALUES ${Array(rows).fill(one).join(', ')} ` +
    `ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${sets}`
  );
}
