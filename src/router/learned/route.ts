// Applying the learned router to one prompt: nearest cluster → per-candidate accuracy and relative cost →
// the candidate maximising accuracy − λ · cost.
import { chooseCandidate } from './decide.js';
import type { RouterModel } from './model.js';

export interface LearnedChoice {
  /** Index into the `heads` list passed in. */
  index: number;
  cluster: number;
  expectedAccuracy: number;
  relativeCost: number;
}

/**
 * Chooses among `heads` (reference-model names; each may be scaled by `costScale`, e.g. when the deployed
 * model's price differs from the reference model's) for `prompt`.
 */
export function routeLearned(
  model: RouterModel,
  prompt: string,
  heads: readonly string[],
  costScale: readonly number[] = [],
  costWeight = model.costWeight,
): LearnedChoice {
  const cluster = model.cluster(prompt);
  const p: number[] = [];
  const candidates = heads.map((name, i) => {
    const h = model.head(name);
    p.push(h.accuracy[cluster]!);
    return { head: i, relativeCost: h.relativeCost[cluster]! * (costScale[i] ?? 1) };
  });
  const index = chooseCandidate(p, candidates, costWeight);
  return { index, cluster, expectedAccuracy: p[index]!, relativeCost: candidates[index]!.relativeCost };
}
