// Routing policies expressed over offline outcome rows, for the evaluation command.
import { answersAgree, checkAnswer } from '../cascade-check.js';
import type { RouterModel } from '../learned/model.js';
import { type Place, promptCostWeight, routeInCluster } from '../learned/route.js';
import type { RoutingRow } from './data.js';
import type { Policy } from './simulate.js';

/**
 * The learned router choosing among `heads` (and its cascade plans over them, unless `cascades` is false) at
 * cost weight λ; a chosen cascade is played out on the row's recorded answers. `placeOf` can supply
 * precomputed clusters.
 */
export function learnedPolicy(
  model: RouterModel,
  heads: readonly string[],
  costWeight = model.costWeight,
  cascades = true,
  placeOf: (row: RoutingRow) => Place = (row) => model.locate(row.prompt),
): Policy {
  return (row) => {
    const lambda = promptCostWeight(model, row.prompt, costWeight);
    const choice = routeInCluster(model, placeOf(row), heads, [], lambda, cascades);
    const m = heads[choice.index]!;
    if (!choice.cascade) return { served: m, paid: [m] };
    return cascadePolicy(m, heads[choice.cascade.verifier]!, heads[choice.cascade.strong]!)(row);
  };
}

/**
 * Cascade: the cheap model answers; its answer must pass the format/refusal check and, for
 * multiple-choice prompts, agree with a second cheap verifier model; otherwise escalate to strong.
 */
export function cascadePolicy(cheap: string, verifier: string | undefined, strong: string): Policy {
  return (row) => {
    const answer = row.outcomes[cheap]?.response ?? '';
    if (!checkAnswer(row.prompt, answer).pass) return { served: strong, paid: [cheap, strong] };
    if (verifier) {
      const agree = answersAgree(row.prompt, answer, row.outcomes[verifier]?.response ?? '');
      if (agree === false) return { served: strong, paid: [cheap, verifier, strong] };
      if (agree === true) return { served: cheap, paid: [cheap, verifier] };
    }
    return { served: cheap, paid: [cheap] };
  };
}
