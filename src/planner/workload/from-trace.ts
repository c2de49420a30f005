// `--trace <file>`: derives the traffic and token parts of a workload from a public serving trace
// (formats of ../shared/traces): Azure LLM 2023 CSV, BurstGPT CSV, Mooncake JSONL (prefix-cache hits
// from the 512-token block hashes), ServeGen 10-minute rate curves (diurnal and weekly shape).
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { MarginError } from '../../errors/index.js';
import { parseTrace } from '../../traces/read.js';
import type { TraceRequest } from '../../traces/types.js';

export type TraceFormat = 'azure' | 'burstgpt' | 'mooncake' | 'servegen-rate';

export interface TraceSummary {
  format: TraceFormat;
  requests: number;
  spanS: number;
  requestsPerDay: number;
  meanInput?: number;
  meanOutput?: number;
  prefixShare?: number;
  models?: Record<string, number>;
  notes: string[];
}

export interface TracePatch {
  /** Raw workload fields to merge over the workload file (validated afterwards). */
  patch: Record<string, unknown>;
  summary: TraceSummary;
}

interface Req {
  t: number;
  input: number;
  output: number;
}

const bad = (path: string, why: string) =>
  new MarginError('MARGIN_ERR_BAD_WORKLOAD', `--trace ${path}: ${why}`);

/** Eight equal-count buckets (mean of each eighth of the sorted values). */
export function quantileBuckets(values: number[]): Array<{ tokens: number; weight: number }> {
  const v = values.filter((x) => x > 0).sort((a, b) => a - b);
  if (v.length === 0) return [{ tokens: 1, weight: 1 }];
  const n = Math.min(8, v.length);
  const out: Array<{ tokens: number; weight: number }> = [];
  for (let i = 0; i < n; i++) {
    const lo = Math.floor((i * v.length) / n);
    const hi = Math.floor(((i + 1) * v.length) / n);
    let s = 0;
    for (let j = lo; j < hi; j++) s += v[j]!;
    out.push({ tokens: Math.max(1, Math.round(s / (hi - lo))), weight: (hi - lo) / v.length });
  }
  return out;
}

/** Infinite-cache prefix reuse: per request, the leading run of 512-token blocks already seen. */
function prefixShareOf(requests: readonly TraceRequest[], blockTokens: number): number {
  const seen = new Set<number>();
  let hit = 0;
  let total = 0;
  for (const r of requests) {
    const ids = r.hashIds ?? [];
    let run = 0;
    while (run < ids.length && seen.has(ids[run]!)) run++;
    const cachedTokens = run === 0 ? 0 : run < ids.length ? run * blockTokens : r.inputTokens;
    hit += Math.min(r.inputTokens, cachedTokens);
    total += r.inputTokens;
    for (const id of ids) seen.add(id);
  }
  return total > 0 ? hit / total : 0;
}

function servegenRate(path: string, text: string, wanted?: string): TracePatch {
  const records = parse(text, {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
  }) as Array<Record<string, string | undefined>>;
  const byModel = new Map<string, Array<{ s: number; rps: number }>>();
  for (const [i, r] of records.entries()) {
    const m = r['model'];
    if (m === undefined || r['total_rate_rps'] === undefined) continue;
    const s = Number(r['window_start_s']);
    const rps = Number(r['total_rate_rps']);
    if (!Number.isFinite(s) || !Number.isFinite(rps)) throw bad(path, `line ${i + 2}: bad number`);
    if (!byModel.has(m)) byModel.set(m, []);
    byModel.get(m)!.push({ s, rps });
  }
  const names = [...byModel.keys()];
  const model = wanted ?? names[0];
  const rows = model ? byModel.get(model) : undefined;
  if (!rows || rows.length === 0)
    throw bad(path, `no rows for model '${wanted}'; the file has: ${names.join(', ')}`);
  // Windows with zero total rate in contiguous runs are data gaps (README); leave them out of the means.
  const live = rows.filter((r) => r.rps > 0);
  const mean = live.reduce((s, r) => s + r.rps, 0) / Math.max(1, live.length);
  const hourSum = new Array<number>(24).fill(0);
  const hourN = new Array<number>(24).fill(0);
  const daySum = new Map<number, { s: number; n: number }>();
  for (const r of live) {
    const h = Math.floor((r.s % 86400) / 3600);
    hourSum[h] = (hourSum[h] ?? 0) + r.rps;
    hourN[h] = (hourN[h] ?? 0) + 1;
    const d = Math.floor(r.s / 86400);
    const e = daySum.get(d) ?? { s: 0, n: 0 };
    e.s += r.rps;
    e.n += 1;
    daySum.set(d, e);
  }
  const hourly = hourSum.map((s, h) => (hourN[h] ? s / hourN[h]! / mean : 1));
  const traffic: Record<string, unknown> = { requestsPerDay: mean * 86400, hourly };
  const notes = [
    `ServeGen model '${model}': ${rows.length} ten-minute windows, ${rows.length - live.length} empty (data gaps) left out`,
  ];
  const days = [...daySum.entries()].sort((a, b) => a[0] - b[0]);
  if (days.length >= 7) {
    const wk = new Array<number>(7).fill(0);
    const wn = new Array<number>(7).fill(0);
    for (const [d, e] of days) {
      wk[d % 7] = (wk[d % 7] ?? 0) + e.s / e.n;
      wn[d % 7] = (wn[d % 7] ?? 0) + 1;
    }
    traffic['weekly'] = wk.map((s, i) => (wn[i] ? s / wn[i]! / mean : 1));
    notes.push(
      'weekly pattern taken with the trace’s day 0 as Monday (ServeGen does not publish the weekday)',
    );
  }
  const spanS = rows[rows.length - 1]!.s - rows[0]!.s + 600;
  return {
    patch: { traffic },
    summary: {
      format: 'servegen-rate',
      requests: Math.round(mean * spanS),
      spanS,
      requestsPerDay: mean * 86400,
      notes,
    },
  };
}

