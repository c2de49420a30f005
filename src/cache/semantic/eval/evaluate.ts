// The semantic cache's evaluation on labelled pairs, held out first: the threshold comes from the model
// (fitted on fold 0) and the figures that matter are those of fold 1, which the fit never saw, and of a
// paraphrase set it never saw at all (every origin in one cache, every paraphrase looked up). Evaluation
// code: the product never imports it.
import { parseCacheConfig } from '../../config.js';
import type { CacheEntry } from '../../entry.js';
import { type CurvePoint, curve, pointAt } from '../calibrate.js';
import type { LocalEmbedder } from '../local-embedder.js';
import { SemanticCache } from '../semantic-cache.js';
import { type ThresholdModel, thresholdFor } from '../threshold.js';
import { foldScores } from './fit.js';
import type { ScoredPair } from './score.js';

export interface FoldReport extends CurvePoint {
  pairs: number;
  duplicates: number;
  /** Right hits as a share of the labelled duplicates. */
  duplicateRecall: number;
  /** Wrong hits on pairs whose texts are identical but for case and spacing (label errors). */
  labelErrors: number;
  /** Wrong-hit rate with those label errors counted as right. */
  wrongHitRateLabelFixed: number;
}

export interface ParaphraseReport {
  origins: number;
  hits: number;
  wrongHits: number;
  hitRate: number;
  wrongHitRate: number;
}

export interface SemanticEval {
  target: number;
  threshold: number;
  heldOut: FoldReport;
  calibration: FoldReport;
  /** Guard blocks by reason: [labelled different, labelled duplicate]. */
  guard: Record<string, [number, number]>;
  curve: CurvePoint[];
}

function foldReport(rows: readonly ScoredPair[], fold: 0 | 1, model: ThresholdModel, t: number): FoldReport {
  const inFold = rows.filter((r) => r.fold === fold);
  const p = pointAt(foldScores(rows, fold, model.weights), t);
  const duplicates = inFold.filter((r) => r.label === 1).length;
  const scores = foldScores(rows, fold, model.weights);
  let labelErrors = 0;
  inFold.forEach((r, i) => {
    if (r.label === 0 && r.identical && (scores[i]?.score ?? Number.NEGATIVE_INFINITY) >= t) labelErrors++;
  });
  return {
    ...p,
    pairs: inFold.length,
    duplicates,
    duplicateRecall: duplicates ? (p.hits - p.wrongHits) / duplicates : 0,
    labelErrors,
    wrongHitRateLabelFixed: p.hits ? (p.wrongHits - labelErrors) / p.hits : 0,
  };
}

/** Held-out and calibration figures of `model` at `target` on scored pairs. */
export function evaluatePairs(
  rows: readonly ScoredPair[],
  model: ThresholdModel,
  target: number,
): SemanticEval {
  const threshold = thresholdFor(model, target);
  const guard: Record<string, [number, number]> = {};
  for (const r of rows) {
    if (!r.reason) continue;
    const g = guard[r.reason] ?? [0, 0];
    g[r.label]++;
    guard[r.reason] = g;
  }
  const ts = [0.99, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.5];
  return {
    target,
    threshold,
    heldOut: foldReport(rows, 1, model, threshold),
    calibration: foldReport(rows, 0, model, threshold),
    guard,
    curve: curve(foldScores(rows, 1, model.weights), ts),
  };
}

const body = (text: string) => ({ model: 'm', messages: [{ role: 'user', content: text }] });
const entryFor = (text: string): CacheEntry => ({
  protocol: 'openai',
  response: { text },
  usage: {
    inputTokens: 0,
    cacheReadTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    kind: 'sync',
    source: 'reported',
  },
  label: null,
  servedModel: null,
  provider: null,
  createdAt: 0,
});

/** One cache holding every origin; each paraphrase looked up; a hit on another origin is wrong. */
export async function evaluateParaphrases(
  pairs: ReadonlyArray<{ a: string; b: string }>,
  embedder: LocalEmbedder,
  model: ThresholdModel,
  target: number,
): Promise<ParaphraseReport> {
  const config = parseCacheConfig({
    semanticCache: { enabled: true, models: ['*'], targetWrongHitRate: target, maxEntriesPerNamespace: 1e6 },
  }).semanticCache;
  const cache = new SemanticCache(config, { embedder, model });
  for (const p of pairs) {
    const l = await cache.lookup(body(p.a), 't', 'openai');
    if (l) cache.store(l, entryFor(p.a));
  }
  let hits = 0;
  let wrong = 0;
  for (const p of pairs) {
    const l = await cache.lookup(body(p.b), 't', 'openai');
    if (!l?.hit) continue;
    hits++;
    if ((l.hit.entry.response as { text?: string }).text !== p.a) wrong++;
  }
  return {
    origins: pairs.length,
    hits,
    wrongHits: wrong,
    hitRate: pairs.length ? hits / pairs.length : 0,
    wrongHitRate: hits ? wrong / hits : 0,
  };
}
