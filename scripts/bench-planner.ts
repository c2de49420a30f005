// Planner speed: 12 months of hourly demand (8,760 h) × 200 deployment options, end to end (option
// constants from the meter and the physics, then the hourly fleet loop). Prints the median of 5 runs
// and, separately, the hourly-loop share. Budget (DESIGN.md): ≤ 1 s.
import { defaultCatalog } from '../src/catalog/index.js';
import { defaultPhysics } from '../src/planner/physics-port.js';
import { optionMonths, runPlan } from '../src/planner/plan.js';
import { parseWorkload } from '../src/planner/workload/load.js';

const workload = parseWorkload({
  name: 'bench',
  horizonMonths: 12,
  traffic: { requestsPerDay: 200_000, growth: { monthly: 0.15 }, deferrableShare: 0.2 },
  tokens: { input: { p50: 900, p90: 4000 }, output: { mean: 300 } },
  cache: { prefixShare: 0.3, responseHitShare: 0.1 },
  latency: { ttftP95S: 2, tpotS: 0.08 },
  candidates: {
    api: [],
    selfHosted: {
      models: ['llama-3.1-8b', 'llama-3.1-70b', 'qwen3-32b', 'mixtral-8x7b', 'gpt-oss-120b'],
      hardware: ['h100-sxm', 'h200', 'a100-sxm-80gb', 'l40s', 'l4'],
      counts: [1, 2, 4, 8],
      precisions: ['bf16', 'fp8'],
      tiers: ['marketplace'],
    },
    regions: ['us-virginia'],
  },
  pricing: { model: 'per-query', pricePerQuery: 0.01 },
});

const catalog = defaultCatalog();
const times: number[] = [];
const loops: number[] = [];
let options = 0;
let feasible = 0;
let hours = 0;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const plan = runPlan({ workload, catalog, physics: defaultPhysics });
  times.push(performance.now() - t0);
  options = plan.results.length;
  feasible = plan.results.filter((r) => r.profile.feasible).length;
  hours = plan.view.demand.requests.length;
  const t1 = performance.now();
  for (const r of plan.results)
    if (r.profile.feasible) optionMonths(r.option, r.profile, plan.view, workload, plan.routing);
  loops.push(performance.now() - t1);
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
console.log(`options: ${options}, ${feasible} feasible (${hours} hourly steps each)`);
console.log(
  `end to end (median of 5): ${median(times).toFixed(0)} ms  [runs: ${times.map((t) => t.toFixed(0)).join(', ')}]`,
);
console.log(`hourly fleet loop alone (median of 5): ${median(loops).toFixed(1)} ms`);
console.log(
  JSON.stringify({
    options,
    hours,
    medianMs: Number(median(times).toFixed(1)),
    loopMs: Number(median(loops).toFixed(1)),
    budgetMs: 1000,
  }),
);
