// Scores labelled pairs with the semantic cache's own decision path (local embedder → guard → verifier
// features), shared by the fit and eval scripts. Evaluation code: the product never imports it.
import { dot } from '../embedder.js';
import { criticalFacts, type GuardReason, nearMissReason } from '../guard.js';
import type { LocalEmbedder } from '../local-embedder.js';
import { type PairFeatures, pairFeatures } from '../verify.js';

/** A labelled pair: `a` is the cached prompt, `b` the query; label 1 = serving a's answer is right. */
export interface Pair {
  a: string;
  b: string;
  label: 0 | 1;
  /** 0 = calibration half, 1 = held-out half (a content hash; see scripts/semantic-cache-data.ts). */
  fold: 0 | 1;
}

export interface ScoredPair {
  features: PairFeatures;
  /** False when the near-miss guard blocks the pair (never a hit). */
  guardPass: boolean;
  /** Why the guard blocked it. */
  reason: GuardReason | undefined;
  label: 0 | 1;
  fold: 0 | 1;
  /** The two texts are the same after normalising case and spacing (a label 0 here is a label error). */
  identical: boolean;
}

const squash = (s: string): string => s.toLowerCase().replace(/[\s]+/g, '').trim();

/** Features of every pair, with the cached prompt `a` and the query `b`. */
export function scorePairs(pairs: readonly Pair[], embedder: LocalEmbedder): ScoredPair[] {
  return pairs.map((p) => {
    const fa = criticalFacts(p.a);
    const fb = criticalFacts(p.b);
    const cos = dot(embedder.embedOne(p.a), embedder.embedOne(p.b));
    const reason = nearMissReason(fb, fa);
    return {
      features: pairFeatures(fb, fa, cos),
      guardPass: reason === undefined,
      reason,
      label: p.label,
      fold: p.fold,
      identical: squash(p.a) === squash(p.b),
    };
  });
}
