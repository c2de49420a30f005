// Deferral evaluation: replays a public request trace with a deferrable share through the scheduler
// (src/deferral/schedule/replay.ts) and compares the plans with running everything at once.
// Usage: npm run eval:deferral [-- --trace F] [--share 0.3] [--deadline 24h] [--objective cost|carbon|balanced]
//        [--starts 8] [--carbon-profiles file.json] [--region R (every model of the mix runs in R)]
// Last line: {"costShareOfImmediate": x, "co2eShareOfImmediate": y, "deadlinesMissed": 0, "jobs": n}.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCatalog } from '../src/catalog/index.js';
import { loadCarbonProfiles } from '../src/deferral/schedule/carbon-source.js';
import { parseDuration } from '../src/deferral/schedule/duration.js';
import { DEFAULT_MIX, replayDeferral } from '../src/deferral/schedule/replay.js';
import type { DeferralObjective } from '../src/deferral/types.js';
import { readTrace } from '../src/traces/read.js';

const { values } = parseArgs({
  options: {
    trace: { type: 'string' },
    share: { type: 'string', default: '0.3' },
    deadline: { type: 'string', default: '24h' },
    objective: { type: 'string', default: 'cost' },
    starts: { type: 'string', default: '8' },
    'carbon-profiles': { type: 'string' },
    region: { type: 'string' },
  },
});
const fail = (msg: string): never => {
  console.error(`eval:deferral: ${msg}`);
  process.exit(1);
};
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const trace =
  values.trace ?? join(root, '..', 'shared', 'traces', 'azure_llm_2023', 'AzureLLMInferenceTrace_conv.csv');
if (!existsSync(trace)) fail(`trace '${trace}' not found (give --trace <file>)`);
const share = Number(values.share);
if (!(share >= 0 && share <= 1)) fail(`--share must be between 0 and 1 (got '${values.share}')`);
const objective = values.objective as DeferralObjective;
if (!['cost', 'carbon', 'balanced'].includes(objective)) fail(`--objective must be cost, carbon or balanced`);
const starts = Number(values.starts);
if (!(Number.isInteger(starts) && starts >= 1 && starts <= 168)) fail('--starts must be an integer 1–168');
let deadlineMs = 0;
try {
  deadlineMs = parseDuration(values.deadline ?? '24h', 'deadline');
} catch (err) {
  fail((err as Error).message);
}

const catalog = loadCatalog();
const carbon = await loadCarbonProfiles(values['carbon-profiles'], catalog).catch((err: Error) =>
  fail(err.message),
);
if (values.region !== undefined && !catalog.regions.find(values.region))
  fail(`unknown region '${values.region}'`);
const mix =
  values.region === undefined
    ? DEFAULT_MIX
    : DEFAULT_MIX.map((m) => ({ ...m, region: values.region as string }));
const t = readTrace(trace);
const r = replayDeferral(t.requests, {
  catalog,
  signals: { carbon },
  objective,
  share,
  deadlineMs,
  starts,
  mix,
});
console.log(
  `trace ${trace}: ${t.requests.length} requests (${t.format}), replayed from ${starts} start(s) over a week`,
);
console.log(
  `mix: ${DEFAULT_MIX.map((m) => `${m.priceId}@${m.region} ${Math.round(m.weight * 100)}%`).join(', ')}`,
);
console.log(
  `objective ${objective}, deferrable share ${share}, deadline ${values.deadline}: deferred requests cost ` +
    `${r.deferredCostShare.toFixed(4)} and emit ${r.deferredCo2eShare.toFixed(4)} of running them at once`,
);
console.log(`modes: ${JSON.stringify(r.modes)}`);
console.log(
  JSON.stringify({
    costShareOfImmediate: Number(r.costShareOfImmediate.toFixed(4)),
    co2eShareOfImmediate: Number(r.co2eShareOfImmediate.toFixed(4)),
    deadlinesMissed: r.deadlinesMissed,
    jobs: r.jobs,
  }),
);
