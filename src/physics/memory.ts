// Memory: weight bytes at a precision, KV-cache bytes per token (GQA, MLA, sliding window), and whether a
// replica fits with room for the KV cache. The numbers behind "needs 141 GB, 1× L4 has 24 GB".
import type { ModelFacts, Precision } from '../catalog/schema.js';
import { CONSTANTS } from './calibration.js';
import { checkLayout, expertParallel, parallelism } from './parallel.js';
import { BYTES, defaultKvPrecision, SCALE_BYTES } from './precision.js';
import type { Deployment, MemoryFit } from './types.js';

/** Input embedding + lm_head parameters (billions), capped at half the model (tied or small models). */
export function embeddingParamsB(m: ModelFacts): number {
  return Math.min((2 * m.vocabSize * m.hiddenSize) / 1e9, m.paramsTotalB / 2);
}

/** Weight bytes: quantised checkpoints keep embeddings and lm_head in 16-bit and carry group scales. */
export function weightBytes(m: ModelFacts, p: Precision): number {
  const emb = embeddingParamsB(m);
  const perParam = BYTES[p] + SCALE_BYTES[p];
  return ((m.paramsTotalB - emb) * perParam + emb * Math.max(BYTES[p], 2)) * 1e9;
}

/**
 * Routed-expert parameters (billions) of an MoE model: what is not active per token, over the share of
 * experts a token skips (0 for dense models). The rest (attention, shared experts, dense layers,
 * embeddings) every token uses.
 */
export function expertParamsB(m: ModelFacts): number {
  const moe = routedExperts(m);
  if (!moe || m.paramsTotalB <= m.paramsActiveB) return 0;
  const routeShare = moe.activePerToken / moe.experts;
  return Math.min(
    (m.paramsTotalB - m.paramsActiveB) / (1 - routeShare),
    m.paramsTotalB - embeddingParamsB(m),
  );
}

/**
 * Activation elements one token moves through HBM per forward pass, summed over layers (bf16 between the
 * kernels; CONSTANTS.activationPasses counts the reads and writes of each): every layer's hidden state
 * (norms, residual adds, attention and MLP inputs/outputs), its MLP's active intermediate (gate/up output,
 * SiLU·mul, down input) and, in an MoE layer, the token's copies to and from each of its k experts (permute,
 * combine). The active intermediate width comes from the parameter count: (active non-embedding parameters
 * per layer − attention projections) / (3 × hidden), a SwiGLU MLP. `hidden` is repeated on every
 * tensor-parallel rank; `rest` is split across them.
 */
export function activationElementsPerToken(m: ModelFacts): { hidden: number; rest: number } {
  const h = m.hiddenSize;
  const attn = attentionParamsPerLayer(m);
  const perLayer = ((m.paramsActiveB - embeddingParamsB(m)) * 1e9) / m.layers;
  const intermediate = Math.max(0, (perLayer - attn) / (3 * h));
  const routed = routedExperts(m);
  const moeLayers = routed ? (routed.layers ?? m.layers) : 0;
  const c = CONSTANTS.activationPasses;
  return {
    hidden: c.hidden * m.layers * h,
    rest:
      c.intermediate * m.layers * intermediate + c.expertCopy * moeLayers * (routed?.activePerToken ?? 0) * h,
  };
}

/** The model's routed experts, if it has any (an MoE whose tokens each use fewer experts than it has). */
export function routedExperts(m: ModelFacts): ModelFacts['moe'] {
  return m.moe && m.moe.activePerToken < m.moe.experts ? m.moe : undefined;
}

/** Attention projection parameters (Q, K, V, O) of one layer. */
function attentionParamsPerLayer(m: ModelFacts): number {
  const q = m.attentionHeads * m.headDim;
  const kv = m.kvHeads * m.headDim;
  return m.hiddenSize * (2 * q + 2 * kv);
}

/** Attention projection bytes (Q, K, V, O of every layer) at a precision. */
export function attentionBytes(m: ModelFacts, p: Precision): number {
  return m.layers * attentionParamsPerLayer(m) * (BYTES[p] + SCALE_BYTES[p]);
}

/**
 * Weight bytes a replica stores: with expert parallelism and data-parallel attention every device of the
 * group keeps its own copy of the attention weights; experts are split across the group and the other dense
 * weights (shared experts, dense layers) tensor-parallel as usual.
 */
