// Time to first token and time per output token for the emulated engine: the planner's performance model
// (src/physics, continuous batching on a roofline), at the number of requests in flight. Everything the
// emulator knows about speed goes through `operatingPointFor`.
import { defaultCatalog } from '../catalog/index.js';
import type { Precision } from '../catalog/schema.js';
import { MarginError } from '../errors/index.js';
import { type Deployment, operatingPoint } from '../physics/index.js';

export type EmulatedDeployment = Deployment;

export interface Load {
  inputTokens: number;
  /** Prompt tokens served from the prefix cache (no prefill compute). */
  cachedTokens?: number;
  outputTokens: number;
  /** Requests in flight on the engine, this one included. */
  concurrency: number;
}

export interface OperatingPoint {
  ttftS: number;
  tpotS: number;
}

/** Why a request cannot run on the emulated deployment (e.g. longer than the model's context). */
export class InfeasibleLoad extends Error {}

/**
 * Looks up the model facts and hardware and checks that the model fits at all (throws MarginError with
 * close matches for unknown ids, MARGIN_ERR_BAD_ARGUMENT when the weights do not fit).
 */
export function emulatedDeployment(
  model: string,
  hardware: string,
  precision: Precision,
  gpus: number,
): EmulatedDeployment {
  const catalog = defaultCatalog();
  const d: Deployment = {
    model: catalog.model(model),
    hardware: catalog.device(hardware),
    precision,
    count: gpus,
  };
  const probe = operatingPoint(d, { inputTokens: 1, outputTokens: 1, concurrency: 1 });
  if (!probe.feasible) {
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `cannot emulate ${model} on ${gpus}x ${hardware} ${precision}: ${probe.reason}`,
    );
  }
  return d;
}

/** TTFT and TPOT of one request at a given load (throws InfeasibleLoad when it cannot run). */
export function operatingPointFor(d: EmulatedDeployment, load: Load): OperatingPoint {
  const op = operatingPoint(d, {
    inputTokens: load.inputTokens,
    cachedInputShare: load.inputTokens > 0 ? Math.min(1, (load.cachedTokens ?? 0) / load.inputTokens) : 0,
    outputTokens: Math.max(1, load.outputTokens),
    concurrency: Math.max(1, load.concurrency),
  });
  if (!op.feasible) throw new InfeasibleLoad(op.reason);
  return { ttftS: op.ttftS, tpotS: op.tpotS };
}
