// Energy of one request from the same performance and power model the planner uses: the request runs on
// a reference deployment (smallest power-of-two replica of the hardware that fits) at a reference
// concurrency, and pays its share of the replica's power for the time it occupies a slot.
import type { Hardware, ModelFacts, Precision } from '../catalog/schema.js';
import { operatingPoint } from './batching.js';
import { CALIBRATION } from './calibration.js';
import { memoryFit } from './memory.js';
import type { Deployment, Engine } from './types.js';

export interface EnergyBasis {
  /** Parameters used per token (MoE: active), billions. */
  activeParamsB: number;
  /** All parameters, billions (sets weight memory traffic for MoE at batch). */
  totalParamsB: number;
  hardware: Hardware;
  precision: Precision;
  /** Architecture, when known (open-weight models); otherwise a dense-equivalent shape is assumed. */
  model?: ModelFacts;
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

/** Where an API provider is assumed to run a model (documented in readme-physics.md). */
export const ENERGY_REFERENCE = {
  /** Requests in flight per replica: a busy production API. */
  concurrency: 64,
  engine: 'vllm' as Engine,
};

/**
 * A dense-equivalent architecture for a model known only by its parameter counts: hidden size from
 * params ≈ 12 · layers · hidden² with layers ≈ hidden / 128 (the Llama/Qwen aspect ratio), GQA with 8 KV
 * heads of 128, and an MoE router sized to the active share.
 */
export function syntheticFacts(activeParamsB: number, totalParamsB: number): ModelFacts {
  const p = activeParamsB * 1e9;
  // Rounded to 1024 so the head count (hidden / 128) splits over any tensor-parallel group of up to 8.
  const hidden = Math.max(1024, Math.round(Math.cbrt((p * 128) / 12) / 1024) * 1024);
  const layers = Math.max(2, Math.round(p / (12 * hidden * hidden)));
  const total = Math.max(totalParamsB, activeParamsB);
  const experts = 64;
  const moe =
    total > activeParamsB * 1.2
      ? { moe: { experts, activePerToken: Math.max(1, Math.round((experts * activeParamsB) / total)) } }
      : {};
  return {
    id: `dense-equivalent-${activeParamsB}b`,
    family: 'synthetic',
    aliases: [],
    paramsTotalB: total,
    paramsActiveB: activeParamsB,
    layers,
    hiddenSize: hidden,
    attentionHeads: hidden / 128,
    kvHeads: Math.min(8, hidden / 128),
    headDim: 128,
    vocabSize: 128000,
    contextLength: 10_000_000,
    ...moe,
    source: 'synthetic (src/physics/energy.ts)',
    asOf: '2025-01',
  };
}

const references = new Map<string, Deployment>();

/** Smallest power-of-two replica (within the link domain, up to 64) that fits; memoised. */
function referenceDeployment(basis: EnergyBasis): Deployment {
  // The synthetic id is known without building the facts (syntheticFacts names it so), sparing a hit the work.
  const modelId = basis.model?.id ?? `dense-equivalent-${basis.activeParamsB}b`;
  const key = `${basis.hardware.id}|${basis.precision}|${modelId}|${basis.activeParamsB}|${basis.totalParamsB}`;
  const hit = references.get(key);
  if (hit && hit.hardware === basis.hardware && (basis.model === undefined || hit.model === basis.model))
    return hit;
  const model = basis.model ?? syntheticFacts(basis.activeParamsB, basis.totalParamsB);
  let dep: Deployment = {
    model,
    hardware: basis.hardware,
    count: 1,
    precision: basis.precision,
    engine: ENERGY_REFERENCE.engine,
  };
  for (let count = 1; count <= 64; count *= 2) {
    dep = { ...dep, count };
    if (memoryFit(dep, { minContextTokens: 32768 }).fits) break;
  }
  references.set(key, dep);
  return dep;
}

/**
 * Results per reference deployment and token counts (the gateway meters the same shapes over and over).
 * `requestEnergy` is a pure function of those, so a hit is exact; each map is cleared when it fills.
 */
const energies = new WeakMap<Deployment, Map<string, RequestEnergy>>();
const ENERGY_MEMO_LIMIT = 4096;

/** Energy for one request at the reference operating point of an API provider (memoised, exact). */
export function requestEnergy(basis: EnergyBasis, tokens: RequestTokens): RequestEnergy {
  const dep = referenceDeployment(basis);
  let memo = energies.get(dep);
  if (!memo) {
    memo = new Map();
    energies.set(dep, memo);
  }
  const key = `${tokens.prefillTokens}|${tokens.cachedTokens}|${tokens.outputTokens}`;
  const hit = memo.get(key);
  if (hit) return { ...hit };
  const energy = computeRequestEnergy(basis, dep, tokens);
  if (memo.size >= ENERGY_MEMO_LIMIT) memo.clear();
  memo.set(key, energy);
  return { ...energy };
}

function computeRequestEnergy(basis: EnergyBasis, dep: Deployment, tokens: RequestTokens): RequestEnergy {
  const input = Math.max(0, tokens.prefillTokens) + Math.max(0, tokens.cachedTokens);
  const output = Math.max(1, tokens.outputTokens);
  // Prompts beyond the model's context are metered at the longest shape it holds, scaled by tokens.
  const room = Math.max(1, dep.model.contextLength - output);
  const scale = input > room ? input / room : 1;
  const op = operatingPoint(dep, {
    inputTokens: input / scale,
    outputTokens: output,
    cachedInputShare: input > 0 ? Math.max(0, tokens.cachedTokens) / input : 0,
    concurrency: ENERGY_REFERENCE.concurrency,
  });
  const method = `roofline@${dep.hardware.id}x${dep.count},${basis.precision},concurrency${ENERGY_REFERENCE.concurrency}`;
  if (!op.feasible) return { itWh: 0, method: `${method}: infeasible (${op.reason})` };
  const joules = op.energyPerRequestJ * scale * (1 + CALIBRATION.hostPowerOverhead);
  return { itWh: joules / 3600, method };
}
