// Savings a user gets, measured end to end: recorded prompts through a real `margin serve` with every lever
// on against `margin emulate --answers`, next to always the strongest model with no levers (see
// src/router/eval/savings/). Held-out rows first; last line: one JSON object for the held-out rows.
// Usage: npm run eval:savings [-- --data <dir|file>] [--limit N] [--concurrency 16] [--model <router.json>]
//        [--unfamiliar strong|route]
import { parseArgs } from 'node:util';
import { renderRows } from '../src/report/format.js';
import { defaultRoutingDataDir } from '../src/router/eval/repo-paths.js';
import { evalSavings } from '../src/router/eval/savings/index.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    limit: { type: 'string' },
    concurrency: { type: 'string' },
    model: { type: 'string' },
    unfamiliar: { type: 'string' },
  },
});
if (values.unfamiliar !== undefined && values.unfamiliar !== 'strong' && values.unfamiliar !== 'route') {
  console.error(`eval:savings: --unfamiliar must be strong or route (got '${values.unfamiliar}')`);
  process.exit(1);
}
const result = await evalSavings({
  data: values.data ?? defaultRoutingDataDir(),
  ...(values.limit ? { limit: Number(values.limit) } : {}),
  ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
  ...(values.model ? { modelFile: values.model } : {}),
  ...(values.unfamiliar ? { unfamiliar: values.unfamiliar as 'strong' | 'route' } : {}),
  log: (l) => process.stderr.write(`${l}\n`),
});
for (const g of result.groups)
  console.log(`route ${g.route} (${g.name}): ${g.prompts} prompts, candidates ${g.candidates.join(', ')}`);
for (const s of result.skipped) console.log(`skipped ${s}`);
console.log(
  renderRows(
    Object.entries(result.sets).map(([set, r]) => ({
      set,
      requests: r.requests,
      failed: r.failed,
      'acc/baseline': r.accuracyShareOfBaseline,
      'cost/baseline': r.costShareOfBaseline,
      accuracy: r.accuracy,
      'baseline acc': r.baselineAccuracy,
      'cost $': r.costUsd,
      'baseline $': r.baselineUsd,
      'routing saved $': r.byLever.routing.savedUsd,
      cascades: r.byLever.routing.cascades,
      escalated: r.byLever.routing.escalated,
      'exact hits': r.byLever.exactCache.requests,
      'semantic hits': r.byLever.semanticCache.requests,
      'semantic wrong': r.byLever.semanticCache.wrongHits,
      'prompt caching $': r.byLever.promptCaching.savedUsd,
    })),
    'table',
  ),
);
const h = result.heldOut;
console.log(
  JSON.stringify({
    costShareOfBaseline: h.costShareOfBaseline,
    accuracyShareOfBaseline: h.accuracyShareOfBaseline,
    requests: h.requests,
    byLever: h.byLever,
    set: result.sets['held out'] ? 'held out' : 'all',
    sets: Object.fromEntries(
      Object.entries(result.sets).map(([k, r]) => [
        k,
        {
          costShareOfBaseline: r.costShareOfBaseline,
          accuracyShareOfBaseline: r.accuracyShareOfBaseline,
          requests: r.requests,
        },
      ]),
    ),
  }),
);
