// Roofline cost of one engine step (continuous batching: decode tokens of the running sequences plus
// prefill chunks): time = max(bytes / effective bandwidth, FLOPs / effective compute) + all-reduce + host.
import type { Precision } from '../catalog/schema.js';
import { CALIBRATION, type Calibration, CONSTANTS } from './calibration.js';
import {
  activationElementsPerToken,
  attentionBytes,
  embeddingParamsB,
  expertParamsB,
  kvBytesPerToken,
  kvPrecisionOf,
  kvReplication,
  memoryFit,
} from './memory.js';
import {
  allReduceSeconds,
  allToAllSeconds,
  expertParallel,
  type Parallelism,
  parallelism,
  routingImbalance,
} from './parallel.js';
import { BYTES, type ComputeFormat, computeFormat, SCALE_BYTES } from './precision.js';
import type { Deployment, Engine, MemoryFit } from './types.js';

/** Calibration-independent facts of a deployment, computed once per Deployment object. */
export interface Resolved {
  d: Deployment;
  engine: Engine;
  fit: MemoryFit;
  par: Parallelism;
  fmt: ComputeFormat;
  kvPrecision: Precision;
  kvRepl: number;
  /** Bytes read every step whatever the batch (attention, shared experts, dense layers, lm_head). */
  denseBytes: number;
  /** Routed-expert bytes (0 for dense models); a step reads the share its tokens touch. */
  expertBytes: number;
  /** Expert-parallel group (1 = tensor parallel): each device then reads its own copy of the attention weights. */
  ep: number;
  /** Bytes the replica reads beyond one copy of the weights: the other devices' attention copies (DP attention). */
  replicatedBytes: number;
  /** Experts active per token / experts (1 for dense). */
  routeShare: number;
  /** Parameters used per token. */
  activeParams: number;
  /** Routed-expert parameters used per token (0 for dense models). */
  expertActiveParams: number;
  /** attentionHeads × headDim. */
  attnDim: number;
  /**
   * Activation element reads + writes a token makes in HBM per forward pass across the replica (memory.ts,
   * CONSTANTS.activationPasses): tensor-parallel ranks each repeat the hidden-state part (norms, residuals);
   * with data-parallel attention each token lives on one rank.
   */
  actElements: number;
  /** Replica peaks. */
  peakFlops: number;
  /** Replica bf16 peak (attention runs in bf16 whatever the weight format). */
  peakFlopsBf16: number;
  peakBytesS: number;
  /** Free bytes for KV once weights and overheads are placed. */
  freeKvBytes: number;
}

const cache = new WeakMap<Deployment, Resolved>();

function actElementsOf(m: Deployment['model'], tp: number, ep: number): number {
  const a = activationElementsPerToken(m);
  return a.hidden * (ep > 1 ? 1 : tp) + a.rest;
}

/** Static facts of `d` (memoised per Deployment object; do not mutate a Deployment after use). */
export function resolve(d: Deployment): Resolved {
  const hit = cache.get(d);
  if (hit) return hit;
  const m = d.model;
  const fit = memoryFit(d);
  const count = Math.max(1, Math.floor(d.count));
  const par = parallelism(d.hardware, count);
  const fmt = computeFormat(d.hardware, d.precision);
  const kvPrecision = kvPrecisionOf(d);
  const perParam = BYTES[d.precision] + SCALE_BYTES[d.precision];
  const emb = embeddingParamsB(m);
  const experts = expertParamsB(m);
  const routeShare = experts > 0 && m.moe ? m.moe.activePerToken / m.moe.experts : 1;
  const expertBytes = experts * perParam * 1e9;
  const ep = expertParallel(d);
  // The input embedding is a lookup (a few rows per step); lm_head (half of `emb`) is read in full.
  const denseBytes =
    ((m.paramsTotalB - emb - experts) * perParam + (emb / 2) * Math.max(BYTES[d.precision], 2)) * 1e9;
  const r: Resolved = {
    d,
    engine: d.engine ?? 'vllm',
    fit,
    par,
    fmt,
    kvPrecision,
    kvRepl: kvReplication(m, par.tp, ep > 1),
    denseBytes: Math.max(0, denseBytes),
    expertBytes,
    ep,
    replicatedBytes: ep > 1 ? attentionBytes(m, d.precision) * (ep - 1) : 0,
    routeShare,
    activeParams: m.paramsActiveB * 1e9,
    expertActiveParams: Math.min(experts * routeShare, m.paramsActiveB) * 1e9,
    attnDim: m.attentionHeads * m.headDim,
    actElements: actElementsOf(m, par.tp, expertParallel(d)),
    peakFlops: count * fmt.tflops * 1e12,
    peakFlopsBf16: count * d.hardware.tflops.bf16 * 1e12,
    peakBytesS: count * d.hardware.bandwidthGBs * 1e9,
    freeKvBytes: Math.max(0, fit.availableGB - fit.weightsGB - fit.overheadGB) * 1e9,
  };
  cache.set(d, r);
  return r;
}

