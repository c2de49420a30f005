// Offline evaluation of routing policies on per-prompt outcomes: accuracy and cost of each policy next to
// always-strong, always-cheap, the per-prompt oracle and the zero router (best prompt-blind mix).
import { hashString } from '../../util/rng.js';
import type { RoutingRow } from './data.js';

export interface PolicyResult {
  policy: string;
  accuracy: number;
  costUsd: number;
  /** Cost as a share of always-strong on the same rows. */
  costShareOfStrong: number;
  /** Accuracy as a share of always-strong's. */
  accuracyShareOfStrong: number;
  /** Share of rows whose answer came from the strong model. */
  strongShare: number;
}

/** A policy returns, per row, the model that served it and every model it paid for. */
export type Policy = (row: RoutingRow) => { served: string; paid: readonly string[] };

export function evaluate(
  name: string,
  rows: readonly RoutingRow[],
  strong: string,
  policy: Policy,
): PolicyResult {
  let correct = 0;
  let cost = 0;
  let strongCost = 0;
  let strongCorrect = 0;
  let strongServed = 0;
  for (const row of rows) {
    const { served, paid } = policy(row);
    correct += row.outcomes[served]?.correct ?? 0;
    for (const m of paid) cost += row.outcomes[m]?.costUsd ?? 0;
    strongCost += row.outcomes[strong]?.costUsd ?? 0;
    strongCorrect += row.outcomes[strong]?.correct ?? 0;
    if (served === strong) strongServed++;
  }
  const n = Math.max(1, rows.length);
  return {
    policy: name,
    accuracy: correct / n,
    costUsd: cost,
    costShareOfStrong: strongCost ? cost / strongCost : 0,
    accuracyShareOfStrong: strongCorrect ? correct / strongCorrect : 0,
    strongShare: strongServed / n,
  };
}

/** The per-prompt oracle: the cheapest model that answered correctly (else the cheapest model). */
export function oraclePolicy(models: readonly string[]): Policy {
  return (row) => {
    let best: string | undefined;
    let cheapest = models[0]!;
    for (const m of models) {
      const o = row.outcomes[m]!;
      if (o.costUsd < row.outcomes[cheapest]!.costUsd) cheapest = m;
      if (o.correct && (best === undefined || o.costUsd < row.outcomes[best]!.costUsd)) best = m;
    }
    const served = best ?? cheapest;
    return { served, paid: [served] };
  };
}

export const fixedPolicy =
  (model: string): Policy =>
  () => ({ served: model, paid: [model] });

const hash01 = (s: string): number => hashString(s) / 4294967296;

/** Weighted split by a hash of the prompt id (deterministic, prompt-blind). */
export function weightedPolicy(weights: ReadonlyArray<readonly [string, number]>): Policy {
  const total = weights.reduce((a, [, w]) => a + w, 0);
  return (row) => {
    let u = hash01(row.id) * total;
    for (const [m, w] of weights) {
      if (u < w) return { served: m, paid: [m] };
      u -= w;
    }
    const last = weights[weights.length - 1]![0];
    return { served: last, paid: [last] };
  };
}

/**
 * The zero router: the best prompt-blind mix of models. Its frontier is the upper convex hull of the
 * single models' (cost, accuracy) points; returns the accuracy it reaches at a given cost.
 */
export function zeroRouterAccuracyAt(
  points: ReadonlyArray<{ cost: number; accuracy: number }>,
  cost: number,
): number {
  const pts = [...points].sort((a, b) => a.cost - b.cost);
  let best = 0;
  for (const a of pts) {
    if (a.cost <= cost) best = Math.max(best, a.accuracy);
    for (const b of pts) {
      if (a.cost <= cost && b.cost >= cost && b.cost > a.cost) {
        const t = (cost - a.cost) / (b.cost - a.cost);
        best = Math.max(best, a.accuracy + t * (b.accuracy - a.accuracy));
      }
    }
  }
  return best;
}

/** Least cost at which the zero router reaches `accuracy` (Infinity if no mix does). */
export function zeroRouterCostFor(
  points: ReadonlyArray<{ cost: number; accuracy: number }>,
  accuracy: number,
): number {
  let best = Number.POSITIVE_INFINITY;
  for (const a of points) {
    if (a.accuracy >= accuracy) best = Math.min(best, a.cost);
    for (const b of points) {
      if (a.accuracy < accuracy && b.accuracy > accuracy) {
        const t = (accuracy - a.accuracy) / (b.accuracy - a.accuracy);
        best = Math.min(best, a.cost + t * (b.cost - a.cost));
      }
    }
  }
  return best;
}
