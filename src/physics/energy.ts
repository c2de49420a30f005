// Energy of one request from the same performance and power model the planner uses: the request runs on
// a reference deployment (smallest power-of-two replica of the hardware that fits) at a reference
// concurrency, and pays its share of the replica's power for the time it occupies a slot. Low and high
// bounds rerun the same model at the edges of what is not known: the load a provider runs its replicas at
// (deployment) and, for undisclosed models, the parameter counts.
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
  model?: ModelFacts | undefined;
  /** Undisclosed models: plausible low–high parameter counts, billions (widen the bounds). */
  activeParamsRangeB?: readonly [number, number] | undefined;
  totalParamsRangeB?: readonly [number, number] | undefined;
}

export interface RequestTokens {
  /** Prompt tokens that must be computed (not read from a prefix cache). */
  prefillTokens: number;
  /** Prompt tokens served from a prefix / prompt cache (cheap, not free). */
  cachedTokens: number;
  outputTokens: number;
}

export interface RequestEnergy {
  /** IT energy at the accelerator and its host share, Wh (PUE not included): the central scenario. */
  itWh: number;
  /** The same at the low- and high-energy edges of the deployment (and parameter) uncertainty. */
  lowItWh: number;
  highItWh: number;
  /** Device-seconds the request holds in the central scenario (devices × its share of the replica's time). */
  deviceSeconds: number;
  method: string;
}

