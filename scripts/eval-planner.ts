// npm run eval:planner [-- --measurements <file> ...] [--fit]: predicts every throughput and energy row of the
// calibration measurements (../shared/calibration/measurements.csv and the TensorRT-LLM MoE rows committed in
// scripts/calibration/trtllm-moe.csv) with the physics model, prints per-row errors and medians — dense and
// mixture-of-experts rows also separately — checks that known infeasible configurations are flagged, and ends
// with one JSON line. `--fit` refits the named factors and runs a leave-one-out check (the numbers recorded
// in src/physics/calibration.ts).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultCatalog } from '../src/catalog/index.js';
import type { Precision } from '../src/catalog/schema.js';
import { isMarginError } from '../src/errors/index.js';
import { ENERGY_PARAMS, fitStaged, MOE_PARAMS, THROUGHPUT_PARAMS } from '../src/physics/fit.js';
import { CALIBRATION, type Calibration, memoryFit, operatingPoint } from '../src/physics/index.js';
import { isMoeRow, planRow, type RowPlan, readMeasurements } from '../src/physics/measurements.js';
import { predictRow } from '../src/physics/predict.js';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the script');
    dir = up;
  }
  return dir;
}

function args(argv: string[]): { measurements: string[]; fit: boolean } {
  const given: string[] = [];
  let fit = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--measurements') {
      const v = argv[++i];
      if (!v) throw new Error('--measurements needs a file');
      given.push(resolve(v));
    } else if (a?.startsWith('--measurements=')) given.push(resolve(a.slice('--measurements='.length)));
    else if (a === '--fit') fit = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: eval-planner [--measurements <file.csv> ...] [--fit]');
      process.exit(0);
    } else throw new Error(`unknown argument '${a}'`);
  }
  const measurements = given.length
    ? given
    : [
        join(repoRoot(), '..', 'shared', 'calibration', 'measurements.csv'),
        join(repoRoot(), 'scripts', 'calibration', 'trtllm-moe.csv'),
      ];
  return { measurements, fit };
}

const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const num = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(4));

/** Signed relative error of every row under `cal`; infeasible predictions count as 100% error. */
function evaluate(plans: RowPlan[], cal: Calibration, print: boolean): Map<string, number> {
  const errors = new Map<string, number>();
  for (const p of plans) {
    const r = predictRow(p, cal);
    const unit = p.kind === 'energy' ? `J/tok ${p.energyScope}` : 'tok/s';
    if ('feasible' in r) {
      errors.set(p.id, 1);
      if (print)
        console.log(
          `${p.id}  ${p.model.id}  ${p.hwCount}× ${p.hardware.id}  measured ${num(p.measured)} ${unit}  predicted INFEASIBLE (${r.reason})  error 100%`,
        );
      continue;
    }
    const err = r.predicted / p.measured - 1;
    errors.set(p.id, err);
    if (print) {
      const note = p.assumptions.length ? `  [${p.assumptions.join('; ')}]` : '';
      console.log(
        `${p.id}  ${p.model.id}  ${p.hwCount}× ${p.hardware.id} ${p.precision} ${p.engine}  measured ${num(p.measured)} ${unit}  predicted ${num(r.predicted)} (${r.layout})  error ${err >= 0 ? '+' : ''}${(err * 100).toFixed(1)}%${note}`,
      );
    }
  }
  return errors;
}

function medians(plans: RowPlan[], errors: Map<string, number>): { t: number | null; e: number | null } {
  const abs = (kind: RowPlan['kind']): number[] =>
    plans.filter((p) => p.kind === kind).map((p) => Math.abs(errors.get(p.id) ?? 1));
  return { t: median(abs('throughput')), e: median(abs('energy')) };
}