export interface StepCost {
  stepS: number;
  /** Time the step's bytes would take at effective bandwidth, s. */
  memS: number;
  /** Time the step's FLOPs would take at effective compute, s. */
  computeS: number;
  commS: number;
  /** Bytes read from device memory (weights touched + KV). */
  bytes: number;
  /** Roofline occupancy: the step's ideal time at peak (per operator, binding resource) / step time. */
  utilisation: number;
  /** Executed share of peak FLOP/s over the step (each operator's FLOPs at its format's peak / step time). */
  computeUtilisation: number;
  /** Executed share of peak memory bandwidth over the step (bytes at peak bandwidth / step time). */
  bandwidthUtilisation: number;
}

/**
 * One step with `decodeSeqs` sequences decoding at average context `ctx` and `prefillTokens` prompt tokens
 * (from prompts of length `promptLen`) riding along. Operators run one after another, so the step is the
 * sum of per-operator rooflines: linear layers max(weights read, GEMM FLOPs at the weight format),
 * decode attention max(KV read, FLOPs at bf16), prefill attention (bf16 FLOPs), then all-reduce and host time.
 */
export function stepCost(
  r: Resolved,
  decodeSeqs: number,
  ctx: number,
  prefillTokens: number,
  promptLen: number,
  cal: Calibration = CALIBRATION,
  kvPerToken: number = kvBytesPerToken(r.d.model, r.kvPrecision, ctx) * r.kvRepl,
  clock = 1,
): StepCost {
  const m = r.d.model;
  const tokens = decodeSeqs + prefillTokens;
  const touched = r.routeShare >= 1 ? 1 : 1 - (1 - r.routeShare) ** Math.max(tokens, 1);
  const expertRead = r.expertBytes * touched;
  // Data-parallel attention: every device of the expert-parallel group streams its own copy of the attention
  // weights each step (the group's bandwidth is shared, so the copies add up).
  const denseRead = r.denseBytes + r.replicatedBytes;
  const weightRead = denseRead + expertRead;
  const kvRead = decodeSeqs * ctx * kvPerToken;
  const gemmFlops = 2 * r.activeParams * tokens;
  const expertFlops = 2 * r.expertActiveParams * tokens;
  const attnDecodeFlops = 4 * m.layers * r.attnDim * decodeSeqs * ctx;
  const attnPrefillFlops = 2 * m.layers * r.attnDim * prefillTokens * promptLen;
  const engine = cal.enginePerf[r.engine];
  const pipe = CONSTANTS.pipelineEfficiency ** (r.par.pp - 1);
  const wo = r.fmt.weightOnly ? CONSTANTS.weightOnlyComputeEfficiency : 1;
  const bw = r.peakBytesS * cal.mbu * engine * pipe;
  const narrow = r.fmt.compute === 'fp8' || r.fmt.compute === 'int8' || r.fmt.compute === 'fp4';
  // `clock` (≤ 1): the share of rated clocks a power cap leaves (batching.ts); compute slows with it, HBM does not.
  const gemmRate =
    r.peakFlops * cal.mfu * engine * pipe * wo * (narrow ? cal.lowPrecisionMfuScale : 1) * clock;
  const attnRate = r.peakFlopsBf16 * cal.mfu * engine * pipe * clock;
  // Dense linear layers, then the routed experts (grouped GEMMs with routing, permutation and load
  // imbalance run at moeEfficiency of a dense GEMM's rates). Expert parallel: the step waits for the busiest
  // rank, so expert time scales by the routing imbalance.
  const moe = cal.moeEfficiency;
  const imbalance = routingImbalance(r.ep, tokens, m, cal);
  // FP4 grouped expert GEMMs (block-scaled MMA: large tiles, activations quantised per tile) need many
  // tokens per expert to approach their peak; fine-grained MoE (Qwen3: 128 experts, 8 active) gives each
  // expert few per step. Half the FP4 rate at moeHalfRateTokens tokens per expert. Wider formats are bound
  // by streaming the experts' weights at these batch sizes, which the bytes term already prices.
  const perExpert = m.moe ? (Math.max(tokens, 1) * m.moe.activePerToken) / m.moe.experts : 0;
  const tile = r.fmt.compute === 'fp4' ? perExpert / (perExpert + cal.moeHalfRateTokens) : 1;
  const linearS =
    Math.max(denseRead / bw, (gemmFlops - expertFlops) / gemmRate) +
    (expertRead > 0
      ? imbalance * Math.max(expertRead / (bw * moe), expertFlops / (gemmRate * moe * tile))
      : 0);
  const attnS = Math.max(kvRead / bw, attnDecodeFlops / attnRate) + attnPrefillFlops / attnRate;
  // Activations between the kernels (norms, residuals, SwiGLU, MoE permute/combine) stream through HBM in
  // bf16: small in bytes per token, but at large batch they are what a narrow model's step waits on beyond
  // its GEMMs. Split across the replica's devices like the batch.
  const actBytes = tokens * r.actElements * 2;
  const actS = actBytes / bw;
  // Tensor parallel all-reduces, or (expert parallel, DP attention) the experts' all-to-all dispatch/combine.
  const commS =
    r.ep > 1 ? allToAllSeconds(r.par, r.ep, tokens, m, cal) : allReduceSeconds(r.par, tokens, m, cal);
  const hostS = cal.stepOverheadS[r.engine] + cal.seqOverheadS[r.engine] * decodeSeqs;
  const stepS = linearS + attnS + actS + commS + hostS;
  // Work the silicon executes (what draws power): routed experts execute 1/moeEfficiency of their useful
  // bytes and FLOPs (padded tiles, permuted copies), at the device's peak rates.
  const memPeakS = (denseRead + expertRead / moe + kvRead + actBytes) / r.peakBytesS;
  const computePeakS =
    (gemmFlops - expertFlops + expertFlops / moe) / r.peakFlops +
    (attnDecodeFlops + attnPrefillFlops) / r.peakFlopsBf16;
  const ideal =
    Math.max(denseRead / r.peakBytesS, (gemmFlops - expertFlops) / r.peakFlops) +
    Math.max(expertRead / r.peakBytesS, expertFlops / r.peakFlops) +
    Math.max(kvRead / r.peakBytesS, attnDecodeFlops / r.peakFlopsBf16) +
    attnPrefillFlops / r.peakFlopsBf16 +
    actBytes / r.peakBytesS;
  return {
    stepS,
    memS: (denseRead + expertRead / moe + kvRead + actBytes) / bw,
    computeS:
      (gemmFlops - expertFlops + expertFlops / moe) / gemmRate +
      (attnDecodeFlops + attnPrefillFlops) / attnRate,
    commS,
    bytes: weightRead + kvRead + actBytes,
    utilisation: Math.min(1, ideal / stepS),
    computeUtilisation: Math.min(1, computePeakS / stepS),
    bandwidthUtilisation: Math.min(1, memPeakS / stepS),
  };
}
