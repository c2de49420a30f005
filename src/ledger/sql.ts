// SQL text shared by both adapters: rollup upserts and aggregate queries over raw rows and rollups.
// Placeholders differ (`?` vs `$n`), so builders take a Dialect and return text plus parameters.
import { COLUMNS, type ColumnType } from './columns.js';
import type { RangePart, Source } from './plan.js';
import type { AggregateQuery, GroupBy, LedgerFilter } from './store.js';

export interface Dialect {
  /** Placeholder for the n-th parameter (1-based). */
  ph(n: number): string;
}

export interface Tables {
  raw: string;
  hourly: string;
  daily: string;
}

/** Additive metric columns kept in the rollups, with their expression over raw rows. */
export const METRICS: ReadonlyArray<readonly [string, string]> = [
  ['requests', 'COUNT(*)'],
  ['errors', 'SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END)'],
  ['input_tokens', 'SUM(input_tokens)'],
  ['cached_tokens', 'SUM(cache_read_tokens)'],
  ['cache_write_tokens', 'SUM(cache_write_5m_tokens + cache_write_1h_tokens)'],
  ['output_tokens', 'SUM(output_tokens)'],
  ['reasoning_tokens', 'SUM(reasoning_tokens)'],
  ['cost_usd', 'SUM(cost_total)'],
  ['saved_usd', 'SUM(saved_usd)'],
  ['energy_wh', 'SUM(energy_wh)'],
  ['co2e_g', 'SUM(co2e_g)'],
  ['saved_energy_wh', 'SUM(saved_energy_wh)'],
  ['saved_co2e_g', 'SUM(saved_co2e_g)'],
  ['cache_hits', "SUM(CASE WHEN cache IN ('exact', 'semantic') THEN 1 ELSE 0 END)"],
  ['estimated', "SUM(CASE WHEN usage_source = 'estimated' THEN 1 ELSE 0 END)"],
  ['latency_sum_ms', 'SUM(latency_ms)'],
  ['ttft_sum_ms', 'SUM(COALESCE(ttft_ms, 0))'],
  ['ttft_count', 'COUNT(ttft_ms)'],
];

/** Rollup key columns after the time bucket; absent provider/key/tenant are stored as '' so keys stay unique. */
export const ROLLUP_DIMS: ReadonlyArray<readonly [string, string]> = [
  ['model', 'COALESCE(served_model, requested_model)'],
  ['provider', "COALESCE(provider, '')"],
  ['key_id', "COALESCE(key_id, '')"],
  ['tenant', "COALESCE(tenant, '')"],
  ['endpoint', 'endpoint'],
  ['cache', 'cache'],
  ['status_class', 'status / 100'],
];

const BUCKET: Record<'hourly' | 'daily', { col: string; ms: number }> = {
  hourly: { col: 'hour', ms: 3_600_000 },
  daily: { col: 'day', ms: 86_400_000 },
};

/** INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE folding `fromSql` rows (a table or CTE) into a rollup. */
export function rollupUpsertSql(
  table: string,
  kind: 'hourly' | 'daily',
  fromSql: string,
  where: string,
): string {
  const b = BUCKET[kind];
  const keys = [b.col, ...ROLLUP_DIMS.map(([c]) => c)];
  const cols = [...keys, ...METRICS.map(([c]) => c)];
  const select = [`ts - ts % ${b.ms}`, ...ROLLUP_DIMS.map(([, e]) => e), ...METRICS.map(([, e]) => e)];
  const groups = keys.map((_, i) => i + 1).join(', ');
  const sets = METRICS.map(([c]) => `${c} = t.${c} + excluded.${c}`).join(', ');
  return (
    `INSERT INTO ${table} AS t (${cols.join(', ')}) SELECT ${select.join(', ')} FROM ${fromSql} ` +
    `WHERE ${where} GROUP BY ${groups} ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${sets}`
  );
}

/** Rollup table DDL columns (dialect supplies the integer/real type names). */
export function rollupColumnsDdl(kind: 'hourly' | 'daily', bigint: string, real: string): string {
  const b = BUCKET[kind];
  const dims = ROLLUP_DIMS.map(([c]) =>
    c === 'status_class' ? `${c} INTEGER NOT NULL` : `${c} TEXT NOT NULL`,
  );
  const metrics = METRICS.map(([c]) =>
    /usd|wh|co2e|_ms$/.test(c) ? `${c} ${real} NOT NULL` : `${c} ${bigint} NOT NULL`,
  );
  const keys = [b.col, ...ROLLUP_DIMS.map(([c]) => c)].join(', ');
  return [`${b.col} ${bigint} NOT NULL`, ...dims, ...metrics, `PRIMARY KEY (${keys})`].join(', ');
}