/** Where an API provider is assumed to run a model (documented in docs/physics.md). */
export const ENERGY_REFERENCE = {
  /**
   * Requests in flight per device of a replica (at least `minConcurrency` per replica): a busy production
   * API keeps each device's batch about equally full, so larger replicas carry more requests.
   */
  concurrencyPerDevice: 32,
  minConcurrency: 64,
  /** Low/high scenarios run at the reference concurrency × / ÷ this spread: known architecture… */
  spreadKnown: 2,
  /** …and for undisclosed models, whose deployment is as unknown as their size. */
  spreadEstimated: 4,
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
function referenceDeployment(basis: EnergyBasis, activeParamsB: number, totalParamsB: number): Deployment {
  // The synthetic id is known without building the facts (syntheticFacts names it so), sparing a hit the work.
  const modelId = basis.model?.id ?? `dense-equivalent-${activeParamsB}b`;
  const key = `${basis.hardware.id}|${basis.precision}|${modelId}|${activeParamsB}|${totalParamsB}`;
  const hit = references.get(key);
  if (hit && hit.hardware === basis.hardware && (basis.model === undefined || hit.model === basis.model))
    return hit;
  const model = basis.model ?? syntheticFacts(activeParamsB, totalParamsB);
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

/** Reference concurrency of a replica of `count` devices. */
export function referenceConcurrency(count: number): number {
  return Math.max(ENERGY_REFERENCE.minConcurrency, ENERGY_REFERENCE.concurrencyPerDevice * count);
}

/** One scenario: the replica, its load, and the request's energy and device time there. */
interface Scenario {
  dep: Deployment;
  concurrency: number;
  itWh: number;
  deviceSeconds: number;
  infeasible?: string;
}

/** The central, low-energy and high-energy scenarios' deployments (params, then load ×/÷ the spread). */
function scenarios(basis: EnergyBasis): Array<{ dep: Deployment; loadFactor: number }> {
  const a = basis.activeParamsRangeB;
  const t = basis.totalParamsRangeB;
  const spread =
    a || t
      ? ENERGY_REFERENCE.spreadEstimated
      : basis.model
        ? ENERGY_REFERENCE.spreadKnown
        : ENERGY_REFERENCE.spreadEstimated;
  const dep = (active: number, total: number) => referenceDeployment(basis, active, Math.max(total, active));
  return [
    { dep: dep(basis.activeParamsB, basis.totalParamsB), loadFactor: 1 },
    { dep: dep(a?.[0] ?? basis.activeParamsB, t?.[0] ?? basis.totalParamsB), loadFactor: spread },
    { dep: dep(a?.[1] ?? basis.activeParamsB, t?.[1] ?? basis.totalParamsB), loadFactor: 1 / spread },
  ];
}

/**
 * Results per (hardware object, model facts object) and a string of everything else the result depends on
 * (the gateway meters the same shapes over and over). `requestEnergy` is a pure function of those, so a hit
 * is exact; a hit builds no deployment. Each innermost map is cleared when it fills.
 */
const energies = new WeakMap<Hardware, WeakMap<object, Map<string, RequestEnergy>>>();
const ENERGY_MEMO_LIMIT = 4096;
/** Second-level key for models known only by parameter counts (the counts are in the string key). */
const SYNTHETIC = {};

function memoFor(basis: EnergyBasis): Map<string, RequestEnergy> {
  let byModel = energies.get(basis.hardware);
  if (!byModel) {
    byModel = new WeakMap();
    energies.set(basis.hardware, byModel);
  }
  const modelKey = basis.model ?? SYNTHETIC;
  let memo = byModel.get(modelKey);
  if (!memo) {
    memo = new Map();
    byModel.set(modelKey, memo);
  }
  return memo;
}

/** Energy for one request at the reference operating point of an API provider, with bounds (memoised, exact). */
export function requestEnergy(basis: EnergyBasis, tokens: RequestTokens): RequestEnergy {
  const memo = memoFor(basis);
  const key =
    `${basis.precision}|${basis.activeParamsB}|${basis.totalParamsB}|${basis.activeParamsRangeB ?? ''}|` +
    `${basis.totalParamsRangeB ?? ''}|${tokens.prefillTokens}|${tokens.cachedTokens}|${tokens.outputTokens}`;
  const hit = memo.get(key);
  if (hit) return { ...hit };
  const [mid, lo, hi] = scenarios(basis).map((s) => runScenario(s.dep, s.loadFactor, tokens)) as [
    Scenario,
    Scenario,
    Scenario,
  ];
  const method = `roofline@${mid.dep.hardware.id}x${mid.dep.count},${basis.precision},concurrency${mid.concurrency}`;
  const energy: RequestEnergy = mid.infeasible
    ? {
        itWh: 0,
        lowItWh: 0,
        highItWh: 0,
        deviceSeconds: 0,
        method: `${method}: infeasible (${mid.infeasible})`,
      }
    : {
        itWh: mid.itWh,
        // An edge that cannot run (its replica does not fit) leaves that bound at the central value.
        lowItWh: Math.min(mid.itWh, lo.infeasible ? mid.itWh : lo.itWh),
        highItWh: Math.max(mid.itWh, hi.infeasible ? mid.itWh : hi.itWh),
        deviceSeconds: mid.deviceSeconds,
        method,
      };
  if (memo.size >= ENERGY_MEMO_LIMIT) memo.clear();
  memo.set(key, energy);
  return { ...energy };
}

function runScenario(dep: Deployment, loadFactor: number, tokens: RequestTokens): Scenario {
  const input = Math.max(0, tokens.prefillTokens) + Math.max(0, tokens.cachedTokens);
  const output = Math.max(1, tokens.outputTokens);
  // Prompts beyond the model's context are metered at the longest shape it holds, scaled by tokens.
  const room = Math.max(1, dep.model.contextLength - output);
  const scale = input > room ? input / room : 1;
  const concurrency = Math.max(1, Math.round(referenceConcurrency(dep.count) * loadFactor));
  const op = operatingPoint(dep, {
    inputTokens: input / scale,
    outputTokens: output,
    cachedInputShare: input > 0 ? Math.max(0, tokens.cachedTokens) / input : 0,
    concurrency,
  });
  if (!op.feasible) return { dep, concurrency, itWh: 0, deviceSeconds: 0, infeasible: op.reason };
  const joules = op.energyPerRequestJ * scale * (1 + CALIBRATION.hostPowerOverhead);
  return { dep, concurrency, itWh: joules / 3600, deviceSeconds: (dep.count / op.requestsPerS) * scale };
}
