// Trains the learned router on ../shared/routing (RouterBench rows), holding out ~30% of rows by id hash,
// picks the cost weight λ on out-of-fold predictions, and writes models/router/router-v1.json.
// Usage: npm run train:router [-- --data <dir>] [--out <file>] [--k 8] [--target 0.955] [--cascade-cost-share 0.25]
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
import { DEFAULT_PRIOR } from '../src/router/learned/fit.js';
import { retrainFromLedger } from '../src/router/learned/retrain.js';
import { DEFAULT_LAMBDAS, type TrainOptions, trainRouter } from '../src/router/learned/train.js';

const HELD_OUT = 0.3;

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    out: { type: 'string' },
    'from-ledger': { type: 'string' },
    model: { type: 'string' },
    days: { type: 'string' },
    prior: { type: 'string' },
    k: { type: 'string' },
    target: { type: 'string' },
    'cascade-cost-share': { type: 'string' },
    jitter: { type: 'string' },
  },
});

const OPTS: TrainOptions = {
  dims: 4096,
  k: Number(values.k ?? 8),
  prior: DEFAULT_PRIOR,
  folds: 5,
  // Aim a little above 95% of the strong model so unseen prompts still clear it.
  targetShare: Number(values.target ?? 0.955),
  // Cascade plans over models costing at most this share of the strong one (0 = single heads only).
  cascadeCostShare: Number(values['cascade-cost-share'] ?? 0.25),
  // Per-prompt spread of λ: mixes neighbouring plans within a cluster (0 = every prompt the same λ).
  costWeightJitter: Number(values.jitter ?? 0.3),
  lambdas: DEFAULT_LAMBDAS,
};

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
  const { file, outOfFold } = trainRouter(train, models, ROUTERBENCH_STRONG, OPTS, {
    rows: train.length,
    files,
    heldOutShare: HELD_OUT,
  });
  console.log(
    `λ=${file.costWeight} out-of-fold: accuracy ${outOfFold.accuracyShare.toFixed(3)} of strong at ${outOfFold.costShare.toFixed(3)} of its cost`,
  );
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(file)}\n`);
  console.log(
    `wrote ${out}: k=${OPTS.k} clusters × ${models.length} heads + ${file.cascades?.length ?? 0} cascade plans, trained on ${train.length} of ${all.length} rows`,
  );
}
