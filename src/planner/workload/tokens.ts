// Token-length distributions → weighted buckets (for pricing tiers such as long context) and means (for
// the performance model). Percentiles are turned into a fitted lognormal, discretised in 8 equal bands.
import { normInv } from '../stats.js';
import type { TokenDist } from './schema.js';

export interface Bucket {
  tokens: number;
  /** Probability weight; the weights of a distribution sum to 1. */
  weight: number;
}

const BANDS = 8;
const Z90 = 1.2815515655446004;
const Z99 = 2.3263478740408408;

function lognormalBuckets(median: number, sigma: number, mean: number | undefined): Bucket[] {
  const raw: Bucket[] = [];
  for (let i = 0; i < BANDS; i++) {
    const p = (i + 0.5) / BANDS;
    raw.push({ tokens: median * Math.exp(sigma * normInv(p)), weight: 1 / BANDS });
  }
  // Discretising drops the tail's mass; rescale so the mean matches the lognormal's (or the given) mean.
  const target = mean ?? median * Math.exp((sigma * sigma) / 2);
  const got = raw.reduce((s, b) => s + b.tokens * b.weight, 0);
  return raw.map((b) => ({ tokens: Math.max(1, Math.round((b.tokens * target) / got)), weight: b.weight }));
}

/** Weighted buckets for a token distribution (weights sum to 1, tokens ≥ 1 and integral). */
export function toBuckets(d: TokenDist): Bucket[] {
  if (typeof d === 'number') return [{ tokens: Math.max(1, Math.round(d)), weight: 1 }];
  if (d.buckets) {
    const total = d.buckets.reduce((s, b) => s + b.weight, 0);
    return d.buckets.map((b) => ({ tokens: Math.max(1, Math.round(b.tokens)), weight: b.weight / total }));
  }
  const { mean, p50, p90, p99 } = d;
  if (p50 !== undefined) {
    let sigma = 0;
    if (p90 !== undefined && p90 > p50) sigma = Math.log(p90 / p50) / Z90;
    else if (p99 !== undefined && p99 > p50) sigma = Math.log(p99 / p50) / Z99;
    else if (mean !== undefined && mean > p50) sigma = Math.sqrt(2 * Math.log(mean / p50));
    if (sigma === 0) return [{ tokens: Math.max(1, Math.round(mean ?? p50)), weight: 1 }];
    return lognormalBuckets(p50, sigma, mean);
  }
  return [{ tokens: Math.max(1, Math.round(mean ?? 1)), weight: 1 }];
}

/** Mean of a bucket list. */
export function bucketMean(b: readonly Bucket[]): number {
  return b.reduce((s, x) => s + x.tokens * x.weight, 0);
}

/** Largest token count in a bucket list. */
export function bucketMax(b: readonly Bucket[]): number {
  return b.reduce((m, x) => Math.max(m, x.tokens), 0);
}
