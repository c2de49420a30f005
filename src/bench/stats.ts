// Small statistics over latency samples.

/** The q-quantile (0..1) of samples by nearest rank; NaN for no samples. Sorts a copy. */
export function quantile(samples: ArrayLike<number>, q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Median of a list (NaN when empty). */
export function median(xs: number[]): number {
  return quantile(xs, 0.5);
}
