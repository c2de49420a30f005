// The verifier: after the index finds the nearest cached prompt, the hit decision uses a score that starts
// from the embedding cosine and subtracts penalties for lexical differences the embedding blurs (a changed
// content word, a changed question word, changed function words). Weights and thresholds come from the
// fitted model file, never from a hand-picked constant.
import { type CriticalFacts, type GuardReason, nearMissReason } from './guard.js';

export interface VerifierWeights {
  /** Penalty per content word present in only one of the two prompts. */
  content: number;
  /** Penalty when the leading question word differs (why vs how, is vs can...). */
  wh: number;
  /** Penalty per function word present in only one prompt. */
  func: number;
  /** Extra penalty per auxiliary/modal verb present in only one prompt (did vs would, can vs should). */
  modal: number;
}

export interface PairFeatures {
  cos: number;
  contentDiff: number;
  whMismatch: number;
  funcDiff: number;
  modalDiff: number;
}

const MODALS = new Set([
  'can',
  'could',
  'would',
  'will',
  'should',
  'shall',
  'may',
  'might',
  'must',
  'do',
  'does',
  'did',
  'is',
  'are',
  'was',
  'were',
  'has',
  'have',
  'had',
  'this',
  'that',
  'these',
  'those',
]);

const QUESTION_WORDS = new Set([
  'why',
  'how',
  'what',
  'when',
  'where',
  'who',
  'which',
  'whom',
  'whose',
  'is',
  'are',
  'was',
  'were',
  'can',
  'could',
  'do',
  'does',
  'did',
  'should',
  'will',
  'would',
  'has',
  'have',
  'may',
  'might',
  'must',
  'shall',
]);

function firstQuestionWord(words: readonly string[]): string {
  for (const w of words) if (QUESTION_WORDS.has(w)) return w;
  return '';
}

/** Size of the multiset symmetric difference ("science … science" vs "science" differ by one). */
function symDiff(a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const v of a) counts.set(v, (counts.get(v) ?? 0) + 1);
  for (const v of b) counts.set(v, (counts.get(v) ?? 0) - 1);
  let n = 0;
  for (const c of counts.values()) n += Math.abs(c);
  return n;
}

/** Lexical difference features of two prompts, given their embedding cosine. */
export function pairFeatures(a: CriticalFacts, b: CriticalFacts, cos: number): PairFeatures {
  const contentDiff = symDiff(a.content, b.content);
  const contentSet = new Set([...a.content, ...b.content]);
  const funcDiff = symDiff(
    a.words.filter((w) => !contentSet.has(w)),
    b.words.filter((w) => !contentSet.has(w)),
  );
  const modalDiff = symDiff(
    a.words.filter((w) => MODALS.has(w)),
    b.words.filter((w) => MODALS.has(w)),
  );
  const whMismatch = firstQuestionWord(a.words) === firstQuestionWord(b.words) ? 0 : 1;
  return { cos, contentDiff, whMismatch, funcDiff, modalDiff };
}

/** The verifier score (higher = more likely the same question). */
export function verifierScore(f: PairFeatures, w: VerifierWeights): number {
  return (
    f.cos - w.content * f.contentDiff - w.wh * f.whMismatch - w.func * f.funcDiff - w.modal * f.modalDiff
  );
}

export type Verdict =
  | { serve: true; score: number }
  | { serve: false; score: number; reason: GuardReason | 'below-threshold' };

/** Full decision for one candidate: near-miss guard first, then the calibrated score threshold. */
export function verify(
  query: CriticalFacts,
  cached: CriticalFacts,
  cos: number,
  weights: VerifierWeights,
  threshold: number,
): Verdict {
  const score = verifierScore(pairFeatures(query, cached, cos), weights);
  const reason = nearMissReason(query, cached);
  if (reason) return { serve: false, score, reason };
  return score >= threshold ? { serve: true, score } : { serve: false, score, reason: 'below-threshold' };
}
