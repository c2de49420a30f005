// Fault decisions for one request, drawn from the emulator's seed and the request's arrival number so that
// a run with a fixed seed and arrival order injects the same faults.

import { hashString, makeRng } from '../util/rng.js';
import type { ResolvedFaults } from './options.js';

export interface FaultPlan {
  /** HTTP status to fail with, or undefined. */
  errorStatus: number | undefined;
  /** Extra delay before the first token, ms. */
  spikeMs: number;
  disconnect: boolean;
  malformed: boolean;
  omitUsage: boolean;
}

export const NO_FAULTS: FaultPlan = {
  errorStatus: undefined,
  spikeMs: 0,
  disconnect: false,
  malformed: false,
  omitUsage: false,
};

/** True when no fault can ever be injected (lets the hot path skip the draw). */
export function faultFree(f: ResolvedFaults): boolean {
  return (
    f.errorRate === 0 &&
    f.latencySpikeRate === 0 &&
    f.disconnectRate === 0 &&
    f.malformedRate === 0 &&
    !f.omitUsage
  );
}

/** Draws the faults of request number `seq` (each kind is an independent draw). */
export function drawFaults(f: ResolvedFaults, seed: number, seq: number): FaultPlan {
  if (faultFree(f)) return NO_FAULTS;
  const rng = makeRng(hashString(`req:${seq}`, seed));
  const e = rng();
  const pick = rng();
  const spike = rng();
  const cut = rng();
  const bad = rng();
  return {
    errorStatus: e < f.errorRate ? f.errorStatus[Math.floor(pick * f.errorStatus.length)] : undefined,
    spikeMs: spike < f.latencySpikeRate ? f.latencySpikeMs : 0,
    disconnect: cut < f.disconnectRate,
    malformed: bad < f.malformedRate,
    omitUsage: f.omitUsage,
  };
}

/** Whole-batch faults of batch number `seq`: fail at validation, or run past the completion window. */
export interface BatchFaultPlan {
  fail: boolean;
  expire: boolean;
}

/** Draws the faults of batch number `seq` (independent of the live requests' draws). */
export function drawBatchFaults(f: ResolvedFaults, seed: number, seq: number): BatchFaultPlan {
  if (f.batchFailRate === 0 && f.batchExpireRate === 0) return { fail: false, expire: false };
  const rng = makeRng(hashString(`batch:${seq}`, seed));
  const fail = rng() < f.batchFailRate;
  const expire = rng() < f.batchExpireRate;
  return { fail, expire: expire && !fail };
}

/** The error status line `line` of batch `seq` is answered with, or undefined (`batchLineErrorRate`). */
export function drawLineError(
  f: ResolvedFaults,
  seed: number,
  seq: number,
  line: number,
): number | undefined {
  if (f.batchLineErrorRate === 0) return undefined;
  const rng = makeRng(hashString(`batch:${seq}:line:${line}`, seed));
  if (rng() >= f.batchLineErrorRate) return undefined;
  return f.errorStatus[Math.floor(rng() * f.errorStatus.length)];
}
