// The learned router's decision rule: the candidate maximising P(correct) − λ · relative cost.

export interface Candidate {
  /** Index into the model's heads. */
  head: number;
  /** Expected cost relative to the strong model (1 = as expensive). */
  relativeCost: number;
}

/** Index (into `candidates`) of the best candidate for predicted probabilities `p` (indexed by head). */
export function chooseCandidate(
  p: ArrayLike<number>,
  candidates: readonly Candidate[],
  costWeight: number,
): number {
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    const score = p[c.head]! - costWeight * c.relativeCost;
    if (score > bestScore || (score === bestScore && c.relativeCost < candidates[best]!.relativeCost)) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}
