// Energy of one request from active parameters, tokens and hardware: the meter's basis for API models and
// the same physics the planner uses. First-order roofline at a reference operating point; see README
// ("How energy is estimated") for the method and the published measurements it is checked against.
import type { Hardware, Precision } from '../catalog/schema.js';

export interface EnergyBasis {
  /** Parameters used per token (MoE: active), billions. */
  activeParamsB: number;
  /** All parameters, billions (sets weight memory traffic for MoE at batch). */
  totalParamsB: number;
  hardware: Hardware;
  precision: Precision;
}

export interface RequestTokens {
  /** Prompt tokens that must be computed (not read from a prefix cache). */
  prefillTokens: number;
  /** Prompt tokens served from a prefix / prompt cache (cheap, not free). */
  cachedTokens: number;
  outputTokens: number;
}

export interface RequestEnergy {
  /** IT energy at the accelerator and its host share, Wh (PUE not included). */
  itWh: number;
  method: string;
}

/** Named calibration factors (fitted against ../shared/calibration/measurements.csv). */
export const ENERGY_CALIBRATION = {
  /** Concurrent sequences a production API serves per replica (reference batch). */
  referenceBatch: 64,
  /** Fraction of peak FLOPs reached in prefill. */
  prefillMfu: 0.45,
  /** Fraction of peak bandwidth reached in decode. */
  decodeMbu: 0.7,
  /** Host (CPU, memory, network, fans) power as a share of accelerator power. */
  hostOverhead: 0.3,
  /** Accelerator power draw as a share of TDP while serving. */
  busyPowerShare: 0.85,
};

const BYTES: Record<Precision, number> = { fp32: 4, bf16: 2, fp8: 1, int8: 1, int4: 0.5, fp4: 0.5 };

function peakTflops(hw: Hardware, p: Precision): number {
  const t = hw.tflops;
  if (p === 'fp8') return t.fp8 ?? t.bf16;
  if (p === 'int8') return t.int8 ?? t.fp8 ?? t.bf16;
  if (p === 'int4') return t.int4 ?? t.int8 ?? t.fp8 ?? t.bf16;
  if (p === 'fp4') return t.fp4 ?? t.fp8 ?? t.bf16;
  return t.bf16;
}

/** Energy for one request at the reference operating point of an API provider. */
export function requestEnergy(basis: EnergyBasis, tokens: RequestTokens): RequestEnergy {
  const c = ENERGY_CALIBRATION;
  const hw = basis.hardware;
  const bytesPerParam = BYTES[basis.precision];
  const weightGB = basis.totalParamsB * bytesPerParam;
  const devices = Math.max(1, Math.ceil((weightGB * 1.25) / hw.memoryGB));
  const powerW = devices * hw.tdpW * c.busyPowerShare * (1 + c.hostOverhead);
  const flopsPerToken = 2 * basis.activeParamsB * 1e9;
  const clusterFlops = devices * peakTflops(hw, basis.precision) * 1e12;
  const prefillS = (flopsPerToken * tokens.prefillTokens) / (clusterFlops * c.prefillMfu);
  // Cached prompt tokens skip the matmuls; attention over them still costs about a tenth.
  const cachedS = (flopsPerToken * tokens.cachedTokens * 0.1) / (clusterFlops * c.prefillMfu);
  // One decode step streams the active weights once for the whole batch; compute grows with the batch.
  const stepMemS =
    (basis.activeParamsB * 1e9 * bytesPerParam) / (devices * hw.bandwidthGBs * 1e9 * c.decodeMbu);
  const stepComputeS = (flopsPerToken * c.referenceBatch) / (clusterFlops * c.prefillMfu);
  const decodeSPerToken = Math.max(stepMemS, stepComputeS) / c.referenceBatch;
  const seconds = prefillS + cachedS + decodeSPerToken * tokens.outputTokens;
  return {
    itWh: (powerW * seconds) / 3600,
    method: `roofline@${hw.id}x${devices},${basis.precision},batch${c.referenceBatch}`,
  };
}
