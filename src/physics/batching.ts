// Continuous batching: steady state of a replica with `concurrency` requests in flight. Every step decodes
// one token for each running sequence and carries prefill chunks for new ones, so TTFT includes chunk
// interference and TPOT grows with the batch. Constant work per call (the planner calls this a lot).
import { MarginError } from '../errors/index.js';
import { CALIBRATION, type Calibration, CONSTANTS } from './calibration.js';
import { kvBytesPerToken } from './memory.js';
import { demandWatts, deviceWatts, powerActivity, powerLimitWatts } from './power.js';
import { type Resolved, resolve, type StepCost, stepCost } from './roofline.js';
import type { Deployment, Infeasible, LoadedWorkload, OperatingPoint, Workload } from './types.js';

function checkWorkload(w: Workload): void {
  const bad = (field: string, why: string): never => {
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `workload ${field} ${why}`, { param: field });
  };
  if (!Number.isFinite(w.inputTokens) || w.inputTokens < 0) bad('inputTokens', 'must be a number ≥ 0');
  if (!Number.isFinite(w.outputTokens) || w.outputTokens < 1) bad('outputTokens', 'must be a number ≥ 1');
  const c = w.cachedInputShare;
  if (c !== undefined && (!Number.isFinite(c) || c < 0 || c > 1)) bad('cachedInputShare', 'must be in 0..1');
}

function infeasibleFit(r: Resolved): Infeasible {
  const f = r.fit;
  return {
    feasible: false,
    reason: f.reason ?? 'does not fit',
    needGB: f.weightsGB + f.overheadGB,
    haveGB: f.availableGB,
  };
}

/**
 * KV tokens the cache holds for each running sequence: on demand, its prompt plus half its output on
 * average; reserved at admission (TensorRT-LLM GUARANTEED_NO_EVICT), its prompt plus its whole output.
 */
function seqTokens(r: Resolved, w: Workload): number {
  const admission = r.d.kvAdmission ?? CONSTANTS.kvAdmission[r.engine];
  return w.inputTokens + (admission === 'reserve' ? w.outputTokens : w.outputTokens / 2);
}

/** Sequences the free KV memory holds, capped by the engine's batch limit (no validation). */
function kvLimitedConcurrency(r: Resolved, w: Workload): number {
  if (!r.fit.fits || w.inputTokens + w.outputTokens > r.d.model.contextLength) return 0;
  const seq = Math.max(1, seqTokens(r, w));
  const perSeq = kvBytesPerToken(r.d.model, r.kvPrecision, seq) * r.kvRepl * seq;
  // With data-parallel attention every device of the expert-parallel group schedules its own batch.
  return Math.min(CONSTANTS.engineMaxBatch[r.engine] * r.ep, Math.floor(r.freeKvBytes / perSeq));
}

/** Largest number of sequences the free KV memory holds at this request shape (0 when none). */
export function maxConcurrency(d: Deployment, w: { inputTokens: number; outputTokens: number }): number {
  checkWorkload(w);
  return kvLimitedConcurrency(resolve(d), w);
}

/**
 * The operating point at the highest clock whose power fits the device's limit (DVFS): at rated clocks
 * when the step asks for no more than the limit, else the clock where demand meets the limit, found by
 * regula falsi (Illinois) on the monotone demand(clock), at least CONSTANTS.minClockShare.
 */
function underPowerLimit<P extends { activity: number }>(
  d: Deployment,
  at: (clock: number) => P,
  cal: Calibration,
): { point: P; clock: number } {
  const limit = powerLimitWatts(d.hardware, d.powerLimitW);
  const excess = (p: P): number => demandWatts(d.hardware, p.activity, cal) - limit;
  const full = at(1);
  const eHi = excess(full);
  if (eHi <= 0) return { point: full, clock: 1 };
  let lo = CONSTANTS.minClockShare;
  let hi = 1;
  let low = at(lo);
  let eLo = excess(low);
  if (eLo >= 0) return { point: low, clock: lo };
  let fHi = eHi;
  let side = 0;
  let best = { point: low, clock: lo };
  for (let i = 0; i < 30 && hi - lo > 1e-5; i++) {
    const f = (lo * fHi - hi * eLo) / (fHi - eLo);
    const p = at(f);
    const e = excess(p);
    if (e > 0) {
      hi = f;
      fHi = e;
      if (side === -1) eLo /= 2;
      side = -1;
    } else {
      lo = f;
      eLo = e;
      low = p;
      best = { point: p, clock: f };
      if (side === 1) fHi /= 2;
      side = 1;
      if (e > -1e-3) break;
    }
  }
  return best;
}

