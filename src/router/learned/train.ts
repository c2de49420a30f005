// Trains a learned-router model file from per-prompt outcomes: fits clusters, heads and cascade plans, and
// picks the cost weight λ on out-of-fold decisions (made by the same code the gateway runs) as the cheapest
// one that keeps `targetShare` of the strong model's accuracy.
import type { RoutingRow } from '../eval/data.js';
import { learnedPolicy } from '../eval/policies.js';
import { type FitOptions, type FittedRouter, featurizeRows, fitRouter } from './fit.js';
import { locate } from './kmeans.js';
import { encodeFloat32, RouterModel, type RouterModelFile } from './model.js';
import type { Place } from './route.js';

export interface TrainOptions extends Omit<FitOptions, 'cascades'> {
  folds: number;
  /** Share of the strong model's accuracy the chosen λ must keep out of fold. */
  targetShare: number;
  /** Fit cascade plans over pairs of models costing at most this share of the strong model (0 = none). */
  cascadeCostShare: number;
  /** σ of the per-prompt cost weight (see `costWeightJitter` in model.ts). */
  costWeightJitter: number;
  lambdas: readonly number[];
}

export const DEFAULT_LAMBDAS: readonly number[] = Array.from({ length: 161 }, (_, i) => i * 0.0025);

export interface Trained {
  file: RouterModelFile;
  /** Out-of-fold accuracy and cost at the chosen λ, as shares of the strong model's. */
  outOfFold: { accuracyShare: number; costShare: number };
}

const mean = (rows: readonly RoutingRow[], m: string, f: (o: RoutingRow['outcomes'][string]) => number) =>
  rows.reduce((a, r) => a + f(r.outcomes[m]!), 0) / Math.max(1, rows.length);

/** [cheap, verifier] pairs of distinct models costing at most `share` of the strong model on `rows`. */
export function cascadePairs(
  rows: readonly RoutingRow[],
  models: readonly string[],
  strong: string,
  share: number,
): Array<[string, string]> {
  const strongCost = mean(rows, strong, (o) => o.costUsd);
  const cheap = models.filter((m) => m !== strong && mean(rows, m, (o) => o.costUsd) <= share * strongCost);
  return cheap.flatMap((c) => cheap.filter((v) => v !== c).map((v): [string, string] => [c, v]));
}

function fileOf(
  fitted: FittedRouter,
  models: readonly string[],
  strong: string,
  costWeight: number,
  o: TrainOptions,
  trainedOn: RouterModelFile['trainedOn'],
): RouterModelFile {
  const r5 = (v: number) => Number(v.toFixed(5));
  return {
    kind: 'margin-learned-router',
    version: 1,
    dims: o.dims,
    k: o.k,
    centroids: encodeFloat32(fitted.centroids),
    strong,
    costWeight,
    familiarity: fitted.familiarity.map(r5),
    ...(o.costWeightJitter > 0 ? { costWeightJitter: o.costWeightJitter } : {}),
    heads: models.map((name, h) => ({
      name,
      accuracy: fitted.accuracy[h]!.map(r5),
      relativeCost: fitted.relativeCost[h]!.map(r5),
    })),
    ...(fitted.cascades.length > 0
      ? {
          cascades: fitted.cascades.map((c) => ({
            ...c,
            accuracy: c.accuracy.map(r5),
            verified: c.verified.map(r5),
            escalated: c.escalated.map(r5),
          })),
        }
      : {}),
    trainedOn,
    createdAt: new Date().toISOString().slice(0, 10),
  };
}

/** Trains on `rows` (the training split); `trainedOn` is recorded in the file as given. */
export function trainRouter(
  rows: readonly RoutingRow[],
  models: readonly string[],
  strong: string,
  o: TrainOptions,
  trainedOn: RouterModelFile['trainedOn'],
): Trained {
  const xs = featurizeRows(rows, o.dims);
  const pairs = o.cascadeCostShare > 0 ? cascadePairs(rows, models, strong, o.cascadeCostShare) : [];
  const fit = { dims: o.dims, k: o.k, prior: o.prior, cascades: pairs };
  const acc = new Array<number>(o.lambdas.length).fill(0);
  const cost = new Array<number>(o.lambdas.length).fill(0);
  for (let f = 0; f < o.folds; f++) {
    const fitIdx = rows.map((_, i) => i).filter((i) => i % o.folds !== f);
    const fitted = fitRouter(
      fitIdx.map((i) => rows[i]!),
      fitIdx.map((i) => xs[i]!),
      models,
      strong,
      fit,
    );
    const model = new RouterModel(fileOf(fitted, models, strong, 0, o, trainedOn));
    const clusters = new Map<RoutingRow, Place>();
    for (let i = f; i < rows.length; i += o.folds) {
      const { cluster, similarity } = locate(xs[i]!, fitted.centroids, o.k, o.dims);
      clusters.set(rows[i]!, { cluster, familiar: similarity >= fitted.familiarity[cluster]! });
    }
    o.lambdas.forEach((lambda, li) => {
      const policy = learnedPolicy(model, models, lambda, true, (row) => clusters.get(row)!);
      for (const row of clusters.keys()) {
        const { served, paid } = policy(row);
        acc[li]! += row.outcomes[served]!.correct;
        for (const m of paid) cost[li]! += row.outcomes[m]!.costUsd;
      }
    });
  }
  const strongAcc = rows.reduce((a, r) => a + r.outcomes[strong]!.correct, 0);
  const strongCost = rows.reduce((a, r) => a + r.outcomes[strong]!.costUsd, 0);
  let best = 0;
  o.lambdas.forEach((_, li) => {
    if (acc[li]! >= o.targetShare * strongAcc && cost[li]! < cost[best]!) best = li;
  });
  const fitted = fitRouter(rows, xs, models, strong, fit);
  return {
    file: fileOf(fitted, models, strong, o.lambdas[best]!, o, trainedOn),
    outOfFold: { accuracyShare: acc[best]! / strongAcc, costShare: cost[best]! / strongCost },
  };
}
