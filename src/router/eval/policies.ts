// Routing policies expressed over offline outcome rows, for the evaluation command.
import { answersAgree, checkAnswer } from '../cascade-check.js';
import type { RouterModel } from '../learned/model.js';
import { routeLearned } from '../learned/route.js';
import type { Policy } from './simulate.js';

/** The shipped learned router choosing among `heads` at cost weight λ. */
export function learnedPolicy(
  model: RouterModel,
  heads: readonly string[],
  costWeight = model.costWeight,
): Policy {
  return (row) => {
    const m = heads[routeLearned(model, row.prompt, heads, [], costWeight).index]!;
    return { served: m, paid: [m] };
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
