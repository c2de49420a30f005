// From per-request savings on the sample to dollars a month with a 90% interval and a confidence level.
import { makeRng, type Rng } from '../util/rng.js';
import type { Confidence } from './types.js';

export const DAYS_PER_MONTH = 30.44;
const RESAMPLES = 200;

export interface Estimate {
  usdPerMonth: number;
  usdPerMonthLow: number;
  usdPerMonthHigh: number;
  confidence: Confidence;
  /** Requests the saving comes from (non-zero per-request savings). */
  n: number;
}

/** A standard normal draw (Box–Muller). */
function normal(rng: Rng): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** A Poisson(m) draw: exact for small m, normal approximation above 50. */
function poisson(rng: Rng, m: number): number {
  if (m > 50) return Math.max(0, Math.round(m + Math.sqrt(m) * normal(rng)));
  const l = Math.exp(-m);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rng();
  } while (p > l);
  return k - 1;
}

function quantile(sorted: number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

/**
 * Confidence from the interval's relative half-width, the number of requests behind the figure and the
 * days the sample spans: high = ±15%, ≥ 1,000 requests, ≥ 7 days; medium = ±35%, ≥ 100 requests, ≥ 1 day.
 */
export function confidenceOf(
  point: number,
  low: number,
  high: number,
  n: number,
  spanDays: number,
): Confidence {
  const w = point > 0 ? (high - low) / (2 * point) : Number.POSITIVE_INFINITY;
  if (w <= 0.15 && n >= 1000 && spanDays >= 7) return 'high';
  if (w <= 0.35 && n >= 100 && spanDays >= 1) return 'medium';
  return 'low';
}

/** The lower of two confidence levels (a lever caps its own, e.g. for quality risk). */
export function capConfidence(c: Confidence, cap: Confidence): Confidence {
  const order: Confidence[] = ['low', 'medium', 'high'];
  return order[Math.min(order.indexOf(c), order.indexOf(cap))]!;
}

/**
 * Dollars a month from per-request savings on the sample (zeros, and float noise below 1e-12, are left out): the sum × 30.44 /
 * spanDays, and a 90% interval from a Poisson bootstrap over the requests (each request's count in a
 * resample ~ Poisson(1); the number drawn from the non-zero ones ~ Poisson(n)), seeded.
 */
export function monthly(savings: readonly number[], spanDays: number, seed: number): Estimate {
  const values = savings.filter((v) => Math.abs(v) > 1e-12);
  const n = values.length;
  const scale = DAYS_PER_MONTH / spanDays;
  const point = values.reduce((a, b) => a + b, 0) * scale;
  if (n === 0) return { usdPerMonth: 0, usdPerMonthLow: 0, usdPerMonthHigh: 0, confidence: 'low', n };
  const rng = makeRng(seed);
  const sums: number[] = [];
  for (let b = 0; b < RESAMPLES; b++) {
    const k = poisson(rng, n);
    let s = 0;
    for (let i = 0; i < k; i++) s += values[Math.floor(rng() * n)]!;
    sums.push(s * scale);
  }
  sums.sort((a, b) => a - b);
  const low = Math.min(point, quantile(sums, 0.05));
  const high = Math.max(point, quantile(sums, 0.95));
  return {
    usdPerMonth: point,
    usdPerMonthLow: low,
    usdPerMonthHigh: high,
    confidence: confidenceOf(point, low, high, n, spanDays),
    n,
  };
}

/** The q-quantile (0…1) of unsorted numbers (linear interpolation); 0 for none. */
export function quantileOf(xs: readonly number[], q: number): number {
  if (xs.length === 0) return 0;
  return quantile(
    [...xs].sort((a, b) => a - b),
    q,
  );
}

/** `$1,234.56` (cents below $100, whole dollars above). */
export function usd(v: number): string {
  const a = Math.abs(v);
  const s =
    a === 0
      ? '0'
      : a >= 100
        ? Math.round(a).toLocaleString('en-US')
        : a >= 0.01
          ? a.toFixed(2)
          : a.toPrecision(2);
  return `${v < 0 ? '-' : ''}$${s}`;
}