export function replicaWeightBytes(d: Deployment): number {
  const all = weightBytes(d.model, d.precision);
  const ep = expertParallel(d);
  return ep <= 1 ? all : all + attentionBytes(d.model, d.precision) * (ep - 1);
}

/**
 * KV-cache bytes per token: layers × (2 × kvHeads × headDim, or the MLA latent width) × bytes. Sliding-window
 * layers hold at most `window` tokens, so with `contextTokens` given they count window/context of a token;
 * without it every layer counts fully (an upper bound).
 */
export function kvBytesPerToken(model: ModelFacts, kvPrecision: Precision, contextTokens?: number): number {
  const elems = model.kvElementsPerTokenPerLayer ?? 2 * model.kvHeads * model.headDim;
  const sw = model.slidingWindow;
  let layers = model.layers;
  if (sw && contextTokens !== undefined && contextTokens > 0) {
    const swLayers = Math.min(sw.layers, model.layers);
    layers = model.layers - swLayers + swLayers * Math.min(1, sw.window / contextTokens);
  }
  return layers * elems * BYTES[kvPrecision];
}

/**
 * How many copies of each token's KV the replica stores: tensor parallel beyond the KV-head count
 * replicates heads; MLA's shared latent is replicated on every tensor-parallel rank (vLLM/TRT-LLM default).
 */
export function kvReplication(model: ModelFacts, tp: number, dpAttention = false): number {
  // Data-parallel attention keeps each sequence's KV on the one device that runs it.
  if (dpAttention) return 1;
  if (model.kvElementsPerTokenPerLayer !== undefined) return tp;
  return Math.max(1, tp / model.kvHeads);
}

/** The replica's KV precision (explicit, or the default for its weight precision). */
export function kvPrecisionOf(d: Deployment): Precision {
  return d.kvPrecision ?? defaultKvPrecision(d.precision);
}

const gb = (x: number): string => (x >= 10 ? x.toFixed(0) : x.toFixed(1));

/** Does the replica hold the weights, its overheads and at least one `minContextTokens` sequence? */
export function memoryFit(d: Deployment, opts: { minContextTokens?: number } = {}): MemoryFit {
  const minCtx = Math.max(
    1,
    opts.minContextTokens ?? Math.min(CONSTANTS.minContextTokens, d.model.contextLength),
  );
  const count = Math.max(1, Math.floor(d.count));
  const par = parallelism(d.hardware, count);
  const availableGB = d.hardware.memoryGB * count;
  const dp = expertParallel(d) > 1;
  const weightsGB = replicaWeightBytes(d) / 1e9;
  const runtimeGB = CONSTANTS.runtimeGBPerDevice * count;
  // Activation buffers per tensor-parallel group, or per device when each runs its own batch (DP attention).
  const activationsGB =
    (dp ? count : count / par.tp) *
    ((CONSTANTS.maxBatchedTokens * d.model.hiddenSize * CONSTANTS.activationBytesPerTokenHidden) / 1e9);
  const reserveGB = CONSTANTS.memoryReserveShare * availableGB;
  const overheadGB = runtimeGB + activationsGB + reserveGB;
  const kvBytes = kvBytesPerToken(d.model, kvPrecisionOf(d), minCtx) * kvReplication(d.model, par.tp, dp);
  const freeGB = availableGB - weightsGB - overheadGB;
  const maxKvTokens = freeGB > 0 ? Math.floor((freeGB * 1e9) / kvBytes) : 0;
  const base = {
    weightsGB,
    kvGBPerToken: kvBytes / 1e9,
    overheadGB,
    overheadParts: { runtimeGB, activationsGB, reserveGB },
    availableGB,
    maxKvTokens,
  };
  const layout = checkLayout(d.model, d.hardware, d.count, dp);
  if (layout) return { ...base, fits: false, reason: layout };
  const where = `${count}× ${d.hardware.id} has ${gb(availableGB)} GB`;
  if (freeGB <= 0) {
    return {
      ...base,
      fits: false,
      reason: `needs ${gb(weightsGB + overheadGB)} GB for weights (${gb(weightsGB)} GB at ${d.precision}) + overhead (${gb(overheadGB)} GB), ${where}`,
    };
  }
  if (maxKvTokens < minCtx) {
    const needGB = weightsGB + overheadGB + (minCtx * kvBytes) / 1e9;
    return {
      ...base,
      fits: false,
      reason: `needs ${gb(needGB)} GB for weights + overhead + KV of one ${minCtx}-token sequence, ${where}`,
    };
  }
  return { ...base, fits: true };
}
