// Time buckets for the dashboard's series: a bucket size chosen from the range (`bucket=auto`), or named
// (1h, 3h, 6h, 12h, 1d, 7d; `hour` and `day` are aliases). Points cover whole buckets, so the first one is
// not a partial bucket that reads as a dip or a spike from zero.
import { MarginError } from '../errors/index.js';
import { groupLabel } from '../ledger/aggregate.js';
import type { LedgerFilter, LedgerStore, TimeRange } from '../ledger/store.js';
import type { TimePoint } from './ledger-report.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Bucket sizes the series offers, smallest first. */
export const BUCKETS = [
  { name: '1h', ms: HOUR },
  { name: '3h', ms: 3 * HOUR },
  { name: '6h', ms: 6 * HOUR },
  { name: '12h', ms: 12 * HOUR },
  { name: '1d', ms: DAY },
  { name: '7d', ms: 7 * DAY },
] as const;
export type BucketName = (typeof BUCKETS)[number]['name'];

/** `bucket=auto` draws at most this many points. */
export const AUTO_MAX_POINTS = 200;
/** A named bucket that would make more points than this is refused. */
export const MAX_POINTS = 2000;

/** The smallest bucket that splits a range of `spanMs` into at most AUTO_MAX_POINTS points (24 h → 1h, 7 d → 1h, 30 d → 6h). */
export function chooseBucket(spanMs: number): BucketName {
  for (const b of BUCKETS) if (spanMs / b.ms <= AUTO_MAX_POINTS) return b.name;
  return '7d';
}

/** A bucket from query text (`auto` or absent → chosen from the range). */
export function parseBucket(text: string | null | undefined, range: TimeRange): BucketName {
  if (text === null || text === undefined || text === '' || text === 'auto') {
    return chooseBucket(range.to - range.from);
  }
  const name = text === 'hour' ? '1h' : text === 'day' ? '1d' : text;
  const b = BUCKETS.find((x) => x.name === name);
  if (!b) {
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `bucket must be auto|hour|day|${BUCKETS.map((x) => x.name).join('|')} (got '${text}')`,
      { param: 'bucket' },
    );
  }
  if ((range.to - range.from) / b.ms > MAX_POINTS) {
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `bucket ${text} splits this range into more than ${MAX_POINTS} points; use a larger bucket or bucket=auto`,
      { param: 'bucket' },
    );
  }
  return b.name;
}

const msOf = (name: BucketName): number => BUCKETS.find((b) => b.name === name)!.ms;

/** Start of the bucket holding `t` (UTC; weeks start on Monday). */
export function bucketStart(t: number, name: BucketName): number {
  const ms = msOf(name);
  const offset = name === '7d' ? 4 * DAY : 0; // 1970-01-01 was a Thursday; weeks start on Monday
  return Math.floor((t - offset) / ms) * ms + offset;
}

export interface BucketPoint extends TimePoint {
  /** Bucket start, milliseconds since the epoch (UTC). */
  ts: number;
}

export interface BucketSeries {
  bucket: BucketName;
  bucketMs: number;
  /** First bucket's start (at or before the range's start) and the range's end. */
  from: string;
  to: string;
  points: BucketPoint[];
}

/** Zero-filled totals per bucket over whole buckets from the one holding `range.from` to `range.to`. */
export async function bucketSeries(
  store: LedgerStore,
  range: TimeRange,
  bucket: BucketName,
  filter?: LedgerFilter,
): Promise<BucketSeries> {
  const ms = msOf(bucket);
  const from = bucketStart(range.from, bucket);
  const by = ms % DAY === 0 ? 'day' : 'hour';
  const agg = await store.aggregate({ from, to: range.to, by, ...(filter ? { filter } : {}) });
  const points = new Map<number, BucketPoint>();
  const pointAt = (ts: number): BucketPoint => {
    let p = points.get(ts);
    if (!p) {
      p = {
        t: groupLabel(by, ts)!,
        ts,
        requests: 0,
        errors: 0,
        costUsd: 0,
        savedUsd: 0,
        energyWh: 0,
        co2eG: 0,
        cacheHits: 0,
      };
      points.set(ts, p);
    }
    return p;
  };
  for (let t = from; t < range.to; t += ms) pointAt(t);
  for (const r of agg.rows) {
    const t = Date.parse(String(r.group)); // '2026-11-01' or '2026-11-01T13:00Z', both UTC
    if (!Number.isFinite(t)) continue;
    const p = pointAt(bucketStart(t, bucket));
    p.requests += r.requests;
    p.errors += r.errors;
    p.costUsd += r.costUsd;
    p.savedUsd += r.savedUsd;
    p.energyWh += r.energyWh;
    p.co2eG += r.co2eG;
    p.cacheHits += r.cacheHits;
  }
  return {
    bucket,
    bucketMs: ms,
    from: new Date(from).toISOString(),
    to: new Date(range.to).toISOString(),
    points: [...points.values()].sort((a, b) => a.ts - b.ts),
  };
}
