// Threshold calibration to a target wrong-hit rate. Given labelled scores (1 = same question), pick the
// lowest threshold whose wrong-hit rate among hits, with a finite-sample (conformal-style, +1) correction,
// stays at or under the target: the calibration set's hits above the threshold are a sample of future hits.

export interface LabelledScore {
  score: number;
  /** 1 when serving the cached answer would be right. */
  label: 0 | 1;
}

export interface CurvePoint {
  threshold: number;
  hits: number;
  wrongHits: number;
  /** Hits as a share of all queries. */
  hitRate: number;
  /** Wrong hits as a share of hits (0 when there are none). */
  wrongHitRate: number;
}

/** Hits and wrong hits at a threshold (score ≥ threshold is a hit). */
export function pointAt(scores: readonly LabelledScore[], threshold: number): CurvePoint {
  let hits = 0;
  let wrong = 0;
  for (const s of scores) {
    if (s.score >= threshold) {
      hits++;
      if (s.label === 0) wrong++;
    }
  }
  return {
    threshold,
    hits,
    wrongHits: wrong,
    hitRate: scores.length ? hits / scores.length : 0,
    wrongHitRate: hits ? wrong / hits : 0,
  };
}

/**
 * One-sided Wilson upper confidence bound of a wrong-hit rate `wrong / hits` at `z` standard deviations
 * (z = 0 gives the conformal-style (wrong + 1) / (hits + 1) finite-sample estimate instead).
 */
export function wrongRateUpperBound(wrong: number, hits: number, z: number): number {
  if (hits === 0) return 1;
  if (z === 0) return (wrong + 1) / (hits + 1);
  const p = wrong / hits;
  const z2 = z * z;
  const centre = p + z2 / (2 * hits);
  const spread = z * Math.sqrt((p * (1 - p)) / hits + z2 / (4 * hits * hits));
  return Math.min(1, (centre + spread) / (1 + z2 / hits));
}

/**
 * The lowest threshold at which the upper bound on the wrong-hit rate of the hits above it is ≤ target,
 * scanning from the highest score down. Returns +Infinity (never serve) when no threshold qualifies;
 * `minHits` guards against thresholds resting on a handful of examples.
 */
export function calibrateThreshold(
  scores: readonly LabelledScore[],
  target: number,
  options: { z?: number; minHits?: number } = {},
): number {
  const z = options.z ?? 1.28;
  const minHits = options.minHits ?? 20;
  const sorted = [...scores].filter((s) => Number.isFinite(s.score)).sort((a, b) => b.score - a.score);
  let hits = 0;
  let wrong = 0;
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i] as LabelledScore;
    hits++;
    if (s.label === 0) wrong++;
    // Only cut between distinct scores: every item tied at this score is a hit too.
    const next = sorted[i + 1];
    if (next !== undefined && next.score === s.score) continue;
    if (hits >= minHits && wrongRateUpperBound(wrong, hits, z) <= target) best = s.score;
  }
  return best;
}

/** Threshold → hit rate / wrong-hit rate at each of the given thresholds. */
export function curve(scores: readonly LabelledScore[], thresholds: readonly number[]): CurvePoint[] {
  return thresholds.map((t) => pointAt(scores, t));
}
