// Fitting the named calibration factors to measurement rows: coordinate descent on the mean absolute
// log error (capped at 1 so one odd row cannot drag the physics), then a leave-one-out check.
import type { Calibration } from './calibration.js';
import { isMoeRow, type RowPlan } from './measurements.js';
import { predictRow } from './predict.js';

/** A factor the fit may move, with its physical bounds and the prior value every fit starts from. */
export interface FitParam {
  name: string;
  get: (c: Calibration) => number;
  set: (c: Calibration, v: number) => void;
  min: number;
  max: number;
  /**
   * Engineering prior a fit starts from, for factors few rows constrain (so a leave-one-out refit never
   * starts from a value fitted on the held-out row); without one, a fit starts from the shipped value.
   */
  prior?: number;
}

/**
 * Dense throughput factors. Every factor has an engineering prior, so the full fit and every leave-one-out
 * refit start from the same point (never from values fitted on a held-out row) and the shipped values are
 * what the fit from the priors returns.
 */
export const THROUGHPUT_PARAMS: FitParam[] = [
  {
    name: 'mfu',
    get: (c) => c.mfu,
    set: (c, v) => {
      c.mfu = v;
    },
    min: 0.2,
    max: 0.95,
    prior: 0.7,
  },
  {
    name: 'lowPrecisionMfuScale',
    get: (c) => c.lowPrecisionMfuScale,
    set: (c, v) => {
      c.lowPrecisionMfuScale = v;
    },
    min: 0.4,
    max: 1,
    prior: 0.9,
  },
  {
    name: 'mbu',
    get: (c) => c.mbu,
    set: (c, v) => {
      c.mbu = v;
    },
    min: 0.4,
    max: 0.9,
    prior: 0.85,
  },
  {
    name: 'enginePerf.vllm',
    get: (c) => c.enginePerf.vllm,
    set: (c, v) => {
      c.enginePerf.vllm = v;
    },
    min: 0.4,
    max: 1.2,
    prior: 0.7,
  },
  {
    name: 'seqOverheadS.vllm',
    get: (c) => c.seqOverheadS.vllm,
    set: (c, v) => {
      c.seqOverheadS.vllm = v;
    },
    min: 2e-6,
    max: 200e-6,
    prior: 40e-6,
  },
  {
    name: 'tpEfficiencyNvlink',
    get: (c) => c.tpEfficiencyNvlink,
    set: (c, v) => {
      c.tpEfficiencyNvlink = v;
    },
    min: 0.2,
    max: 1,
    prior: 0.8,
  },
];

/**
 * Mixture-of-experts factors, fitted on the MoE rows only (after the dense factors on the dense rows), so
 * the MoE physics cannot move what the dense rows established.
 */
export const MOE_PARAMS: FitParam[] = [
  {
    name: 'moeHalfRateTokens',
    get: (c) => c.moeHalfRateTokens,
    set: (c, v) => {
      c.moeHalfRateTokens = v;
    },
    min: 1,
    max: 2048,
    prior: 128,
  },
  {
    name: 'moeSkew',
    get: (c) => c.moeSkew,
    set: (c, v) => {
      c.moeSkew = v;
    },
    min: 1,
    max: 2,
    prior: 1.15,
  },
  {
    name: 'moeEfficiency',
    get: (c) => c.moeEfficiency,
    set: (c, v) => {
      c.moeEfficiency = v;
    },
    min: 0.2,
    max: 1,
    prior: 0.7,
  },
];

export const ENERGY_PARAMS: FitParam[] = [
  {
    name: 'powerComputeWeight',
    get: (c) => c.powerComputeWeight,
    set: (c, v) => {
      c.powerComputeWeight = v;
    },
    min: 1,
    max: 4,
    prior: 1.5,
  },
  {
    name: 'powerBandwidthWeight',
    get: (c) => c.powerBandwidthWeight,
    set: (c, v) => {
      c.powerBandwidthWeight = v;
    },
    min: 0.3,
    max: 1,
    prior: 0.6,
  },
  {
    name: 'powerCommWeight',
    get: (c) => c.powerCommWeight,
    set: (c, v) => {
      c.powerCommWeight = v;
    },
    min: 0,
    max: 1,
    prior: 0.5,
  },
];

/** Deep copy of a calibration (the fit never mutates the shipped one). */
export function cloneCalibration(c: Calibration): Calibration {
  return {
    ...c,
    enginePerf: { ...c.enginePerf },
    stepOverheadS: { ...c.stepOverheadS },
    seqOverheadS: { ...c.seqOverheadS },
  };
}

