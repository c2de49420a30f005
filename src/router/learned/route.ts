// Applying the learned router to one prompt: nearest cluster → per-arm accuracy and relative cost (an arm is
// a single head, or a cascade plan whose cheap, verifier and strong heads are all deployed) → the arm
// maximising accuracy − λ · cost.
import { hashString } from '../../util/rng.js';
import { chooseCandidate } from './decide.js';
import { cascadeName, type RouterModel } from './model.js';

export interface LearnedChoice {
  /** Index into the `heads` list passed in: the model that serves (the cheap one of a cascade). */
  index: number;
  /** When a cascade plan was chosen: its name and the indexes (into `heads`) of its verifier and strong model. */
  cascade?: { name: string; verifier: number; strong: number };
  cluster: number;
  /** True when the prompt was unlike the cluster's training prompts (then the strong model serves). */
  unfamiliar?: boolean;
  expectedAccuracy: number;
  relativeCost: number;
}

/**
 * Chooses among `heads` (reference-model names; each may be scaled by `costScale`, e.g. when the deployed
 * model's price differs from the reference model's) and the model's cascade plans over them, for `prompt`.
 */
export function routeLearned(
  model: RouterModel,
  prompt: string,
  heads: readonly string[],
  costScale: readonly number[] = [],
  costWeight = model.costWeight,
  useCascades = true,
  guardUnfamiliar = true,
): LearnedChoice {
  const lambda = promptCostWeight(model, prompt, costWeight);
  const place = model.locate(prompt);
  if (!guardUnfamiliar) place.familiar = true;
  return routeInCluster(model, place, heads, costScale, lambda, useCascades);
}

/** Where a prompt falls: its cluster, and whether it resembles the prompts that cluster was fitted on. */
export interface Place {
  cluster: number;
  familiar: boolean;
}

/** The cost weight for one prompt: λ spread by the model's jitter σ, deterministic per prompt text. */
export function promptCostWeight(model: RouterModel, prompt: string, costWeight = model.costWeight): number {
  const sigma = model.file.costWeightJitter ?? 0;
  if (sigma === 0) return costWeight;
  return costWeight * Math.exp(sigma * ((2 * hashString(prompt)) / 4294967296 - 1));
}

/** `routeLearned` for a prompt already placed. An unfamiliar prompt keeps the strong model when deployed. */
export function routeInCluster(
  model: RouterModel,
  place: Place,
  heads: readonly string[],
  costScale: readonly number[] = [],
  costWeight = model.costWeight,
  useCascades = true,
): LearnedChoice {
  const { cluster } = place;
  const p: number[] = [];
  const cost = (i: number) => model.head(heads[i]!).relativeCost[cluster]! * (costScale[i] ?? 1);
  const arms: Array<{ head: number; relativeCost: number; cascade?: LearnedChoice['cascade'] }> = heads.map(
    (name, i) => {
      p.push(model.head(name).accuracy[cluster]!);
      return { head: i, relativeCost: cost(i) };
    },
  );
  const strong = heads.indexOf(model.strong);
  if (!place.familiar && strong !== -1) {
    return {
      index: strong,
      cluster,
      unfamiliar: true,
      expectedAccuracy: p[strong]!,
      relativeCost: arms[strong]!.relativeCost,
    };
  }
  if (useCascades && strong !== -1) {
    for (const plan of model.cascades) {
      const c = heads.indexOf(plan.cheap);
      const v = heads.indexOf(plan.verifier);
      if (c === -1 || v === -1) continue;
      p.push(plan.accuracy[cluster]!);
      const relativeCost =
        cost(c) + plan.verified[cluster]! * cost(v) + plan.escalated[cluster]! * cost(strong);
      arms.push({
        head: c,
        relativeCost,
        cascade: { name: cascadeName(plan), verifier: v, strong },
      });
    }
  }
  const best = chooseCandidate(
    p,
    arms.map((a, i) => ({ head: i, relativeCost: a.relativeCost })),
    costWeight,
  );
  const arm = arms[best]!;
  return {
    index: arm.head,
    ...(arm.cascade ? { cascade: arm.cascade } : {}),
    cluster,
    expectedAccuracy: p[best]!,
    relativeCost: arm.relativeCost,
  };
}