/** Throughput, latency, power and energy of one replica at a given concurrency, or why it cannot run. */
export function operatingPoint(
  d: Deployment,
  w: LoadedWorkload,
  cal: Calibration = CALIBRATION,
): OperatingPoint | Infeasible {
  checkWorkload(w);
  if (!Number.isFinite(w.concurrency) || w.concurrency <= 0) {
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', 'workload concurrency must be a number > 0', {
      param: 'concurrency',
    });
  }
  const r = resolve(d);
  if (!r.fit.fits) return infeasibleFit(r);
  if (w.inputTokens + w.outputTokens > d.model.contextLength) {
    return {
      feasible: false,
      reason: `${w.inputTokens} input + ${w.outputTokens} output tokens exceed ${d.model.id}'s ${d.model.contextLength}-token context`,
    };
  }
  const maxC = kvLimitedConcurrency(r, w);
  if (maxC < 1) {
    const seq = seqTokens(r, w);
    const needGB =
      r.fit.weightsGB +
      r.fit.overheadGB +
      (kvBytesPerToken(d.model, r.kvPrecision, seq) * r.kvRepl * seq) / 1e9;
    return {
      feasible: false,
      reason: `no room for one ${Math.round(seq)}-token sequence: needs ${needGB.toFixed(0)} GB, ${d.count}× ${d.hardware.id} has ${r.fit.availableGB.toFixed(0)} GB`,
      needGB,
      haveGB: r.fit.availableGB,
    };
  }
  const running = Math.min(w.concurrency, maxC);
  const osl = w.outputTokens;
  const isl = w.inputTokens;
  const islU = isl * (1 - (w.cachedInputShare ?? 0));
  const ctx = isl + osl / 2;
  const batched = CONSTANTS.maxBatchedTokens * r.ep;
  const chunkAvail = Math.max(batched - running, batched / 8);
  const nChunks = Math.max(1, Math.ceil(islU / chunkAvail));
  const kvPerToken = kvBytesPerToken(d.model, r.kvPrecision, ctx) * r.kvRepl;
  // Slots spend TTFT in prefill and osl steps decoding; two fixed-point passes settle the split.
  const pass = (decoding: number, clock: number): { step: StepCost; ttft: number } => {
    const prefillPerStep = (decoding * islU) / osl;
    const step = stepCost(r, decoding, ctx, prefillPerStep, isl, cal, kvPerToken, clock);
    const ownChunk = stepCost(r, decoding, ctx, prefillPerStep + islU / nChunks, isl, cal, kvPerToken, clock);
    return { step, ttft: nChunks * ownChunk.stepS + 0.5 * step.stepS };
  };
  const at = (clock: number): { step: StepCost; ttft: number; activity: number } => {
    const first = pass(running, clock);
    const settled = pass((running * osl * first.step.stepS) / (first.ttft + osl * first.step.stepS), clock);
    const activity = powerActivity(
      settled.step.computeUtilisation,
      settled.step.bandwidthUtilisation,
      cal,
      settled.step.commS / settled.step.stepS,
      clock,
    );
    return { ...settled, activity };
  };
  const { point, clock } = underPowerLimit(d, at, cal);
  const { step } = point;
  let ttft = point.ttft;
  const requestsPerS = running / (ttft + osl * step.stepS);
  if (w.concurrency > running) ttft += (w.concurrency - running) / requestsPerS;
  const utilisation = step.utilisation;
  const powerW =
    Math.max(1, Math.floor(d.count)) * deviceWatts(d.hardware, point.activity, cal, d.powerLimitW);
  const outputTokS = requestsPerS * osl;
  return {
    feasible: true,
    concurrency: w.concurrency,
    ttftS: ttft,
    tpotS: step.stepS,
    outputTokS,
    inputTokS: requestsPerS * isl,
    requestsPerS,
    powerW,
    energyPerOutputTokenJ: powerW / outputTokS,
    energyPerRequestJ: powerW / requestsPerS,
    computeBound: step.computeS > step.memS,
    utilisation,
    clockShare: clock,
  };
}

/** Highest-throughput operating point whose mean TTFT and TPOT meet the targets (bisects concurrency). */
export function bestOperatingPoint(
  d: Deployment,
  w: Workload,
  targets: { ttftS?: number; tpotS?: number },
  cal: Calibration = CALIBRATION,
): OperatingPoint | Infeasible {
  const first = operatingPoint(d, { ...w, concurrency: 1 }, cal);
  if (!first.feasible) return first;
  const meets = (op: OperatingPoint): boolean =>
    (targets.ttftS === undefined || op.ttftS <= targets.ttftS) &&
    (targets.tpotS === undefined || op.tpotS <= targets.tpotS);
  if (!meets(first)) {
    return {
      feasible: false,
      reason: `misses the latency targets even at concurrency 1 (TTFT ${first.ttftS.toFixed(3)} s, TPOT ${(first.tpotS * 1000).toFixed(1)} ms)`,
    };
  }
  let lo = 1;
  let best = first;
  let hi = maxConcurrency(d, w);
  const top = operatingPoint(d, { ...w, concurrency: hi }, cal);
  if (top.feasible && meets(top)) return top;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const op = operatingPoint(d, { ...w, concurrency: mid }, cal);
    if (op.feasible && meets(op)) {
      lo = mid;
      best = op;
    } else hi = mid;
  }
  return best;
}
