// Shared types of the performance model: a deployment (model × hardware × count × precision × engine),
// a workload shape, and what the model answers (memory fit, operating point, or why it is infeasible).
import type { Hardware, ModelFacts, Precision } from '../catalog/schema.js';

export type Engine = 'vllm' | 'sglang' | 'trtllm' | 'llamacpp' | 'generic';

/** One replica: `count` devices holding one copy of the model (tensor / expert parallel). */
export interface Deployment {
  model: ModelFacts;
  hardware: Hardware;
  /** Devices per replica (tensor/expert parallel; beyond the link domain, pipeline stages). */
  count: number;
  /** Weight precision. */
  precision: Precision;
  /** KV-cache precision; defaults to bf16, fp8 when the weights are fp8/fp4. */
  kvPrecision?: Precision;
  engine?: Engine;
  /** Per-device power limit, W (nvidia-smi -pl, MaxQ, higher-TDP custom thermals); default the catalog TDP. */
  powerLimitW?: number;
  /**
   * MoE layout: true = expert parallel with data-parallel attention, false = tensor-parallel attention and
   * experts; default the engine's habit (CONSTANTS.expertParallel).
   */
  expertParallel?: boolean;
  /**
   * How the engine admits a sequence against the KV cache: 'reserve' holds room for its whole prompt + output
   * from admission (TensorRT-LLM's default GUARANTEED_NO_EVICT), 'on-demand' grows it block by block and
   * preempts when full (vLLM, SGLang, TensorRT-LLM MAX_UTILIZATION); default the engine's
   * (CONSTANTS.kvAdmission).
   */
  kvAdmission?: KvAdmission;
}

export type KvAdmission = 'reserve' | 'on-demand';

/** Request shape: average tokens per request. */
export interface Workload {
  inputTokens: number;
  outputTokens: number;
  /** Share of input tokens served from a prefix cache (0..1): no prefill compute, still in the KV cache. */
  cachedInputShare?: number;
}

/** A workload at a given number of requests in flight per replica. */
export interface LoadedWorkload extends Workload {
  concurrency: number;
}

export interface MemoryFit {
  fits: boolean;
  /** Weights at the precision (quantised checkpoints keep embeddings and lm_head in 16-bit). */
  weightsGB: number;
  /** KV bytes per token / 1e9, at the context the fit was asked for. */
  kvGBPerToken: number;
  /** Runtime, activations and framework reserve, named in `overheadParts`. */
  overheadGB: number;
  overheadParts: { runtimeGB: number; activationsGB: number; reserveGB: number };
  /** Total device memory × count. */
  availableGB: number;
  /** Tokens of KV cache that fit in what is left (0 when nothing is left). */
  maxKvTokens: number;
  reason?: string;
}

export interface OperatingPoint {
  feasible: true;
  concurrency: number;
  /** Mean time to first token, s (prefill, chunk interference and the wait for a running step). */
  ttftS: number;
  /** Mean time per output token, s (one decode step of the mixed batch). */
  tpotS: number;
  /** Replica totals. */
  outputTokS: number;
  inputTokS: number;
  requestsPerS: number;
  /** Power of all devices of the replica at this utilisation, W (no host, no PUE). */
  powerW: number;
  /** Device energy per output token, J (prefill energy included). */
  energyPerOutputTokenJ: number;
  energyPerRequestJ: number;
  computeBound: boolean;
  /** Achieved fraction of the binding peak (FLOPs or bandwidth), 0..1: what sets the power. */
  utilisation: number;
  /** Share of rated clocks the power limit leaves (1 = rated; below 1 the GPU is power-capped). */
  clockShare: number;
}

export interface Infeasible {
  feasible: false;
  reason: string;
  needGB?: number;
  haveGB?: number;
}

/** True when the answer is an operating point rather than an infeasibility. */
export function isFeasible(r: OperatingPoint | Infeasible): r is OperatingPoint {
  return r.feasible;
}