/** The medians of all rows, then of the dense and the MoE rows apart. */
function split(
  plans: RowPlan[],
  errors: Map<string, number>,
): { all: ReturnType<typeof medians>; dense: ReturnType<typeof medians>; moe: ReturnType<typeof medians> } {
  return {
    all: medians(plans, errors),
    dense: medians(
      plans.filter((p) => !isMoeRow(p)),
      errors,
    ),
    moe: medians(plans.filter(isMoeRow), errors),
  };
}

const splitLine = (m: ReturnType<typeof split>): string =>
  `throughput ${pct(m.all.t)}, energy ${pct(m.all.e)} (dense: ${pct(m.dense.t)} / ${pct(m.dense.e)}; MoE: ${pct(m.moe.t)} / ${pct(m.moe.e)})`;

function runFit(plans: RowPlan[]): void {
  const fitted = fitStaged(plans, CALIBRATION).cal;
  console.log(
    '\n# fit on all rows (every factor from its prior; coordinate descent, mean capped |log error|)',
  );
  for (const p of [...THROUGHPUT_PARAMS, ...MOE_PARAMS, ...ENERGY_PARAMS])
    console.log(`  ${p.name} = ${p.get(fitted).toPrecision(4)}`);
  const all = split(plans, evaluate(plans, fitted, false));
  console.log(`  in-sample median |error|: ${splitLine(all)}`);
  console.log('# leave-one-out: refit without each row, predict it');
  const loo = new Map<string, number>();
  for (const held of plans) {
    const cal = fitStaged(
      plans.filter((p) => p !== held),
      CALIBRATION,
    ).cal;
    const err = evaluate([held], cal, false).get(held.id) ?? 1;
    loo.set(held.id, err);
    console.log(`  ${held.id}: ${err >= 0 ? '+' : ''}${(err * 100).toFixed(1)}%`);
  }
  const m = split(plans, loo);
  console.log(`  leave-one-out median |error|: ${splitLine(m)}\n`);
}

/**
 * Published operating points (ML.ENERGY v3, from the rows' notes) with measured GPU power and throughput:
 * printed as sanity checks of the power model, never fitted.
 */
const ANCHORS: Array<{
  what: string;
  model: string;
  hw: string;
  count: number;
  precision: Precision;
  isl: number;
  osl: number;
  concurrency: number;
  tokS: number;
  wattsPerDevice: number;
}> = [
  {
    what: 'H100 Llama-3.1-8B bf16 b8',
    model: 'llama-3.1-8b',
    hw: 'h100-sxm',
    count: 1,
    precision: 'bf16',
    isl: 250,
    osl: 389,
    concurrency: 8,
    tokS: 1070,
    wattsPerDevice: 487,
  },
  {
    what: 'H100 Llama-3.1-8B bf16 b64',
    model: 'llama-3.1-8b',
    hw: 'h100-sxm',
    count: 1,
    precision: 'bf16',
    isl: 250,
    osl: 396,
    concurrency: 64,
    tokS: 5147,
    wattsPerDevice: 610,
  },
  {
    what: '2×B200 Llama-3.1-70B bf16 b128',
    model: 'llama-3.1-70b',
    hw: 'b200',
    count: 2,
    precision: 'bf16',
    isl: 250,
    osl: 353,
    concurrency: 128,
    tokS: 3978,
    wattsPerDevice: 957,
  },
  {
    what: '2×B200 Llama-3.1-70B bf16 b2048',
    model: 'llama-3.1-70b',
    hw: 'b200',
    count: 2,
    precision: 'bf16',
    isl: 250,
    osl: 353,
    concurrency: 2048,
    tokS: 10108,
    wattsPerDevice: 955,
  },
  {
    what: '8×B200 DeepSeek-V3.1 fp8 b256',
    model: 'deepseek-r1',
    hw: 'b200',
    count: 8,
    precision: 'fp8',
    isl: 250,
    osl: 836,
    concurrency: 256,
    tokS: 4534,
    wattsPerDevice: 742,
  },
  {
    what: '8×B200 DeepSeek-V3.1 fp8 b2048',
    model: 'deepseek-r1',
    hw: 'b200',
    count: 8,
    precision: 'fp8',
    isl: 250,
    osl: 836,
    concurrency: 2048,
    tokS: 9302,
    wattsPerDevice: 732,
  },
];

