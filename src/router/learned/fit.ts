// Fits the learned router from per-prompt outcomes: clusters the prompts, then per cluster and model the
// accuracy (with a Beta prior toward the model's overall accuracy) and the mean relative cost.
import type { RoutingRow } from '../eval/data.js';
import { featurize, type SparseVector } from './features.js';
import { kmeans, normalize } from './kmeans.js';

/** Pseudo-count of the Beta prior on a cluster's accuracy (fitting and feedback retraining alike). */
export const DEFAULT_PRIOR = 5;

export interface FitOptions {
  dims: number;
  k: number;
  /** Pseudo-count pulling small clusters toward the global accuracy. */
  prior: number;
}

export interface FittedRouter {
  centroids: Float32Array;
  accuracy: number[][]; // [head][cluster]
  relativeCost: number[][]; // [head][cluster]
}

export function featurizeRows(rows: readonly RoutingRow[], dims: number): SparseVector[] {
  return rows.map((r) => normalize(featurize(r.prompt, dims)));
}

export function fitRouter(
  rows: readonly RoutingRow[],
  xs: readonly SparseVector[],
  models: readonly string[],
  strong: string,
  o: FitOptions,
): FittedRouter {
  const { centroids, assign } = kmeans([...xs], o.k, o.dims);
  const strongMean = rows.reduce((a, r) => a + r.outcomes[strong]!.costUsd, 0) / rows.length;
  const accuracy: number[][] = [];
  const relativeCost: number[][] = [];
  for (const m of models) {
    const global = rows.reduce((a, r) => a + r.outcomes[m]!.correct, 0) / rows.length;
    const globalCost = rows.reduce((a, r) => a + r.outcomes[m]!.costUsd, 0) / rows.length / strongMean;
    const acc = new Array<number>(o.k).fill(0);
    const cost = new Array<number>(o.k).fill(0);
    const n = new Array<number>(o.k).fill(0);
    rows.forEach((r, i) => {
      const c = assign[i]!;
      acc[c]! += r.outcomes[m]!.correct;
      cost[c]! += r.outcomes[m]!.costUsd / strongMean;
      n[c]!++;
    });
    accuracy.push(acc.map((a, c) => (a + o.prior * global) / (n[c]! + o.prior)));
    relativeCost.push(cost.map((s, c) => (n[c]! ? s / n[c]! : globalCost)));
  }
  return { centroids, accuracy, relativeCost };
}
