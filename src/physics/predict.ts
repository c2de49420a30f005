// Predicting one measurement row: try each tensor-parallel layout the row allows, keep the best (an
// engineer picks the best layout for a benchmark), and report throughput or energy per output token.
import { bestOperatingPoint, maxConcurrency, operatingPoint } from './batching.js';
import { CALIBRATION, type Calibration, CONSTANTS } from './calibration.js';
import { isMoeRow, type RowPlan } from './measurements.js';
import type { Deployment, Infeasible, OperatingPoint } from './types.js';

export interface RowPrediction {
  predicted: number;
  /** e.g. "4×TP2 @c=512". */
  layout: string;
}

function throughputOf(plan: RowPlan, op: OperatingPoint, replicas: number): number {
  return plan.decodeOnly ? (replicas * op.concurrency) / op.tpotS : replicas * op.outputTokS;
}

/** The model's value for a row, or why every layout is infeasible. */
export function predictRow(plan: RowPlan, cal: Calibration = CALIBRATION): RowPrediction | Infeasible {
  let best:
    | { op: OperatingPoint; replicas: number; tp: number; tput: number; ep: boolean | undefined }
    | undefined;
  let why: Infeasible = { feasible: false, reason: 'no tensor-parallel layout divides the device count' };
  // An MoE model can run expert parallel with data-parallel attention or fully tensor parallel (TensorRT-LLM's
  // enable_attention_dp, SGLang's --enable-dp-attention): a benchmark reports the better of the two.
  // vLLM rows keep vLLM's default (tensor parallel), as measured.
  const moe = isMoeRow(plan) && CONSTANTS.expertParallel[plan.engine];
  const layouts = plan.tpOptions.flatMap(
    (tp): Array<{ tp: number; ep: boolean | undefined }> =>
      moe
        ? [
            { tp, ep: true },
            { tp, ep: false },
          ]
        : [{ tp, ep: undefined }],
  );
  for (const { tp, ep } of layouts) {
    const d: Deployment = {
      model: plan.model,
      hardware: plan.hardware,
      count: tp,
      precision: plan.precision,
      engine: plan.engine,
      ...(plan.powerLimitW !== undefined ? { powerLimitW: plan.powerLimitW } : {}),
      ...(ep !== undefined ? { expertParallel: ep } : {}),
    };
    const replicas = plan.hwCount / tp;
    const w = plan.workload;
    let op: OperatingPoint | Infeasible;
    if (plan.load.kind === 'concurrency')
      op = operatingPoint(d, { ...w, concurrency: plan.load.n / replicas }, cal);
    else if (plan.load.kind === 'latency') op = bestOperatingPoint(d, w, plan.load, cal);
    else op = operatingPoint(d, { ...w, concurrency: Math.max(1, maxConcurrency(d, w)) }, cal);
    if (!op.feasible) {
      why = op;
      continue;
    }
    const tput = throughputOf(plan, op, replicas);
    if (!best || tput > best.tput) best = { op, replicas, tp, tput, ep };
  }
  if (!best) return why;
  const kind = best.ep === true ? 'EP' : best.ep === false ? 'TP' : '';
  const layout = `${best.replicas}×TP${best.tp}${kind ? ` (${kind} MoE)` : ''} @c=${Math.round(best.op.concurrency)}`;
  if (plan.kind === 'throughput') return { predicted: best.tput, layout };
  const host = plan.energyScope === 'system' ? 1 + cal.hostPowerOverhead : 1;
  return { predicted: best.op.energyPerOutputTokenJ * host, layout };
}