function anchorChecks(): void {
  const cat = defaultCatalog();
  console.log('# power anchors (ML.ENERGY v3, vLLM; sanity checks, not fitted): predicted / measured');
  for (const a of ANCHORS) {
    const d = {
      model: cat.model(a.model),
      hardware: cat.device(a.hw),
      count: a.count,
      precision: a.precision,
      engine: 'vllm' as const,
    };
    const op = operatingPoint(d, { inputTokens: a.isl, outputTokens: a.osl, concurrency: a.concurrency });
    if (!op.feasible) {
      console.log(`  ${a.what}: INFEASIBLE (${op.reason})`);
      continue;
    }
    const w = op.powerW / a.count;
    console.log(
      `  ${a.what}: ${num(w)} W/device vs ${a.wattsPerDevice} (${((w / a.wattsPerDevice - 1) * 100).toFixed(0)}%), ${num(op.outputTokS)} tok/s vs ${a.tokS} (${((op.outputTokS / a.tokS - 1) * 100).toFixed(0)}%)`,
    );
  }
}

function infeasibilityChecks(): void {
  const cat = defaultCatalog();
  const cases: Array<[string, string, number, 'bf16' | 'fp8' | 'int4']> = [
    ['llama-3.1-70b', 'l4', 1, 'fp8'],
    ['llama-3.1-70b', 'l4', 1, 'int4'],
    ['llama-3.1-70b', 'l40s', 1, 'fp8'],
    ['llama-3.1-70b', 'a100-sxm-80gb', 1, 'fp8'],
    ['llama-3.1-70b', 'a100-sxm-80gb', 1, 'bf16'],
  ];
  console.log('# infeasible configurations');
  for (const [m, h, n, p] of cases) {
    const fit = memoryFit({ model: cat.model(m), hardware: cat.device(h), count: n, precision: p });
    console.log(
      `  ${m} ${p} on ${n}× ${h}: ${fit.fits ? 'FITS (not flagged!)' : `infeasible: ${fit.reason}`}`,
    );
  }
  const a100 = cat.device('a100-sxm-80gb');
  console.log(
    `  fp8 on ${a100.id}: ${a100.tflops.fp8 ? 'native' : 'no FP8 tensor cores → weight-only fp8, bf16 compute'}`,
  );
}

function main(): void {
  const opts = args(process.argv.slice(2));
  const records = opts.measurements.flatMap((f) => readMeasurements(readFileSync(f, 'utf8')));
  const cat = defaultCatalog();
  const plans: RowPlan[] = [];
  let skipped = 0;
  console.log(`# ${records.length} rows from ${opts.measurements.join(', ')}`);
  for (const rec of records) {
    const p = planRow(rec, cat);
    if ('skip' in p) {
      skipped++;
      console.log(`${p.id}  SKIPPED: ${p.skip}`);
    } else plans.push(p);
  }
  const errors = evaluate(plans, CALIBRATION, true);
  if (opts.fit) runFit(plans);
  anchorChecks();
  infeasibilityChecks();
  const m = split(plans, errors);
  console.log(`# median |error|: ${splitLine(m)}`);
  const round = (x: number | null): number | null => (x === null ? null : Math.round(x * 1e4) / 1e4);
  console.log(
    JSON.stringify({
      medianAbsErrorThroughput: round(m.all.t),
      medianAbsErrorEnergy: round(m.all.e),
      denseThroughput: round(m.dense.t),
      moeThroughput: round(m.moe.t),
      moeEnergy: round(m.moe.e),
      rowsPredicted: plans.length,
      moeRows: plans.filter(isMoeRow).length,
      rowsSkipped: skipped,
    }),
  );
}

try {
  main();
} catch (err) {
  console.error(`eval-planner: ${isMarginError(err) || err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
