// Parallelism: tensor parallel inside the fast link domain, pipeline stages beyond it, and the cost of the
// per-layer all-reduces over the interconnect (NVLink fast; PCIe slow, so PCIe tensor parallel scales poorly).
import type { Hardware, ModelFacts } from '../catalog/schema.js';
import { CALIBRATION, type Calibration, CONSTANTS } from './calibration.js';
import type { Deployment } from './types.js';

export interface Parallelism {
  /** Tensor-parallel group size (inside one link domain). */
  tp: number;
  /** Pipeline stages (groups beyond the link domain). */
  pp: number;
  /** True for NVLink-class links (NVLink, Infinity Fabric, ICI); false for PCIe/Ethernet. */
  fastLink: boolean;
  /** Scale-up link bandwidth per device, bytes/s (one direction). */
  linkBytesS: number;
  /** Fixed latency per all-reduce, s. */
  latencyS: number;
}

/** The layout of `count` devices: tensor parallel up to the link domain, pipeline stages above it. */
export function parallelism(hw: Hardware, count: number): Parallelism {
  const n = Math.max(1, Math.floor(count));
  const tp = Math.min(n, Math.max(1, hw.interconnect.maxGroup));
  const pp = Math.max(1, Math.ceil(n / tp));
  const kind = hw.interconnect.kind;
  const fastLink = kind === 'nvlink' || kind === 'infinity-fabric' || kind === 'ici' || kind === 'unified';
  const latencyS =
    kind === 'nvlink'
      ? CONSTANTS.allReduceLatencyS.nvlink
      : fastLink
        ? CONSTANTS.allReduceLatencyS.other
        : CONSTANTS.allReduceLatencyS.pcie;
  return { tp, pp, fastLink, linkBytesS: hw.interconnect.bandwidthGBs * 1e9, latencyS };
}

/**
 * Expert-parallel group size: a mixture-of-experts model on an engine that shards experts across the fast-link
 * group (each device holds 1/ep of the experts and runs attention and the dense layers for its own share of
 * the sequences, with a full copy of those weights); 1 = tensor parallel throughout.
 */
export function expertParallel(d: Deployment): number {
  const m = d.model;
  if (!m.moe || m.moe.activePerToken >= m.moe.experts) return 1;
  if (!(d.expertParallel ?? CONSTANTS.expertParallel[d.engine ?? 'vllm'])) return 1;
  return parallelism(d.hardware, d.count).tp;
}

/**
 * Seconds per engine step of expert-parallel all-to-all: every MoE layer sends each token's activation to the
 * ranks of its k experts and back (dispatch + combine, bf16), (ep−1)/ep of it over the link, plus latency.
 */
export function allToAllSeconds(
  p: Parallelism,
  ep: number,
  tokens: number,
  model: ModelFacts,
  cal: Calibration = CALIBRATION,
): number {
  if (ep <= 1 || !model.moe) return 0;
  const perDevice = (tokens / ep) * model.moe.activePerToken * model.hiddenSize * 2;
  const busBytesS = p.linkBytesS * (p.fastLink ? cal.tpEfficiencyNvlink : cal.tpEfficiencyPcie);
  const perCall = p.latencyS + ((ep - 1) / ep) * (perDevice / busBytesS);
  return 2 * (model.moe.layers ?? model.layers) * perCall;
}

/**
 * The busiest expert-parallel rank's load over the mean: routing skew × the random imbalance of `tokens`
 * assignments (k per token) spread over `ep` ranks (Poisson maximum ≈ μ + √(2 ln ep · μ)).
 */
export function routingImbalance(
  ep: number,
  tokens: number,
  model: ModelFacts,
  cal: Calibration = CALIBRATION,
): number {
  if (ep <= 1 || !model.moe) return 1;
  const mean = Math.max(1, (tokens * model.moe.activePerToken) / ep);
  return cal.moeSkew * (1 + Math.sqrt((2 * Math.log(ep)) / mean));
}

/** Why a device count cannot hold this model as one replica, or undefined when it can. */
export function checkLayout(
  model: ModelFacts,
  hw: Hardware,
  count: number,
  dpAttention = false,
): string | undefined {
  if (!Number.isInteger(count) || count < 1) return `device count must be a whole number ≥ 1 (got ${count})`;
  const { tp, pp } = parallelism(hw, count);
  if (tp * pp !== count)
    return `${count} devices do not split into groups of ${tp} (the ${hw.interconnect.kind} domain of ${hw.id})`;
  if (tp > 1 && !dpAttention && model.attentionHeads % tp !== 0) {
    return `tensor parallel ${tp} does not divide ${model.id}'s ${model.attentionHeads} attention heads`;
  }
  if (pp > model.layers) return `${pp} pipeline stages exceed ${model.id}'s ${model.layers} layers`;
  return undefined;
}

/**
 * Seconds of all-reduce per engine step: two per layer (attention out, MLP out), ring algorithm moving
 * 2(tp−1)/tp of the bf16 activations of every token in the step, plus a fixed latency each.
 */
export function allReduceSeconds(
  p: Parallelism,
  tokens: number,
  model: ModelFacts,
  cal: Calibration = CALIBRATION,
): number {
  if (p.tp <= 1) return 0;
  const bytes = tokens * model.hiddenSize * 2;
  const busBytesS = p.linkBytesS * (p.fastLink ? cal.tpEfficiencyNvlink : cal.tpEfficiencyPcie);
  const perCall = p.latencyS + ((2 * (p.tp - 1)) / p.tp) * (bytes / busBytesS);
  return 2 * model.layers * perCall;
}
