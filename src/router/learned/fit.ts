// Fits the learned router from per-prompt outcomes: clusters the prompts, then per cluster and model the
// accuracy (with a Beta prior toward the model's overall accuracy) and the mean relative cost, and per
// cluster and cascade plan (cheap → verifier → strong, simulated on the recorded answers with the gateway's
// own checks) the accuracy of what it serves and how often it calls the verifier and escalates.
import type { RoutingRow } from '../eval/data.js';
import { cascadePolicy } from '../eval/policies.js';
import { featurize, type SparseVector } from './features.js';
import { kmeans, locate, normalize } from './kmeans.js';
import type { CascadePlanFile } from './model.js';

/** Pseudo-count of the Beta prior on a cluster's accuracy (fitting and feedback retraining alike). */
export const DEFAULT_PRIOR = 5;

export interface FitOptions {
  dims: number;
  k: number;
  /** Pseudo-count pulling small clusters toward the global accuracy. */
  prior: number;
  /** Cascade plans to fit: [cheap, verifier] head pairs (escalating to the strong head). */
  cascades?: ReadonlyArray<readonly [string, string]>;
}

export interface FittedRouter {
  centroids: Float32Array;
  accuracy: number[][]; // [head][cluster]
  relativeCost: number[][]; // [head][cluster]
  cascades: CascadePlanFile[];
  /** Per cluster, the familiarity floor (see model.ts). */
  familiarity: number[];
  /** Cluster of each fitted row. */
  assign: Int32Array | number[];
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
  const cascades = (o.cascades ?? []).map(([cheap, verifier]) =>
    fitCascade(rows, assign, cheap, verifier, strong, o),
  );
  return {
    centroids,
    accuracy,
    relativeCost,
    cascades,
    familiarity: familiarity(xs, centroids, assign, o),
    assign,
  };
}

/**
 * How far below the least similar fitted row a prompt may fall and still count as familiar: prompts of the
 * same benchmarks reach at most ~0.08 below it, other benchmarks' prompts start ~0.03 below (RouterBench vs
 * RouteLLM's MMLU and GSM8K).
 */
export const FAMILIARITY_MARGIN = 0.03;

/** Per cluster, the lowest similarity of its fitted rows to the centroid, less the margin. */
function familiarity(
  xs: readonly SparseVector[],
  centroids: Float32Array,
  assign: ArrayLike<number>,
  o: FitOptions,
): number[] {
  const sims: number[][] = Array.from({ length: o.k }, () => []);
  xs.forEach((x, i) => {
    sims[assign[i]!]!.push(locate(x, centroids, o.k, o.dims).similarity);
  });
  return sims.map((s) => {
    if (s.length === 0) return 1;
    s.sort((a, b) => a - b);
    return s[0]! - FAMILIARITY_MARGIN;
  });
}

/** One cascade plan's per-cluster statistics on the fitted rows. */
function fitCascade(
  rows: readonly RoutingRow[],
  assign: ArrayLike<number>,
  cheap: string,
  verifier: string,
  strong: string,
  o: FitOptions,
): CascadePlanFile {
  const policy = cascadePolicy(cheap, verifier, strong);
  const zeros = () => new Array<number>(o.k).fill(0);
  const [acc, verified, escalated, n] = [zeros(), zeros(), zeros(), zeros()];
  let global = 0;
  rows.forEach((r, i) => {
    const c = assign[i]!;
    const { served, paid } = policy(r);
    const ok = r.outcomes[served]!.correct;
    global += ok;
    acc[c]! += ok;
    if (paid.includes(verifier)) verified[c]!++;
    if (served === strong) escalated[c]!++;
    n[c]!++;
  });
  global /= Math.max(1, rows.length);
  const share = (x: number[]) => x.map((v, c) => (n[c]! ? v / n[c]! : 0));
  return {
    cheap,
    verifier,
    accuracy: acc.map((a, c) => (a + o.prior * global) / (n[c]! + o.prior)),
    verified: share(verified),
    escalated: share(escalated),
  };
}