/** Reads a trace file and returns the workload fields it determines, with a summary. */
export function traceToWorkload(path: string, opts: { model?: string } = {}): TracePatch {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `cannot read trace file '${path}'`);
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) throw bad(path, 'needs a header and at least one row');
  if (lines[0]!.startsWith('model,category,window_start_s,total_rate_rps'))
    return servegenRate(path, text, opts.model);
  const notes: string[] = [];
  let trace: ReturnType<typeof parseTrace>;
  try {
    trace = parseTrace(text);
  } catch (err) {
    throw bad(path, `${(err as Error).message} (or a ServeGen rate CSV)`);
  }
  const format: TraceFormat = trace.format;
  const ok = trace.requests.filter((r) => !r.failed);
  const reqs: Req[] = ok.map((r) => ({ t: r.tMs / 1000, input: r.inputTokens, output: r.outputTokens }));
  const models: Record<string, number> = {};
  for (const r of ok) if (r.model) models[r.model] = (models[r.model] ?? 0) + 1;
  const failed = trace.requests.length - ok.length;
  if (failed) notes.push(`${failed} failed requests (0 response tokens) left out`);
  if (trace.skipped) notes.push(`${trace.skipped} malformed rows skipped (first: ${trace.firstSkipReason})`);
  let prefixShare: number | undefined;
  if (format === 'mooncake') {
    prefixShare = prefixShareOf(ok, trace.blockTokens ?? 512);
    notes.push(
      `prefix-cache share ${(prefixShare * 100).toFixed(1)}% of input tokens (ideal, infinite cache, 512-token blocks)`,
    );
  }
  if (reqs.length === 0) throw bad(path, 'no usable requests');
  let t0 = Number.POSITIVE_INFINITY;
  let t1 = Number.NEGATIVE_INFINITY;
  for (const r of reqs) {
    if (r.t < t0) t0 = r.t;
    if (r.t > t1) t1 = r.t;
  }
  // n arrivals over the span: the mean gap is span/(n−1), so the rate is (n−1)/span.
  const spanS = Math.max(1, t1 - t0);
  const rate = reqs.length > 1 ? (reqs.length - 1) / spanS : 1 / 86400;
  const input = reqs.map((r) => r.input);
  const output = reqs.map((r) => r.output);
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const patch: Record<string, unknown> = {
    traffic: { requestsPerDay: rate * 86400 },
    tokens: { input: { buckets: quantileBuckets(input) }, output: { buckets: quantileBuckets(output) } },
  };
  if (prefixShare !== undefined) patch['cache'] = { prefixShare };
  if (spanS < 86400)
    notes.push(
      `trace spans ${(spanS / 3600).toFixed(1)} h: its rate is used, the day shape comes from the workload`,
    );
  const summary: TraceSummary = {
    format,
    requests: reqs.length,
    spanS,
    requestsPerDay: rate * 86400,
    meanInput: mean(input),
    meanOutput: mean(output),
    notes,
  };
  if (prefixShare !== undefined) summary.prefixShare = prefixShare;
  if (Object.keys(models).length) summary.models = models;
  return { patch, summary };
}
