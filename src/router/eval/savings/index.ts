// `npm run eval:savings`: recorded prompts through a real `margin serve` with every lever on (learned router
// with cascade plans, exact and semantic caches, prompt caching) against `margin emulate --answers`, next to
// the baseline (always the strongest model, no levers). Accuracy from the recorded judgements of the answer
// each request actually got; cost from the gateway's own labels. Held-out rows first.
import { defaultCatalog } from '../../../catalog/index.js';
import { parseConfig } from '../../../config/index.js';
import { loadAnswers, type RecordedPrompt } from '../../../emulator/answers/load.js';
import { catalogWithOverrides } from '../../../gateway/catalog-layer.js';
import { openStore } from '../../../ledger/index.js';
import type { LedgerRecord } from '../../../ledger/record.js';
import { leverSavings } from '../../../report/savings.js';
import { loadRouterModel } from '../../learned/model.js';
import { defaultRouterModelPath } from '../repo-paths.js';
import { type EvalGroup, familyOf, groupPrompts, leveredConfig, trainedOn } from './groups.js';
import { runLive } from './run.js';
import { type Scored, type SetResult, summarize } from './score.js';

export interface SavingsEvalOptions {
  /** File or directory of recorded answers (RouterBench / RouteLLM CSVs). */
  data: string;
  modelFile?: string;
  /** At most this many prompts per group. */
  limit?: number;
  concurrency?: number;
  /** What the learned routes do with prompts unlike their training prompts (default: the strong model). */
  unfamiliar?: 'strong' | 'route';
  log?: (line: string) => void;
}

export interface SavingsEval {
  /** Rows the router never trained on, from the files it trained on (its held-out split). */
  heldOut: SetResult;
  /** Every reported set: `held out`, `trained on`, each unseen dataset family, `all`. */
  sets: Record<string, SetResult>;
  groups: Array<{ name: string; route: string; prompts: number; candidates: string[] }>;
  skipped: string[];
}

async function ledgerRecords(url: string): Promise<Map<string, LedgerRecord>> {
  const store = await openStore(url, false);
  try {
    const recs = await store.records({ from: 0, to: Date.now() + 60_000, limit: 10_000_000 });
    return new Map(recs.map((r) => [r.id, r]));
  } finally {
    await store.close();
  }
}

/** Runs the evaluation (see the module comment). */
export async function evalSavings(o: SavingsEvalOptions): Promise<SavingsEval> {
  const log = o.log ?? (() => {});
  const model = loadRouterModel(o.modelFile ?? defaultRouterModelPath());
  const answers = loadAnswers(o.data);
  const { groups, skipped } = groupPrompts(answers.prompts, model, o.limit);
  if (groups.length === 0) throw new Error(`no evaluable prompts in ${o.data} (${skipped.join('; ')})`);
  const unfamiliar = o.unfamiliar ?? 'strong';
  const live = await runLive(o.data, groups, { concurrency: o.concurrency ?? 16, unfamiliar, log });
  try {
    const records = await ledgerRecords(live.ledgerUrl);
    const catalog = catalogWithOverrides(defaultCatalog(), parseConfig(leveredConfig(groups, 'http://x')));
    const promptCaching = (rec: LedgerRecord | undefined) =>
      rec
        ? (leverSavings([rec], catalog).levers.find((l) => l.lever === 'prompt caching')?.savedUsd ?? 0)
        : 0;
    const scored: Array<Scored & { group: EvalGroup }> = groups.flatMap((g, gi) =>
      g.prompts.map((prompt: RecordedPrompt, i) => {
        const levered = live.levered[gi]![i]!;
        const record = levered.requestId ? records.get(levered.requestId) : undefined;
        return {
          group: g,
          prompt,
          strong: g.strong,
          levered,
          baseline: live.baseline[gi]![i]!,
          record,
          promptCachingUsd: promptCaching(record),
        };
      }),
    );
    const trainingFiles = new Set(model.file.trainedOn.files);
    const sets: Record<string, SetResult> = {};
    const add = (name: string, rows: typeof scored) => {
      if (rows.length > 0) sets[name] = summarize(rows);
    };
    add(
      'held out',
      scored.filter((s) => trainingFiles.has(s.prompt.source) && !trainedOn(model, s.prompt)),
    );
    add(
      'trained on',
      scored.filter((s) => trainedOn(model, s.prompt)),
    );
    const unseen = scored.filter((s) => !trainingFiles.has(s.prompt.source));
    for (const fam of [...new Set(unseen.map((s) => familyOf(s.prompt.dataset)))].sort())
      add(
        `unseen ${fam}`,
        unseen.filter((s) => familyOf(s.prompt.dataset) === fam),
      );
    add('all', scored);
    const heldOut = sets['held out'] ?? sets.all!;
    return {
      heldOut,
      sets,
      groups: groups.map((g) => ({
        name: g.name,
        route: g.route,
        prompts: g.prompts.length,
        candidates: g.candidates.map((c) => c.model),
      })),
      skipped,
    };
  } finally {
    live.cleanup();
  }
}
