// Power: a device draws idle power plus a share of its dynamic range set by what its silicon is doing: the
// achieved share of peak FLOP/s (tensor cores, most power per second) and of peak memory bandwidth (HBM,
// memory controllers, caches). Memory-bound decode draws well below TDP; compute-bound prefill and large
// batches ask for more than the power limit allows, and the GPU lowers its clocks until they fit (DVFS, see
// batching.ts). Energy is power × time; one model for planner, emulator and meter.
import type { Hardware } from '../catalog/schema.js';
import { CALIBRATION, type Calibration, CONSTANTS } from './calibration.js';

/** Idle power of one device, W (catalog value, else the schema's share of TDP). */
export function idleWatts(hw: Hardware): number {
  return Math.min(hw.idleW ?? CONSTANTS.idlePowerShare * hw.tdpW, hw.tdpW);
}

/**
 * Power activity of a step as a share of the device's dynamic range at its rated clocks:
 * powerComputeWeight × achieved share of peak FLOP/s × clock^(dvfsExponent − 1) + powerBandwidthWeight ×
 * achieved share of peak bandwidth + powerCommWeight × communication share. Not capped: above 1 the step
 * asks for more than the device's rated power, and the power limit lowers the clock (`clockUnderPowerLimit`).
 * At a lower clock each FLOP costs less energy (dynamic power ∝ f·V², V ∝ f): the compute term scales by
 * clock^(dvfsExponent − 1) on top of the lower FLOP rate the utilisation already shows.
 */
export function powerActivity(
  computeUtilisation: number,
  bandwidthUtilisation: number,
  cal: Calibration = CALIBRATION,
  commShare = 0,
  clock = 1,
): number {
  const c = Math.min(1, Math.max(0, computeUtilisation));
  const b = Math.min(1, Math.max(0, bandwidthUtilisation));
  // Collective communication keeps SMs (NCCL kernels) and the link SerDes busy: its share of the step draws
  // power too (what tensor-parallel MoE serving spends much of its step on).
  const m = Math.min(1, Math.max(0, commShare));
  const f = Math.min(1, Math.max(0, clock));
  return (
    cal.powerComputeWeight * c * f ** (CONSTANTS.dvfsExponent - 1) +
    cal.powerBandwidthWeight * b +
    cal.powerCommWeight * m
  );
}

/** Power limit of one device, W: the deployment's cap (nvidia-smi -pl, MaxQ), else the catalog TDP. */
export function powerLimitWatts(hw: Hardware, limitW?: number): number {
  return limitW !== undefined && Number.isFinite(limitW) && limitW > 0 ? limitW : hw.tdpW;
}

/**
 * Power one device asks for at `activity` (see powerActivity), before any limit, W: idle plus activity × the
 * dynamic range at rated clocks (`fullClockPowerW` where the catalog says the silicon needs more than its
 * TDP at rated clocks, else the TDP).
 */
export function demandWatts(hw: Hardware, activity: number, cal: Calibration = CALIBRATION): number {
  const u = Math.max(0, activity);
  const idle = idleWatts(hw);
  return idle + ((hw.fullClockPowerW ?? hw.tdpW) - idle) * u ** cal.powerUtilisationExponent;
}

/** Power of one device at `activity`, W: what it asks for, at most its power limit. */
export function deviceWatts(
  hw: Hardware,
  activity: number,
  cal: Calibration = CALIBRATION,
  limitW?: number,
): number {
  return Math.min(powerLimitWatts(hw, limitW), demandWatts(hw, activity, cal));
}
