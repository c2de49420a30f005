// Evaluates routing policies on per-prompt outcomes (files in the formats of ../shared/routing):
// accuracy and cost for each policy next to always-strong, always-cheap, the oracle and the zero router,
// the cost needed to reach 95% of the strong model's accuracy, and the learned router's curve.
// Last line: one JSON object for the shipped learned router on the RouterBench rows.
// Usage: npm run eval:routing [-- --data <dir>] [--model <router.json>]
import { parseArgs } from 'node:util';
import { toTable } from '../src/report/format.js';
import { isHeldOut, loadRouterBenchDir, type RoutingRow } from '../src/router/eval/data.js';
import { cascadePolicy, learnedPolicy } from '../src/router/eval/policies.js';
import { defaultRouterModelPath, defaultRoutingDataDir } from '../src/router/eval/repo-paths.js';
import {
  evaluate,
  fixedPolicy,
  oraclePolicy,
  type PolicyResult,
  weightedPolicy,
  zeroRouterAccuracyAt,
  zeroRouterCostFor,
} from '../src/router/eval/simulate.js';
import { loadRouterModel } from '../src/router/learned/model.js';

const { values } = parseArgs({ options: { data: { type: 'string' }, model: { type: 'string' } } });
const dataDir = values.data ?? defaultRoutingDataDir();
const model = loadRouterModel(values.model ?? defaultRouterModelPath());
const { rows, skipped, files } = loadRouterBenchDir(dataDir);
const strong = model.strong;
const heads = model.headNames.filter((h) => rows.every((r) => h in r.outcomes));
if (!heads.includes(strong)) throw new Error(`data has no outcomes for the strong model ${strong}`);
console.log(
  `RouterBench rows: ${rows.length} from ${files.join(', ')} (${skipped} skipped for blank scores)`,
);

const meanCost = (m: string) => rows.reduce((a, r) => a + r.outcomes[m]!.costUsd, 0) / rows.length;
const cheap = [...heads].sort((a, b) => meanCost(a) - meanCost(b))[0]!;

function report(title: string, set: readonly RoutingRow[]): PolicyResult {
  const singles = heads.map((m) => evaluate(`always ${m}`, set, strong, fixedPolicy(m)));
  const points = singles.map((s) => ({ cost: s.costShareOfStrong, accuracy: s.accuracy }));
  const strongAcc = singles.find((s) => s.policy === `always ${strong}`)!.accuracy;
  const learned = evaluate('learned router (shipped)', set, strong, learnedPolicy(model, heads));
  const single = evaluate(
    'learned router, single models only',
    set,
    strong,
    learnedPolicy(model, heads, model.costWeight, false),
  );
  const results: PolicyResult[] = [
    evaluate(`always-strong (${strong})`, set, strong, fixedPolicy(strong)),
    evaluate(`always-cheap (${cheap})`, set, strong, fixedPolicy(cheap)),
    evaluate('oracle (cheapest correct)', set, strong, oraclePolicy(heads)),
    evaluate(
      'weighted 30% strong / 70% mixtral',
      set,
      strong,
      weightedPolicy([
        [strong, 0.3],
        ['mistralai/mixtral-8x7b-chat', 0.7],
      ]),
    ),
    evaluate(
      'cascade mixtral → gpt-4 (format check)',
      set,
      strong,
      cascadePolicy('mistralai/mixtral-8x7b-chat', undefined, strong),
    ),
    evaluate(
      'cascade mixtral + Yi verifier → gpt-4',
      set,
      strong,
      cascadePolicy('mistralai/mixtral-8x7b-chat', 'zero-one-ai/Yi-34B-Chat', strong),
    ),
    single,
    learned,
  ];
  const zeroAcc = zeroRouterAccuracyAt(points, learned.costShareOfStrong);
  results.push({
    policy: 'zero router at the learned cost',
    accuracy: zeroAcc,
    costUsd: Number.NaN,
    costShareOfStrong: learned.costShareOfStrong,
    accuracyShareOfStrong: zeroAcc / strongAcc,
    strongShare: Number.NaN,
  });
  console.log(`\n== ${title}: ${set.length} rows`);
  console.log(
    toTable(
      results.map((r) => ({
        policy: r.policy,
        accuracy: Number(r.accuracy.toFixed(4)),
        'acc/strong': Number(r.accuracyShareOfStrong.toFixed(3)),
        'cost/strong': Number(r.costShareOfStrong.toFixed(3)),
        'strong calls': Number.isNaN(r.strongShare) ? null : Number(r.strongShare.toFixed(3)),
      })),
    ),
  );
  // Learned-router curve over λ and the cost to reach 95% of the strong model's accuracy.
  const curve = Array.from({ length: 21 }, (_, i) => i * 0.01).map((l) =>
    evaluate(`λ=${l.toFixed(2)}`, set, strong, learnedPolicy(model, heads, l)),
  );
  console.log(
    'learned router curve (λ: acc/strong @ cost/strong): ' +
      curve
        .map(
          (c) =>
            `${c.policy.slice(2)}: ${c.accuracyShareOfStrong.toFixed(3)}@${c.costShareOfStrong.toFixed(3)}`,
        )
        .join('  '),
  );
  const reach = curve
    .filter((c) => c.accuracyShareOfStrong >= 0.95)
    .sort((a, b) => a.costShareOfStrong - b.costShareOfStrong)[0];
  const zeroReach = zeroRouterCostFor(points, 0.95 * strongAcc);
  console.log(
    `cost to reach 95% of strong accuracy: learned ${reach ? reach.costShareOfStrong.toFixed(3) : 'not reached'} of strong; zero router ${Number.isFinite(zeroReach) ? zeroReach.toFixed(3) : 'not reached'}`,
  );
  return learned;
}

const heldOut = rows.filter((r) => isHeldOut(r.id, model.file.trainedOn.heldOutShare));
const learnedAll = report('all rows', rows);
const learnedHeld = report('held-out rows (not used in training)', heldOut);
for (const ds of [...new Set(rows.map((r) => r.dataset))])
  report(
    `dataset ${ds}`,
    rows.filter((r) => r.dataset === ds),
  );

console.log(
  JSON.stringify({
    policy: 'learned',
    rows: rows.length,
    accuracy: Number(learnedAll.accuracy.toFixed(4)),
    costShareOfStrong: Number(learnedAll.costShareOfStrong.toFixed(4)),
    accuracyShareOfStrong: Number(learnedAll.accuracyShareOfStrong.toFixed(4)),
    heldOut: {
      rows: heldOut.length,
      accuracy: Number(learnedHeld.accuracy.toFixed(4)),
      costShareOfStrong: Number(learnedHeld.costShareOfStrong.toFixed(4)),
      accuracyShareOfStrong: Number(learnedHeld.accuracyShareOfStrong.toFixed(4)),
    },
  }),
);
