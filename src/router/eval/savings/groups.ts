// eval:savings set-up: recorded prompts grouped by the models that answered them (one learned route per
// group), which of them the router trained on, and the two gateway configs — every lever on, and the
// baseline (always the strongest model, no levers).
import type { GatewayConfigInput } from '../../../config/schema.js';
import type { RecordedPrompt } from '../../../emulator/answers/load.js';
import { hashString } from '../../../util/rng.js';
import type { RouterModel } from '../../learned/model.js';
import { isHeldOut } from '../data.js';
import { RECORDED_PRICES, ROUTER_REFERENCE } from './prices.js';

export interface EvalGroup {
  /** Datasets of the group, e.g. `arc-challenge+mbpp+winogrande`. */
  name: string;
  /** The learned route the levered gateway serves the group with. */
  route: string;
  /** Deployed models: recorded, priced and standing for a head of the router model. */
  candidates: Array<{ model: string; reference: string }>;
  strong: string;
  prompts: RecordedPrompt[];
}

/** Family of a dataset name for reports (`mmlu_astronomy` → `mmlu`). */
export const familyOf = (dataset: string): string => dataset.split('_')[0] ?? dataset;

/** True when the router model was fitted on this prompt (its file was a training file, and it was not held out). */
export function trainedOn(model: RouterModel, p: RecordedPrompt): boolean {
  const t = model.file.trainedOn;
  return t.files.includes(p.source) && !isHeldOut(p.id, t.heldOutShare);
}

/**
 * Groups prompts by the set of models recorded for them; a group needs the router's strong model and at
 * least one cheaper candidate. `limit` keeps at most that many prompts per group (a hash-ordered sample).
 */
export function groupPrompts(
  prompts: readonly RecordedPrompt[],
  model: RouterModel,
  limit = Number.POSITIVE_INFINITY,
): { groups: EvalGroup[]; skipped: string[] } {
  const bySet = new Map<string, RecordedPrompt[]>();
  for (const p of prompts) {
    const k = Object.keys(p.answers).sort().join('\n');
    const list = bySet.get(k);
    if (list) list.push(p);
    else bySet.set(k, [p]);
  }
  const groups: EvalGroup[] = [];
  const skipped: string[] = [];
  for (const [key, list] of bySet) {
    const models = key.split('\n');
    const candidates = models
      .filter((m) => RECORDED_PRICES[m] !== undefined)
      .map((m) => ({ model: m, reference: ROUTER_REFERENCE[m] ?? m }))
      .filter((c) => model.headNames.includes(c.reference));
    const name = [...new Set(list.map((p) => familyOf(p.dataset)))].sort().join('+');
    if (!candidates.some((c) => c.reference === model.strong) || candidates.length < 2) {
      skipped.push(
        `${name}: ${list.length} prompts (no strong model ${model.strong} or no cheaper candidate)`,
      );
      continue;
    }
    const sample = [...list]
      .sort((a, b) => hashString(a.id) - hashString(b.id) || a.id.localeCompare(b.id))
      .slice(0, limit);
    groups.push({
      name,
      route: `margin/eval-${groups.length + 1}`,
      candidates,
      strong: candidates.find((c) => c.reference === model.strong)!.model,
      prompts: sample,
    });
  }
  return { groups, skipped };
}

function modelsSection(groups: readonly EvalGroup[], upstream: string): GatewayConfigInput['models'] {
  const names = [...new Set(groups.flatMap((g) => g.candidates.map((c) => c.model)))];
  return names.map((name) => ({
    name,
    provider: 'openai-compatible' as const,
    baseUrl: upstream,
    price: RECORDED_PRICES[name]!,
  }));
}

/** The gateway with every lever on: default caches, the semantic cache and a learned route per group. */
export function leveredConfig(
  groups: readonly EvalGroup[],
  upstream: string,
  unfamiliar: 'strong' | 'route' = 'strong',
): GatewayConfigInput {
  return {
    models: modelsSection(groups, upstream),
    ledger: { url: 'sqlite:./margin.db', flushIntervalMs: 200 },
    retries: { max: 0 },
    cache: { semanticCache: { enabled: true, models: groups.map((g) => g.route) } },
    router: {
      routes: Object.fromEntries(
        groups.map((g) => [g.route, { policy: 'learned' as const, candidates: g.candidates, unfamiliar }]),
      ),
    },
    governance: { keysDb: 'off' },
  };
}

/** The baseline: the same models, no cache, no prompt caching, no routes; clients ask the strong model. */
export function baselineConfig(groups: readonly EvalGroup[], upstream: string): GatewayConfigInput {
  return {
    models: modelsSection(groups, upstream),
    ledger: { url: 'off' },
    retries: { max: 0 },
    cache: 'off',
    governance: { keysDb: 'off' },
  };
}
