// Exact (Clopper–Pearson) binomial confidence bounds for a wrong-hit rate `wrong / hits`: the rate p at
// which seeing at most (upper) or at least (lower) `wrong` wrong hits has probability δ. Valid for any
// sample size, including zero wrong hits, where normal approximations (Wilson) are optimistic.

/** P(X ≤ k) for X ~ Binomial(n, p), summed in log space (stable for n in the hundreds of thousands). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n || p <= 0) return 1;
  if (p >= 1) return 0;
  const logRatio = Math.log(p) - Math.log1p(-p);
  let logPmf = n * Math.log1p(-p);
  let max = logPmf;
  const terms = [logPmf];
  for (let i = 0; i < k; i++) {
    logPmf += Math.log((n - i) / (i + 1)) + logRatio;
    terms.push(logPmf);
    if (logPmf > max) max = logPmf;
  }
  let s = 0;
  for (const t of terms) s += Math.exp(t - max);
  return Math.min(1, Math.exp(max + Math.log(s)));
}

/** Bisection on a decreasing function f(p) for f(p) = target, p in [lo, hi]. */
function solveDecreasing(f: (p: number) => number, target: number, lo: number, hi: number): number {
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** One-sided upper bound at confidence 1 − δ on a rate seen as `wrong` of `hits` (1 when hits = 0). */
export function upperBound(wrong: number, hits: number, delta: number): number {
  if (hits === 0 || wrong >= hits) return 1;
  if (wrong === 0) return 1 - delta ** (1 / hits);
  return solveDecreasing((p) => binomialCdf(wrong, hits, p), delta, wrong / hits, 1);
}

/** One-sided lower bound at confidence 1 − δ (0 when nothing was wrong). */
export function lowerBound(wrong: number, hits: number, delta: number): number {
  if (hits === 0 || wrong === 0) return 0;
  if (wrong === hits) return delta ** (1 / hits);
  // P(X ≥ wrong) = 1 − P(X ≤ wrong − 1) rises with p: solve P(X ≤ wrong − 1) = 1 − δ.
  return solveDecreasing((p) => binomialCdf(wrong - 1, hits, p), 1 - delta, 0, wrong / hits);
}

/** Two-sided interval at confidence `level` (e.g. 0.95: 2.5% in each tail). */
export function interval(wrong: number, hits: number, level = 0.95): [number, number] {
  const d = (1 - level) / 2;
  return [lowerBound(wrong, hits, d), upperBound(wrong, hits, d)];
}
