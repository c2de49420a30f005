// Picks the verifier threshold for a target wrong-hit rate from the fitted model file.
import type { VerifierWeights } from './verify.js';

export interface FoldFigures {
  hitRate: number;
  wrongHitRate: number;
  hits: number;
  wrongHits?: number;
  /** Two-sided 95% Clopper–Pearson interval of the wrong-hit rate. */
  wrongHitInterval?: [number, number];
}

export interface ThresholdRow {
  target: number;
  /** Null when no threshold met the target on the calibration data (never serve). */
  threshold: number | null;
  calibration: FoldFigures;
  heldOut: FoldFigures;
}

export interface ThresholdModel {
  version: number;
  /** Embedder id the model was fitted for; another embedder needs its own fit or an explicit threshold. */
  embedder: string;
  fittedOn: string;
  method: string;
  /** One-sided confidence 1 − δ of the calibration bound. */
  delta?: number;
  weights: VerifierWeights;
  table: ThresholdRow[];
}

/** The threshold for the largest fitted target not above `target` (conservative); +Infinity if none. */
export function thresholdFor(model: ThresholdModel, target: number): number {
  let best: ThresholdRow | undefined;
  for (const row of model.table)
    if (row.target <= target + 1e-12 && (!best || row.target > best.target)) best = row;
  return best?.threshold ?? Number.POSITIVE_INFINITY;
}
