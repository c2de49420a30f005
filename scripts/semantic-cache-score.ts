// Scores labelled pairs with the semantic cache's own decision path (local embedder → guard → verifier
// features), shared by the fit and eval scripts.
import { dot } from '../src/cache/semantic/embedder.js';
import { criticalFacts, nearMissReason } from '../src/cache/semantic/guard.js';
import type { LocalEmbedder } from '../src/cache/semantic/local-embedder.js';
import { type PairFeatures, pairFeatures } from '../src/cache/semantic/verify.js';
import { foldOf, type Pair } from './semantic-cache-data.js';

export interface ScoredPair {
  features: PairFeatures;
  /** False when the near-miss guard blocks the pair (never a hit). */
  guardPass: boolean;
  label: 0 | 1;
  fold: 0 | 1;
}

/** Features of every pair, with the cached prompt `a` and the query `b`. */
export function scorePairs(pairs: readonly Pair[], embedder: LocalEmbedder): ScoredPair[] {
  return pairs.map((p) => {
    const fa = criticalFacts(p.a);
    const fb = criticalFacts(p.b);
    const cos = dot(embedder.embedOne(p.a), embedder.embedOne(p.b));
    return {
      features: pairFeatures(fb, fa, cos),
      guardPass: nearMissReason(fb, fa) === undefined,
      label: p.label,
      fold: foldOf(p),
    };
  });
}
