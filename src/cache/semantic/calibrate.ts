// Threshold calibration to a target wrong-hit rate. Given labelled scores (1 = same question), pick the
// threshold whose exact binomial upper confidence bound on the wrong-hit rate among hits stays at or under
// the target: the calibration set's hits above the threshold are a sample of future hits.
import { interval, upperBound } from './bounds.js';

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
  /** Two-sided 95% Clopper–Pearson interval of the wrong-hit rate. */
  wrongHitInterval: [number, number];
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
    wrongHitInterval: interval(wrong, hits),
  };
}

/**
 * The lowest threshold whose Clopper–Pearson upper bound (confidence 1 − δ) on the wrong-hit rate of the
 * hits above it is ≤ target, found by fixed-sequence testing (Learn-then-Test): cut points are tested from
 * the highest score down, starting where enough hits lie above the cut for a clean sample to pass at all (a
 * label-blind start), and the scan stops at the first cut that fails. Stopping there, rather than taking
 * the lowest passing cut anywhere, is what keeps the guarantee for a new sample: P(true wrong-hit rate at
 * the chosen threshold > target) ≤ δ, with no correction for the number of cuts looked at.
 * Returns +Infinity (never serve) when the first tested cut already fails.
 */
export function calibrateThreshold(
  scores: readonly LabelledScore[],
  target: number,
  options: { delta?: number; minHits?: number } = {},
): number {
  const delta = options.delta ?? 0.1;
  const start = Math.max(options.minHits ?? 1, Math.ceil(Math.log(delta) / Math.log1p(-target)));
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
    if (hits < start) continue;
    if (upperBound(wrong, hits, delta) > target) break;
    best = s.score;
  }
  return best;
}

/** Threshold → hit rate / wrong-hit rate at each of the given thresholds. */
export function curve(scores: readonly LabelledScore[], thresholds: readonly number[]): CurvePoint[] {
  return thresholds.map((t) => pointAt(scores, t));
}
