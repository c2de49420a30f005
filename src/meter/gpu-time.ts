// Self-hosted requests priced by GPU time: a request's share of a replica-hour is the replica time it held
// at the measured concurrency (1 ÷ the replica's requests per second there, from the physics model), priced at
// what the replica costs per hour. The same operating point gives its energy; one model for the planner's
// self-hosted options and the gateway's self-hosted upstreams.
import type { Hardware, ModelFacts, Precision, Region } from '../catalog/schema.js';
import { operatingPoint } from '../physics/batching.js';
import { CALIBRATION } from '../physics/calibration.js';
import { memoryFit } from '../physics/memory.js';
import type { Deployment, Engine } from '../physics/types.js';
import type { CostBreakdown } from './cost.js';
import { embodiedGPerDeviceHour, type Label, operationalLabel } from './label.js';
import type { Usage } from './usage.js';

/** A self-hosted replica and what it costs. */
export interface GpuTimeBasis {
  /** Name the label reports (the configured model name). */
  id: string;
  deployment: Deployment;
  /** The whole replica's price, US dollars per hour. */
  usdPerReplicaHour: number;
  /** How the price was found, e.g. `declared $4.50/h`, `assumed marketplace tier $2.00/GPU-h`. */
  priceBasis: string;
}

/**
 * Relative uncertainty of the physics model's energy and throughput for a known deployment (the planner's
 * leave-one-out median errors are 10–20%): the band of a self-hosted label.
 */
export const GPU_TIME_SPREAD = 1.2;

/** The smallest power-of-two replica of `hardware` (up to its link domain) holding `model` at `precision`. */
export function smallestReplica(
  model: ModelFacts,
  hardware: Hardware,
  precision: Precision,
  engine: Engine = 'vllm',
): Deployment | undefined {
  for (let count = 1; count <= Math.max(1, hardware.interconnect.maxGroup); count *= 2) {
    const d: Deployment = { model, hardware, count, precision, engine };
    if (memoryFit(d).fits) return d;
  }
  return undefined;
}

/** Prices one self-hosted request at `concurrency` requests in flight on its replica. */
export function meterGpuTime(basis: GpuTimeBasis, usage: Usage, concurrency: number, region: Region): Label {
  const d = basis.deployment;
  const input = usage.inputTokens;
  const output = Math.max(1, usage.outputTokens);
  const op = operatingPoint(d, {
    inputTokens: input,
    outputTokens: output,
    cachedInputShare: input > 0 ? usage.cacheReadTokens / input : 0,
    concurrency: Math.max(1, concurrency),
  });
  const notes = [`priced by GPU time: ${basis.priceBasis}`];
  const zero: CostBreakdown = { input: 0, cachedInput: 0, cacheWrite: 0, output: 0, reasoning: 0, total: 0 };
  const method = `gpu-time@${d.hardware.id}x${d.count},${d.precision},concurrency${Math.round(concurrency)}`;
  if (!op.feasible) {
    return {
      model: basis.id,
      provider: 'self-hosted',
      costUsd: zero,
      tier: 'gpu-time',
      uncachedUsd: 0,
      energyWh: 0,
      energyWhLow: 0,
      energyWhHigh: 0,
      co2eG: 0,
      co2eMarketG: 0,
      embodiedCo2eG: 0,
      region: region.id,
      energyMethod: `${method}: infeasible (${op.reason})`,
      estimated: true,
      notes: [...notes, `cannot model this request on the declared replica: ${op.reason}`],
    };
  }
  // The request holds 1/rps seconds of the replica: prefill (TTFT) and decode split it for the breakdown.
  const replicaSeconds = 1 / op.requestsPerS;
  const total = (basis.usdPerReplicaHour * replicaSeconds) / 3600;
  const prefillShare = op.ttftS / (op.ttftS + output * op.tpotS);
  const out = total * (1 - prefillShare);
  const reasoning = usage.outputTokens > 0 ? (out * usage.reasoningTokens) / usage.outputTokens : 0;
  const costUsd: CostBreakdown = {
    input: total * prefillShare,
    cachedInput: 0,
    cacheWrite: 0,
    output: out - reasoning,
    reasoning,
    total,
  };
  const itWh = (op.energyPerRequestJ * (1 + CALIBRATION.hostPowerOverhead)) / 3600;
  return {
    model: basis.id,
    provider: 'self-hosted',
    costUsd,
    tier: 'gpu-time',
    uncachedUsd: total,
    ...operationalLabel({ itWh, lowItWh: itWh / GPU_TIME_SPREAD, highItWh: itWh * GPU_TIME_SPREAD }, region),
    embodiedCo2eG: ((d.count * replicaSeconds) / 3600) * embodiedGPerDeviceHour(d.hardware),
    region: region.id,
    energyMethod: method,
    estimated: usage.source === 'estimated',
    notes,
  };
}
