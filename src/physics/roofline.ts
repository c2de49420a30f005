// Roofline cost of one engine step (continuous batching: decode tokens of the running sequences plus
// prefill chunks): time = max(bytes / effective bandwidth, FLOPs / effective compute) + all-reduce + host.
import type { Precision } from '../catalog/schema.js';
import { CALIBRATION, type Calibration, CONSTANTS } from './calibration.js';
import { embeddingParamsB, kvBytesPerToken, kvPrecisionOf, kvReplication, memoryFit } from './memory.js';
import { allReduceSeconds, type Parallelism, parallelism } from './parallel.js';
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
  /** Experts active per token / experts (1 for dense). */
  routeShare: number;
  /** Parameters used per token. */
  activeParams: number;
  /** Routed-expert parameters used per token (0 for dense models). */
  expertActiveParams: number;
  /** attentionHeads × headDim. */
  attnDim: number;
  /** Replica peaks. */
  peakFlops: number;
  /** Replica bf16 peak (attention runs in bf16 whatever the weight format). */
  peakFlopsBf16: number;
  peakBytesS: number;
  /** Free bytes for KV once weights and overheads are placed. */
  freeKvBytes: number;
}

const cache = new WeakMap<Deployment, Resolved>();

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
  let routeShare = 1;
  let expertParamsB = 0;
  if (m.moe && m.moe.activePerToken < m.moe.experts && m.paramsTotalB > m.paramsActiveB) {
    routeShare = m.moe.activePerToken / m.moe.experts;
    expertParamsB = Math.min((m.paramsTotalB - m.paramsActiveB) / (1 - routeShare), m.paramsTotalB - emb);
  }
  const expertBytes = expertParamsB * perParam * 1e9;
  // The input embedding is a lookup (a few rows per step); lm_head (half of `emb`) is read in full.
  const denseBytes =
    ((m.paramsTotalB - emb - expertParamsB) * perParam + (emb / 2) * Math.max(BYTES[d.precision], 2)) * 1e9;
  const r: Resolved = {
    d,
    engine: d.engine ?? 'vllm',
    fit,
    par,
    fmt,
    kvPrecision,
    kvRepl: kvReplication(m, par.tp),
    denseBytes: Math.max(0, denseBytes),
    expertBytes,
    routeShare,
    activeParams: m.paramsActiveB * 1e9,
    expertActiveParams: Math.min(expertParamsB * routeShare, m.paramsActiveB) * 1e9,
    attnDim: m.attentionHeads * m.headDim,
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
): StepCost {
  const m = r.d.model;
  const tokens = decodeSeqs + prefillTokens;
  const touched = r.routeShare >= 1 ? 1 : 1 - (1 - r.routeShare) ** Math.max(tokens, 1);
  const expertRead = r.expertBytes * touched;
  const weightRead = r.denseBytes + expertRead;
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
  const gemmRate = r.peakFlops * cal.mfu * engine * pipe * wo * (narrow ? cal.lowPrecisionMfuScale : 1);
  const attnRate = r.peakFlopsBf16 * cal.mfu * engine * pipe;
  // Dense linear layers, then the routed experts (grouped GEMMs with routing, permutation and load
  // imbalance run at moeEfficiency of a dense GEMM's rates).
  const moe = cal.moeEfficiency;
  const linearS =
    Math.max(r.denseBytes / bw, (gemmFlops - expertFlops) / gemmRate) +
    (expertRead > 0 ? Math.max(expertRead / (bw * moe), expertFlops / (gemmRate * moe)) : 0);
  const attnS = Math.max(kvRead / bw, attnDecodeFlops / attnRate) + attnPrefillFlops / attnRate;
  const commS = allReduceSeconds(r.par, tokens, m, cal);
  const hostS = cal.stepOverheadS[r.engine] + cal.seqOverheadS[r.engine] * decodeSeqs;
  const stepS = linearS + attnS + commS + hostS;
  // Work the silicon executes (what draws power): routed experts execute 1/moeEfficiency of their useful
  // bytes and FLOPs (padded tiles, permuted copies), at the device's peak rates.
  const memPeakS = (r.denseBytes + expertRead / moe + kvRead) / r.peakBytesS;
  const computePeakS =
    (gemmFlops - expertFlops + expertFlops / moe) / r.peakFlops +
    (attnDecodeFlops + attnPrefillFlops) / r.peakFlopsBf16;
  const ideal =
    Math.max(r.denseBytes / r.peakBytesS, (gemmFlops - expertFlops) / r.peakFlops) +
    Math.max(expertRead / r.peakBytesS, expertFlops / r.peakFlops) +
    Math.max(kvRead / r.peakBytesS, attnDecodeFlops / r.peakFlopsBf16) +
    attnPrefillFlops / r.peakFlopsBf16;
  return {
    stepS,
    memS: (r.denseBytes + expertRead / moe + kvRead) / bw,
    computeS:
      (gemmFlops - expertFlops + expertFlops / moe) / gemmRate +
      (attnDecodeFlops + attnPrefillFlops) / attnRate,
    commS,
    bytes: weightRead + kvRead,
    utilisation: Math.min(1, ideal / stepS),
    computeUtilisation: Math.min(1, computePeakS / stepS),
    bandwidthUtilisation: Math.min(1, memPeakS / stepS),
  };
}
