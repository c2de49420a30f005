// eval:savings, the scoring: whether each answer a request actually got is correct (from the recorded
// judgements), what it cost next to the baseline's answer to the same prompt, and which lever the
// difference belongs to — so the per-lever savings add up to baseline − actual exactly.
import type { RecordedPrompt } from '../../../emulator/answers/load.js';
import type { LedgerRecord } from '../../../ledger/record.js';
import { extractChoice } from '../../cascade-check.js';
import type { Answer } from './run.js';

/**
 * The recorded judgement when the text is `served`'s recorded answer to this prompt. Otherwise (a
 * semantic-cache hit serves another prompt's answer): correct when it is a correct model's answer to this
 * prompt, or picks the option the correct models picked.
 */
export function judge(p: RecordedPrompt, text: string, served?: string | null): boolean {
  const own = served ? p.answers[served] : undefined;
  if (own && own.text === text) return own.correct;
  const correct = Object.values(p.answers).filter((a) => a.correct);
  if (correct.some((a) => a.text === text)) return true;
  const choice = extractChoice(text);
  return choice !== undefined && correct.some((a) => extractChoice(a.text) === choice);
}

export interface LeverFigures {
  requests: number;
  /** Dollars this lever saved against the baseline's cost for the same prompts. */
  savedUsd: number;
}

export interface SetResult {
  requests: number;
  failed: number;
  accuracy: number;
  baselineAccuracy: number;
  accuracyShareOfBaseline: number;
  costUsd: number;
  baselineUsd: number;
  costShareOfBaseline: number;
  byLever: {
    routing: LeverFigures & { cascades: number; escalated: number; strongServed: number };
    exactCache: LeverFigures;
    semanticCache: LeverFigures & { wrongHits: number };
    promptCaching: LeverFigures;
  };
}

/** One request of the run, with its prompt, its baseline twin and its ledger record (if found). */
export interface Scored {
  prompt: RecordedPrompt;
  strong: string;
  levered: Answer;
  baseline: Answer;
  record: LedgerRecord | undefined;
  /** Prompt-caching saving of the levered request (from its ledger usage). */
  promptCachingUsd: number;
}

const round = (x: number, d = 6) => Number(x.toFixed(d));

/** Accuracy and cost of `rows` against the baseline, split by lever. */
export function summarize(rows: readonly Scored[]): SetResult {
  const lever = () => ({ requests: 0, savedUsd: 0 });
  const by: SetResult['byLever'] = {
    routing: { ...lever(), cascades: 0, escalated: 0, strongServed: 0 },
    exactCache: lever(),
    semanticCache: { ...lever(), wrongHits: 0 },
    promptCaching: lever(),
  };
  let correct = 0;
  let baseCorrect = 0;
  let cost = 0;
  let base = 0;
  let failed = 0;
  for (const r of rows) {
    const ok = r.levered.status === 200 && judge(r.prompt, r.levered.text, r.levered.servedModel);
    if (r.levered.status !== 200 || r.baseline.status !== 200) failed++;
    correct += ok ? 1 : 0;
    baseCorrect +=
      r.baseline.status === 200 && judge(r.prompt, r.baseline.text, r.baseline.servedModel) ? 1 : 0;
    cost += r.levered.costUsd;
    base += r.baseline.costUsd;
    const saved = r.baseline.costUsd - r.levered.costUsd;
    if (r.levered.cache === 'exact' || r.levered.cache === 'semantic') {
      const l = r.levered.cache === 'exact' ? by.exactCache : by.semanticCache;
      l.requests++;
      l.savedUsd += saved;
      if (r.levered.cache === 'semantic' && !ok) by.semanticCache.wrongHits++;
      continue;
    }
    if (r.promptCachingUsd !== 0) {
      by.promptCaching.requests++;
      by.promptCaching.savedUsd += r.promptCachingUsd;
    }
    by.routing.requests++;
    by.routing.savedUsd += saved - r.promptCachingUsd;
    if (r.levered.servedModel === r.strong) by.routing.strongServed++;
    const route = r.record?.route
      ? (JSON.parse(r.record.route) as { cascade?: { escalated?: boolean } })
      : {};
    if (route.cascade) {
      by.routing.cascades++;
      if (route.cascade.escalated) by.routing.escalated++;
    }
  }
  for (const l of Object.values(by)) l.savedUsd = round(l.savedUsd);
  const n = Math.max(1, rows.length);
  return {
    requests: rows.length,
    failed,
    accuracy: round(correct / n, 4),
    baselineAccuracy: round(baseCorrect / n, 4),
    accuracyShareOfBaseline: round(baseCorrect ? correct / baseCorrect : 0, 4),
    costUsd: round(cost),
    baselineUsd: round(base),
    costShareOfBaseline: round(base ? cost / base : 0, 4),
    byLever: by,
  };
}
