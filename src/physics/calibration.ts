// The performance model's named calibration factors. Few on purpose: everything else is physics
// (bytes, FLOPs, bandwidths, link speeds from the catalog). Fitted values and the fit are recorded
// below; refit with `npm run eval:planner -- --fit` (see /work/notes/readme-physics.md).
import type { Engine } from './types.js';

export interface Calibration {
  /** Host time per running sequence per step (scheduling, sampling, detokenising; Python engines pay most), s. */
  seqOverheadS: Record<Engine, number>;
  /** Fraction of peak dense FLOP/s reached by the matmuls of a large batch (prefill and decode). */
  mfu: number;
  /**
   * Share of `mfu` that fp8/int8/fp4 GEMMs keep of their doubled (quadrupled) peak: scaling epilogues,
   * quantising activations and the bf16 operators around them do not shrink with the format.
   */
  lowPrecisionMfuScale: number;
  /** Fraction of peak memory bandwidth reached while streaming weights and KV in decode. */
  mbu: number;
  /** Engine kernel/scheduler quality relative to TensorRT-LLM (multiplies mfu and mbu). */
  enginePerf: Record<Engine, number>;
  /** Routed-expert GEMMs' efficiency relative to dense GEMMs (routing, permutation, expert load imbalance). */
  moeEfficiency: number;
  /** Host time per engine step that the GPU does not overlap (scheduling, sampling, launch), s. */
  stepOverheadS: Record<Engine, number>;
  /** Fraction of the scale-up link bandwidth an all-reduce achieves, by link kind. */
  tpEfficiencyNvlink: number;
  tpEfficiencyPcie: number;
  /**
   * Device power = idle + (TDP − idle) × activity^powerUtilisationExponent, activity = min(1,
   * powerComputeWeight × achieved FLOP/s share + powerBandwidthWeight × achieved bandwidth share).
   */
  powerUtilisationExponent: number;
  /** Share of the dynamic power range drawn per unit of achieved peak-FLOP/s share (tensor cores). */
  powerComputeWeight: number;
  /** Share of the dynamic power range drawn per unit of achieved peak-bandwidth share (HBM streaming). */
  powerBandwidthWeight: number;
  /** Host (CPUs, memory, NICs, fans) power as a share of accelerator power, for system/IT energy. */
  hostPowerOverhead: number;
}

/**
 * Fitted on ../shared/calibration/measurements.csv (33 predictable rows) with `npm run eval:planner -- --fit`:
 * coordinate descent on the mean |ln(predicted/measured)| (capped at 1), throughput factors on the 29
 * throughput rows, then the power weights on the 4 energy rows. moeEfficiency and the power weights start
 * from their priors (0.7, 1.5, 0.6), the others from these values. Fit (2025 data, this catalog):
 *   mfu 0.606  lowPrecisionMfuScale 0.921  mbu 0.900  enginePerf.vllm 0.720  seqOverheadS.vllm 4.06e-5
 *   tpEfficiencyNvlink 0.843  moeEfficiency 0.375 (one row: MLPerf Mixtral; DeepSeek-V3 vLLM anchors agree)
 *   powerComputeWeight 2.73  powerBandwidthWeight 0.705  (powerUtilisationExponent fixed at 1: linear)
 *   in-sample median |error| throughput 9.8%, energy 8.7%; leave-one-out 10.9% / 21.4%.
 * Priors (not fitted: one row or none to fit them on): trtllm = 1 (reference), sglang, llamacpp, generic,
 * stepOverheadS, seqOverheadS except vllm, tpEfficiencyPcie, hostPowerOverhead.
 */
export const CALIBRATION: Calibration = {
  seqOverheadS: { trtllm: 2e-6, vllm: 41e-6, sglang: 15e-6, llamacpp: 10e-6, generic: 20e-6 },
  mfu: 0.606,
  lowPrecisionMfuScale: 0.921,
  mbu: 0.9,
  enginePerf: { trtllm: 1, vllm: 0.72, sglang: 0.8, llamacpp: 0.9, generic: 0.8 },
  moeEfficiency: 0.375,
  stepOverheadS: { trtllm: 0.0003, vllm: 0.001, sglang: 0.0008, llamacpp: 0.0005, generic: 0.001 },
  tpEfficiencyNvlink: 0.843,
  tpEfficiencyPcie: 0.5,
  powerUtilisationExponent: 1,
  powerComputeWeight: 2.73,
  powerBandwidthWeight: 0.705,
  hostPowerOverhead: 0.3,
};

/**
 * Engineering constants (not fitted; sources in readme-physics.md).
 */
export const CONSTANTS = {
  /** CUDA context, cuBLAS/NCCL workspaces and CUDA graphs per device, GB. */
  runtimeGBPerDevice: 1.5,
  /** Share of device memory the engine leaves unallocated (vLLM gpu_memory_utilization 0.9 → 0.1). */
  memoryReserveShare: 0.08,
  /** Tokens per engine step (vLLM/SGLang max_num_batched_tokens); sizes activations and prefill chunks. */
  maxBatchedTokens: 8192,
  /** Peak activation bytes per batched token per hidden unit (residual, QKV, MLP intermediate, bf16). */
  activationBytesPerTokenHidden: 20,
  /** Largest running batch by engine (max_num_seqs / max_batch_size defaults). */
  engineMaxBatch: { trtllm: 2048, vllm: 1024, sglang: 1024, llamacpp: 16, generic: 256 } as Record<
    Engine,
    number
  >,
  /** Fixed latency of one all-reduce, s, by link kind (NCCL small-message latency). */
  allReduceLatencyS: { nvlink: 8e-6, pcie: 25e-6, other: 15e-6 },
  /** Compute efficiency of weight-only quantised GEMMs (dequantise in the kernel: Marlin, AWQ). */
  weightOnlyComputeEfficiency: 0.8,
  /** Pipeline-parallel efficiency per extra stage beyond the link domain (bubbles). */
  pipelineEfficiency: 0.9,
  /** Idle power as a share of TDP when the catalog gives none (schema default). */
  idlePowerShare: 0.3,
  /** Memory-fit default: the replica must hold at least one sequence this long. */
  minContextTokens: 2048,
};