/** `base` with every factor in `params` that has a prior set to it: where each fit starts. */
export function priorCalibration(base: Calibration, params: FitParam[]): Calibration {
  const c = cloneCalibration(base);
  for (const p of params) if (p.prior !== undefined) p.set(c, p.prior);
  return c;
}

/** |ln(predicted / measured)| capped at 1; an infeasible prediction of a measured row costs the cap. */
export function rowLoss(plan: RowPlan, cal: Calibration): number {
  const p = predictRow(plan, cal);
  if ('feasible' in p) return 1;
  return Math.min(1, Math.abs(Math.log(p.predicted / plan.measured)));
}

function loss(rows: RowPlan[], cal: Calibration): number {
  let s = 0;
  for (const r of rows) s += rowLoss(r, cal);
  return rows.length ? s / rows.length : 0;
}

/** Relative step a coordinate descent starts with (the staged fit halves it each round). */
export const FIT_FIRST_STEP = 0.3;

/**
 * Coordinate descent over `params` on `rows`, starting from `start` with multiplicative steps of `firstStep`
 * (halved whenever a pass improves nothing); returns the fitted copy and its loss.
 */
export function fitCalibration(
  rows: RowPlan[],
  params: FitParam[],
  start: Calibration,
  firstStep = FIT_FIRST_STEP,
): { cal: Calibration; loss: number } {
  const cal = cloneCalibration(start);
  let current = loss(rows, cal);
  let step = firstStep;
  for (let round = 0; round < 12 && step > 0.01; round++) {
    let improved = false;
    for (const p of params) {
      const v0 = p.get(cal);
      let bestV = v0;
      for (const f of [1 - step, 1 - step / 2, 1 + step / 2, 1 + step]) {
        const v = Math.min(p.max, Math.max(p.min, v0 * f));
        p.set(cal, v);
        const l = loss(rows, cal);
        if (l < current - 1e-9) {
          current = l;
          bestV = v;
          improved = true;
        }
      }
      p.set(cal, bestV);
    }
    if (!improved) step /= 2;
  }
  return { cal, loss: current };
}

/**
 * Most rounds of the staged fit. It stops earlier once a round moves no factor by more than FIT_TOLERANCE,
 * at the latest when the halved starting step falls below the descent's 1% resolution (round 6).
 */
export const FIT_MAX_ROUNDS = 12;
/** Largest relative move of any factor in a round at which the staged fit counts as converged. */
export const FIT_TOLERANCE = 1e-3;

/**
 * The full fit: the dense throughput factors on the dense throughput rows, then the MoE factors on the MoE
 * throughput rows, then the power weights on the energy rows, all from their priors. The power weights set
 * how far a power limit lowers the clock (throughput) and the throughput factors set the power, so the
 * stages repeat, annealed: each round starts its descent at half the previous round's step, and the fit
 * stops once a round moves no factor by more than FIT_TOLERANCE or the step reaches the descent's resolution
 * (converged rather than a chosen number of rounds: with a fixed two or three, each stopping mid-way, the
 * held-out median moved by up to two points).
 */
export function fitStaged(
  plans: RowPlan[],
  base: Calibration,
): { cal: Calibration; rounds: number; moved: number } {
  const params = [...THROUGHPUT_PARAMS, ...MOE_PARAMS, ...ENERGY_PARAMS];
  let cal = priorCalibration(base, params);
  const dense = plans.filter((p) => p.kind === 'throughput' && !isMoeRow(p));
  const moe = plans.filter((p) => p.kind === 'throughput' && isMoeRow(p));
  const energy = plans.filter((p) => p.kind === 'energy');
  let moved = Number.POSITIVE_INFINITY;
  let round = 0;
  while (round < FIT_MAX_ROUNDS && moved > FIT_TOLERANCE) {
    const before = params.map((p) => p.get(cal));
    const step = FIT_FIRST_STEP / 2 ** round;
    cal = fitCalibration(dense, THROUGHPUT_PARAMS, cal, step).cal;
    cal = fitCalibration(moe, MOE_PARAMS, cal, step).cal;
    cal = fitCalibration(energy, ENERGY_PARAMS, cal, step).cal;
    moved = Math.max(
      ...params.map((p, i) => {
        const b = before[i] as number;
        return Math.abs(p.get(cal) - b) / Math.max(Math.abs(b), 1e-12);
      }),
    );
    round++;
  }
  return { cal, rounds: round, moved };
}
