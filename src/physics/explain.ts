// `--explain`: the derivation of one option, line by line, from the same functions the planner uses.

import { maxConcurrency, operatingPoint } from './batching.js';
import { CALIBRATION, CONSTANTS } from './calibration.js';
import { kvBytesPerToken } from './memory.js';
import { idleWatts } from './power.js';
import { resolve, stepCost } from './roofline.js';
import type { Deployment, Workload } from './types.js';

const f = (x: number, digits = 1): string =>
  x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
const ms = (s: number): string => `${f(s * 1000, 2)} ms`;

/** Derivation lines for one deployment and workload (concurrency: given, else the memory maximum). */
export function explain(d: Deployment, w: Workload & { concurrency?: number }): string[] {
  const r = resolve(d);
  const m = d.model;
  const hw = d.hardware;
  const c = CALIBRATION;
  const out: string[] = [];
  out.push(
    `deployment: ${m.id} on ${d.count}× ${hw.id} (${hw.interconnect.kind}), weights ${d.precision}, KV ${r.kvPrecision}, engine ${r.engine}; TP ${r.par.tp} × PP ${r.par.pp}`,
  );
  out.push(
    `compute format: ${r.fmt.compute} at ${f(r.fmt.tflops, 0)} TFLOP/s per device${r.fmt.weightOnly ? ` (no ${d.precision} tensor cores on ${hw.id}: weight-only, dequantised to bf16, ×${CONSTANTS.weightOnlyComputeEfficiency} GEMM efficiency; memory still saved)` : ''}`,
  );
  const fit = r.fit;
  const o = fit.overheadParts;
  out.push(
    `memory: weights ${f(fit.weightsGB)} GB + overhead ${f(fit.overheadGB)} GB (runtime ${f(o.runtimeGB)}, activations ${f(o.activationsGB)}, engine reserve ${f(o.reserveGB)}) of ${f(fit.availableGB)} GB`,
  );
  if (!fit.fits) {
    out.push(`infeasible: ${fit.reason}`);
    return out;
  }
  const seq = w.inputTokens + w.outputTokens / 2;
  const kvTok = kvBytesPerToken(m, r.kvPrecision, seq) * r.kvRepl;
  const maxC = maxConcurrency(d, w);
  out.push(
    `KV cache: ${f(kvTok / 1024, 1)} KiB/token (${m.layers} layers × ${m.kvElementsPerTokenPerLayer ?? 2 * m.kvHeads * m.headDim} elements${r.kvRepl > 1 ? ` × ${f(r.kvRepl, 2)} replication` : ''}); free ${f(r.freeKvBytes / 1e9)} GB → ${f(fit.maxKvTokens, 0)} tokens → max concurrency ${maxC} at ${f(seq, 0)} tokens/sequence (engine cap ${CONSTANTS.engineMaxBatch[r.engine]})`,
  );
  const one = stepCost(r, 1, seq, 0, w.inputTokens);
  out.push(
    `decode at batch 1: reads ${f(one.bytes / 1e9, 2)} GB per step → ${ms(one.memS)} at ${f(c.mbu * c.enginePerf[r.engine], 2)} × ${f(r.peakBytesS / 1e9, 0)} GB/s; compute ${ms(one.computeS)}; all-reduce ${ms(one.commS)}; host ${ms(c.stepOverheadS[r.engine])} + ${f(c.seqOverheadS[r.engine] * 1e6, 0)} µs per running sequence`,
  );
  const islU = w.inputTokens * (1 - (w.cachedInputShare ?? 0));
  const prefillFlops = 2 * r.activeParams * islU;
  out.push(
    `prefill: 2 × ${f(m.paramsActiveB)}B active × ${f(islU, 0)} uncached tokens = ${f(prefillFlops / 1e12, 1)} TFLOP at ${f(c.mfu * c.enginePerf[r.engine], 2)} × ${f(r.peakFlops / 1e12, 0)} TFLOP/s`,
  );
  const conc = w.concurrency ?? Math.max(1, maxC);
  const op = operatingPoint(d, { ...w, concurrency: conc });
  if (!op.feasible) {
    out.push(`infeasible: ${op.reason}`);
    return out;
  }
  out.push(
    `at concurrency ${f(conc, 0)}: TPOT ${ms(op.tpotS)} (${op.computeBound ? 'compute' : 'memory'} bound), TTFT ${ms(op.ttftS)}, ${f(op.outputTokS, 0)} output tok/s (${f(op.outputTokS / d.count, 0)} per device), ${f(op.requestsPerS, 2)} req/s`,
  );
  out.push(
    `power: ${d.count} × (${f(idleWatts(hw), 0)} W idle + (${hw.tdpW} − idle) × activity ${f((op.powerW / d.count - idleWatts(hw)) / Math.max(1e-9, hw.tdpW - idleWatts(hw)), 2)}; activity = ${c.powerComputeWeight} × executed FLOP/s share + ${c.powerBandwidthWeight} × bandwidth share, at most the power limit) = ${f(op.powerW, 0)} W at ${f(op.clockShare * 100, 0)}% of rated clocks → ${f(op.energyPerOutputTokenJ, 3)} J/output token, ${f(op.energyPerRequestJ, 1)} J/request (devices only; host +${f(c.hostPowerOverhead * 100, 0)}%, then PUE)`,
  );
  return out;
}
