// Fitting the semantic cache's threshold model on scored pairs: verifier weights from a small grid and,
// per target wrong-hit rate, the threshold whose exact upper confidence bound on wrong hits stays under the
// target (calibrate.ts), all on the calibration half (fold 0); the held-out half (fold 1) is only measured.
// Evaluation code: the product reads the model file it writes, never this module.
import { type CurvePoint, calibrateThreshold, type LabelledScore, pointAt } from '../calibrate.js';
import type { ThresholdModel, ThresholdRow } from '../threshold.js';
import { type VerifierWeights, verifierScore } from '../verify.js';
import type { ScoredPair } from './score.js';

export const TARGETS = [0.01, 0.02, 0.03, 0.05, 0.1];
/** One-sided confidence of the calibration bound: P(true wrong-hit rate > target) ≤ δ. */
export const DELTA = 0.05;

export interface FitOptions {
  delta?: number;
  targets?: readonly number[];
  /** Weights to try (default: a small grid around the verifier's penalties). */
  grid?: readonly VerifierWeights[];
  embedder: string;
  fittedOn: string;
}

export function defaultGrid(): VerifierWeights[] {
  const out: VerifierWeights[] = [];
  for (const content of [0.1, 0.15, 0.2])
    for (const wh of [0.05, 0.1])
      for (const func of [0.02, 0.04, 0.06])
        for (const modal of [0, 0.03, 0.06]) out.push({ content, wh, func, modal });
  return out;
}

/** Verifier scores of one fold (guard-blocked pairs never hit: −∞). */
export function foldScores(rows: readonly ScoredPair[], fold: 0 | 1, w: VerifierWeights): LabelledScore[] {
  return rows
    .filter((r) => r.fold === fold)
    .map((r) => ({
      score: r.guardPass ? verifierScore(r.features, w) : Number.NEGATIVE_INFINITY,
      label: r.label,
    }));
}

const summary = (p: CurvePoint): ThresholdRow['calibration'] => ({
  hitRate: p.hitRate,
  wrongHitRate: p.wrongHitRate,
  hits: p.hits,
  wrongHits: p.wrongHits,
  wrongHitInterval: p.wrongHitInterval,
});

/**
 * Weights: the grid point with the most calibration-fold hits at the 2% target under the same bound the
 * threshold uses (ties: the earlier grid point). Thresholds: calibrated on fold 0 only.
 */
export function fitModel(rows: readonly ScoredPair[], options: FitOptions): ThresholdModel {
  const delta = options.delta ?? DELTA;
  const targets = options.targets ?? TARGETS;
  const grid = options.grid ?? defaultGrid();
  let best: { w: VerifierWeights; hits: number } | undefined;
  for (const w of grid) {
    const calib = foldScores(rows, 0, w);
    const t = calibrateThreshold(calib, 0.02, { delta });
    const hits = Number.isFinite(t) ? pointAt(calib, t).hits : 0;
    if (!best || hits > best.hits) best = { w, hits };
  }
  if (!best) throw new Error('fitModel: empty weight grid');
  const calib = foldScores(rows, 0, best.w);
  const held = foldScores(rows, 1, best.w);
  const table: ThresholdRow[] = targets.map((target) => {
    const threshold = calibrateThreshold(calib, target, { delta });
    return {
      target,
      threshold: Number.isFinite(threshold) ? threshold : null,
      calibration: summary(pointAt(calib, threshold)),
      heldOut: summary(pointAt(held, threshold)),
    };
  });
  return {
    version: 2,
    embedder: options.embedder,
    fittedOn: `${options.fittedOn}: fold 0 (sha1 parity) ${calib.length} pairs calibrate; fold 1 ${held.length} held out`,
    method: `near-miss guard, then verifier weights from a ${grid.length}-point grid and per target the lowest threshold whose Clopper–Pearson upper bound (confidence ${1 - delta}) on wrong hits ≤ target, by fixed-sequence testing from the top, on fold 0`,
    delta,
    weights: best.w,
    table,
  };
}
