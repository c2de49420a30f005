// Trains the learned router on ../shared/routing (RouterBench rows), holding out ~30% of rows by id hash,
// picks the cost weight λ on out-of-fold predictions, and writes models/router/router-v1.json.
// Usage: npm run train:router [-- --data <dir>] [--out <file>]
// Or, from ledger feedback (POST /v1/feedback; see docs/routing.md), updating a model's cluster accuracies:
//   npm run train:router -- --from-ledger <ledger url/path> [--model <file>] [--out <file>] [--days N] [--prior N]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import {
  isHeldOut,
  loadRouterBenchDir,
  ROUTERBENCH_MODELS,
  ROUTERBENCH_STRONG,
} from '../src/router/eval/data.js';
import { defaultRouterModelPath, defaultRoutingDataDir } from '../src/router/eval/repo-paths.js';
import { chooseCandidate } from '../src/router/learned/decide.js';
import { DEFAULT_PRIOR, featurizeRows, fitRouter } from '../src/router/learned/fit.js';
import { nearest } from '../src/router/learned/kmeans.js';
import { encodeFloat32, type RouterModelFile } from '../src/router/learned/model.js';
import { retrainFromLedger } from '../src/router/learned/retrain.js';

const OPTS = { dims: 4096, k: 8, prior: DEFAULT_PRIOR };
const HELD_OUT = 0.3;
/** Aim a little above 95% of the strong model so unseen prompts still clear it. */
const TARGET_SHARE = 0.955;
const FOLDS = 5;

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    out: { type: 'string' },
    'from-ledger': { type: 'string' },
    model: { type: 'string' },
    days: { type: 'string' },
    prior: { type: 'string' },
  },
});

if (values['from-ledger'] !== undefined) {
  await fromLedger(values['from-ledger']);
} else {
  trainOnRouterBench(values.data ?? defaultRoutingDataDir(), values.out ?? defaultRouterModelPath());
}

/** Folds ledger feedback into a model file and prints how each cluster × head estimate moved. */
async function fromLedger(ledgerUrl: string): Promise<void> {
  const modelPath = values.model ?? defaultRouterModelPath();
  const out = values.out ?? modelPath.replace(/\.json$/, '.feedback.json');
  try {
    const r = await retrainFromLedger({
      ledgerUrl,
      modelPath,
      out,
      ...(values.days !== undefined ? { days: Number(values.days) } : {}),
      ...(values.prior !== undefined ? { priorStrength: Number(values.prior) } : {}),
    });
    console.log(`feedback rows: ${r.feedbackRows}, used: ${r.used}`);
    for (const [why, n] of Object.entries(r.skipped)) console.log(`  skipped ${n}: ${why}`);
    console.log('cluster  head                                  n   score  accuracy before → after');
    for (const m of r.moved) {
      console.log(
        `${String(m.cluster).padStart(7)}  ${m.head.padEnd(36)} ${String(m.n).padStart(3)} ${(m.successes / m.n).toFixed(3).padStart(7)}  ${m.before.toFixed(3)} → ${m.after.toFixed(3)}`,
      );
    }
    console.log(`wrote ${r.out}`);
  } catch (err) {
    console.error(`train:router: ${(err as Error).message.split('\n')[0]}`);
    process.exitCode = 1;
  }
}

function trainOnRouterBench(dataDir: string, out: string): void {
  const { rows: all, files } = loadRouterBenchDir(dataDir);
  const train = all.filter((r) => !isHeldOut(r.id, HELD_OUT));
  const models = ROUTERBENCH_MODELS.filter((m) => train.every((r) => m in r.outcomes));
  const strong = ROUTERBENCH_STRONG;
  const xs = featurizeRows(train, OPTS.dims);

  // Out-of-fold choices for every λ, so λ is picked on prompts the clusters were not fitted on.
  const lambdas = Array.from({ length: 121 }, (_, i) => i * 0.0025);
  const acc = new Array<number>(lambdas.length).fill(0);
  const cost = new Array<number>(lambdas.length).fill(0);
  for (let f = 0; f < FOLDS; f++) {
    const fitIdx = train.map((_, i) => i).filter((i) => i % FOLDS !== f);
    const fitted = fitRouter(
      fitIdx.map((i) => train[i]!),
      fitIdx.map((i) => xs[i]!),
      models,
      strong,
      OPTS,
    );
    for (let i = f; i < train.length; i += FOLDS) {
      const c = nearest(xs[i]!, fitted.centroids, OPTS.k, OPTS.dims);
      const p = models.map((_, h) => fitted.accuracy[h]![c]!);
      const cands = models.map((_, h) => ({ head: h, relativeCost: fitted.relativeCost[h]![c]! }));
      lambdas.forEach((lambda, li) => {
        const m = models[cands[chooseCandidate(p, cands, lambda)]!.head]!;
        acc[li]! += train[i]!.outcomes[m]!.correct;
        cost[li]! += train[i]!.outcomes[m]!.costUsd;
      });
    }
  }
  const strongAcc = train.reduce((a, r) => a + r.outcomes[strong]!.correct, 0);
  const strongCost = train.reduce((a, r) => a + r.outcomes[strong]!.costUsd, 0);
  let best = 0;
  lambdas.forEach((_, li) => {
    if (acc[li]! >= TARGET_SHARE * strongAcc && cost[li]! < cost[best]!) best = li;
  });
  const lambda = lambdas[best]!;
  console.log(
    `λ=${lambda} out-of-fold: accuracy ${(acc[best]! / strongAcc).toFixed(3)} of strong at ${(cost[best]! / strongCost).toFixed(3)} of its cost`,
  );

  const fitted = fitRouter(train, xs, models, strong, OPTS);
  const file: RouterModelFile = {
    kind: 'margin-learned-router',
    version: 1,
    dims: OPTS.dims,
    k: OPTS.k,
    centroids: encodeFloat32(fitted.centroids),
    strong,
    costWeight: lambda,
    heads: models.map((name, h) => ({
      name,
      accuracy: fitted.accuracy[h]!.map((v) => Number(v.toFixed(5))),
      relativeCost: fitted.relativeCost[h]!.map((v) => Number(v.toFixed(5))),
    })),
    trainedOn: { rows: train.length, files, heldOutShare: HELD_OUT },
    createdAt: new Date().toISOString().slice(0, 10),
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(file)}\n`);
  console.log(
    `wrote ${out}: k=${OPTS.k} clusters × ${models.length} heads, trained on ${train.length} of ${all.length} rows`,
  );
}