function groupExpr(by: GroupBy, source: Source): string {
  const raw = source === 'raw';
  switch (by) {
    case 'model':
      return raw ? 'COALESCE(served_model, requested_model)' : 'model';
    case 'provider':
      return raw ? 'provider' : "NULLIF(provider, '')";
    case 'key':
      return raw ? 'key_id' : "NULLIF(key_id, '')";
    case 'tenant':
      return raw ? 'tenant' : "NULLIF(tenant, '')";
    case 'endpoint':
      return 'endpoint';
    case 'cache':
      return 'cache';
    case 'day':
      return raw ? 'ts - ts % 86400000' : source === 'hourly' ? 'hour - hour % 86400000' : 'day';
    case 'hour':
      if (source === 'daily') throw new Error('hour grouping cannot read the daily rollup');
      return raw ? 'ts - ts % 3600000' : 'hour';
  }
}

const FILTER_COLUMNS: Record<keyof LedgerFilter, { raw: string; rollup: string }> = {
  model: { raw: 'COALESCE(served_model, requested_model)', rollup: 'model' },
  provider: { raw: 'provider', rollup: 'provider' },
  key: { raw: 'key_id', rollup: 'key_id' },
  tenant: { raw: 'tenant', rollup: 'tenant' },
};

/** WHERE clause for a time range and filters on one source; pushes parameters onto `params`. */
export function whereSql(
  source: Source,
  from: number,
  to: number,
  filter: LedgerFilter | undefined,
  d: Dialect,
  params: unknown[],
): string {
  const t = source === 'raw' ? 'ts' : source === 'hourly' ? 'hour' : 'day';
  params.push(from, to);
  const parts = [`${t} >= ${d.ph(params.length - 1)}`, `${t} < ${d.ph(params.length)}`];
  for (const [k, v] of Object.entries(filter ?? {}) as Array<
    [keyof LedgerFilter, string | null | undefined]
  >) {
    if (v === undefined) continue;
    const col = FILTER_COLUMNS[k][source === 'raw' ? 'raw' : 'rollup'];
    if (v === null && source === 'raw') {
      parts.push(`${col} IS NULL`);
      continue;
    }
    params.push(v ?? '');
    parts.push(`${col} = ${d.ph(params.length)}`);
  }
  return parts.join(' AND ');
}

/** One aggregate query over one part of the range. Metric columns come back under their rollup names. */
export function aggregateSql(
  part: RangePart,
  q: AggregateQuery,
  tables: Tables,
  d: Dialect,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where = whereSql(part.source, part.from, part.to, q.filter, d, params);
  const metrics = METRICS.map(([c, e]) => (part.source === 'raw' ? `${e} AS ${c}` : `SUM(${c}) AS ${c}`));
  const g = q.by === null ? 'NULL' : groupExpr(q.by, part.source);
  const group = q.by === null ? '' : ' GROUP BY 1';
  const sql = `SELECT ${g} AS grp, ${metrics.join(', ')} FROM ${tables[part.source]} WHERE ${where}${group}`;
  return { sql, params };
}

/** Raw latency/TTFT samples with their group value, for percentiles. */
export function samplesSql(
  q: AggregateQuery,
  tables: Tables,
  d: Dialect,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where = whereSql('raw', q.from, q.to, q.filter, d, params);
  const g = q.by === null ? 'NULL' : groupExpr(q.by, 'raw');
  return { sql: `SELECT ${g} AS grp, latency_ms, ttft_ms FROM ${tables.raw} WHERE ${where}`, params };
}

const NULLABLE = new Set([
  'key_id',
  'tenant',
  'served_model',
  'provider',
  'error_code',
  'route',
  'ttft_ms',
  'extra',
]);

/** Raw-table column DDL (after the `seq` key) from the shared column list. */
export function rawColumnsDdl(types: Record<ColumnType, string>): string {
  return COLUMNS.map(([name, type]) => {
    const unique = name === 'id' ? ' UNIQUE' : '';
    return `${name} ${types[type]}${NULLABLE.has(name) ? '' : ' NOT NULL'}${unique}`;
  }).join(', ');
}
