// Power: a device draws idle power plus a share of (TDP − idle) set by what its silicon is doing: the
// achieved share of peak FLOP/s (tensor cores, most power per second) and of peak memory bandwidth (HBM,
// memory controllers, caches). Memory-bound decode draws well below TDP; compute-bound prefill and large
// batches reach it. Energy is power × time; one model for planner, emulator and meter.
import type { Hardware } from '../catalog/schema.js';
import { CALIBRATION, type Calibration, CONSTANTS } from './calibration.js';

/** Idle power of one device, W (catalog value, else the schema's share of TDP). */
export function idleWatts(hw: Hardware): number {
  return Math.min(hw.idleW ?? CONSTANTS.idlePowerShare * hw.tdpW, hw.tdpW);
}

/**
 * Power activity of a step, 0..1 of the device's dynamic range: powerComputeWeight × achieved share of peak
 * FLOP/s + powerBandwidthWeight × achieved share of peak bandwidth, capped at 1 (the TDP limit).
 */
export function powerActivity(
  computeUtilisation: number,
  bandwidthUtilisation: number,
  cal: Calibration = CALIBRATION,
  commShare = 0,
): number {
  const c = Math.min(1, Math.max(0, computeUtilisation));
  const b = Math.min(1, Math.max(0, bandwidthUtilisation));
  // Collective communication keeps SMs (NCCL kernels) and the link SerDes busy: its share of the step draws
  // power too (what tensor-parallel MoE serving spends much of its step on).
  const m = Math.min(1, Math.max(0, commShare));
  return Math.min(1, cal.powerComputeWeight * c + cal.powerBandwidthWeight * b + cal.powerCommWeight * m);
}

/** Power of one device at `activity` (0..1 of its dynamic range, see powerActivity), W. */
export function deviceWatts(hw: Hardware, activity: number, cal: Calibration = CALIBRATION): number {
  const u = Math.min(1, Math.max(0, activity));
  const idle = idleWatts(hw);
  return idle + (hw.tdpW - idle) * u ** cal.powerUtilisationExponent;
}
