// `--from-ledger <db>`: derives traffic and tokens from the gateway's own ledger — the last N days of
// successful requests: rate and hour-of-day / weekday shape (UTC), token distributions, provider
// prompt-cache read and write shares, response-cache hit share, and the models actually used.
import { existsSync } from 'node:fs';
import { MarginError } from '../../errors/index.js';
import { type LedgerStore, openStore } from '../../ledger/index.js';
import { quantileBuckets } from './from-trace.js';

const DAY_MS = 86_400_000;

export interface LedgerSummary {
  days: number;
  requests: number;
  requestsPerDay: number;
  meanInput: number;
  meanOutput: number;
  prefixShare: number;
  /** Provider cache writes / input tokens in the sample (undefined with no model calls). */
  writeShare?: number;
  responseHitShare: number;
  models: Record<string, number>;
  notes: string[];
}

/** Reads the ledger and returns workload fields it determines, plus the models used (by requests). */
export async function ledgerToWorkload(
  url: string,
  opts: { days?: number; sampleLimit?: number } = {},
): Promise<{ patch: Record<string, unknown>; summary: LedgerSummary }> {
  const days = opts.days ?? 30;
  if (!Number.isInteger(days) || days < 1)
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `--days must be a positive integer (got ${days})`);
  const isPath = !/^[a-z]+:/i.test(url);
  if (isPath && !existsSync(url))
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `--from-ledger: no ledger file at '${url}'`);
  const store = await openStore(url, false);
  try {
    return await storeToWorkload(store, url, opts);
  } finally {
    await store.close();
  }
}

/** The same from an open ledger store (`label` names it in messages); `margin advise` uses it. */
export async function storeToWorkload(
  store: LedgerStore,
  url: string,
  opts: { days?: number; sampleLimit?: number } = {},
): Promise<{ patch: Record<string, unknown>; summary: LedgerSummary }> {
  const days = opts.days ?? 30;
  const newest = await store.records({ limit: 1 });
  const last = newest[0];
  if (!last)
    throw new MarginError('MARGIN_ERR_BAD_WORKLOAD', `--from-ledger ${url}: the ledger has no records`);
  const to = last.ts + 1;
  const from = to - days * DAY_MS;
  const hourly = await store.aggregate({ from, to, by: 'hour' });
  const byModel = await store.aggregate({ from, to, by: 'model' });
  const total = await store.aggregate({ from, to, by: null });
  const t = total.rows[0];
  const ok = t ? t.requests - t.errors : 0;
  if (!t || ok <= 0)
    throw new MarginError(
      'MARGIN_ERR_BAD_WORKLOAD',
      `--from-ledger ${url}: no successful requests in the last ${days} days`,
    );
  // Span actually covered: from the first hour with traffic to the last record.
  let firstHour = Number.POSITIVE_INFINITY;
  const hourSum = new Array<number>(24).fill(0);
  const daySum = new Array<number>(7).fill(0);
  const daysSeen = Array.from({ length: 7 }, () => new Set<number>());
  for (const r of hourly.rows) {
    if (!r.group) continue;
    const ms = Date.parse(`${r.group.slice(0, 13)}:00:00Z`);
    if (!Number.isFinite(ms)) continue;
    if (ms < firstHour) firstHour = ms;
    const n = r.requests - r.errors;
    const d = new Date(ms);
    hourSum[d.getUTCHours()] = (hourSum[d.getUTCHours()] ?? 0) + n;
    const wd = (d.getUTCDay() + 6) % 7; // Monday = 0
    daySum[wd] = (daySum[wd] ?? 0) + n;
    daysSeen[wd]!.add(Math.floor(ms / DAY_MS));
  }
  const spanMs = Math.max(3_600_000, to - (Number.isFinite(firstHour) ? firstHour : from));
  const spanDays = spanMs / DAY_MS;
  const requestsPerDay = ok / spanDays;
  const notes: string[] = [];
  const traffic: Record<string, unknown> = { requestsPerDay };
  if (spanDays >= 1) {
    traffic['hourly'] = hourSum.map((v) => v / (ok / 24));
  } else
    notes.push(
      `ledger spans ${(spanDays * 24).toFixed(1)} h: its rate is used, the day shape comes from the workload`,
    );
  if (spanDays >= 7) {
    // Mean per calendar day of each weekday, relative to the mean day (a weekday seen twice counts once).
    const perDay = daySum.map((v, i) => v / Math.max(1, daysSeen[i]!.size));
    const meanDay = perDay.reduce((a, b) => a + b, 0) / 7;
    traffic['weekly'] = perDay.map((v) => (meanDay > 0 ? v / meanDay : 1));
  }
  const sample = await store.records({ from, to, limit: opts.sampleLimit ?? 20_000 });
  const okSample = sample.filter((r) => r.status < 400 && r.cache === 'miss');
  const input = okSample.map((r) => r.usage.inputTokens);
  const output = okSample.map((r) => r.usage.outputTokens);
  const mean = (a: number[]) => (a.length ? a.reduce((s, v) => s + v, 0) / a.length : 0);
  const prefixShare = t.inputTokens > 0 ? Math.min(1, t.cachedTokens / t.inputTokens) : 0;
  const responseHitShare = Math.min(0.99, t.cacheHits / Math.max(1, t.requests));
  // Provider cache writes (Anthropic-style) as a share of input tokens, measured on the sample.
  let sampleInput = 0;
  let sampleWrites = 0;
  for (const r of okSample) {
    sampleInput += r.usage.inputTokens;
    sampleWrites += r.usage.cacheWrite5mTokens + r.usage.cacheWrite1hTokens;
  }
  const writeShare =
    sampleInput > 0 ? Math.max(0, Math.min(1 - prefixShare, sampleWrites / sampleInput)) : undefined;
  const models: Record<string, number> = {};
  for (const r of byModel.rows) if (r.group) models[r.group] = r.requests - r.errors;
  const patch: Record<string, unknown> = {
    traffic,
    cache: { prefixShare, responseHitShare, ...(writeShare !== undefined ? { writeShare } : {}) },
  };
  if (input.length > 0) {
    patch['tokens'] = {
      input: { buckets: quantileBuckets(input) },
      output: { buckets: quantileBuckets(output) },
    };
  } else notes.push('no model calls in the sample (all cache hits or errors): tokens come from the workload');
  if (sample.length >= (opts.sampleLimit ?? 20_000))
    notes.push(`token distributions from the newest ${sample.length} records`);
  return {
    patch,
    summary: {
      days,
      requests: ok,
      requestsPerDay,
      meanInput: mean(input),
      meanOutput: mean(output),
      prefixShare,
      ...(writeShare !== undefined ? { writeShare } : {}),
      responseHitShare,
      models,
      notes,
    },
  };
}
