// Power: a device draws idle power plus a share of (TDP − idle) that rises with how hard its binding
// resource (FLOPs or memory bandwidth) is driven. Energy is power × time; one model for planner and meter.
import type { Hardware } from '../catalog/schema.js';
import { CALIBRATION, type Calibration, CONSTANTS } from './calibration.js';

/** Idle power of one device, W (catalog value, else the schema's share of TDP). */
export function idleWatts(hw: Hardware): number {
  return Math.min(hw.idleW ?? CONSTANTS.idlePowerShare * hw.tdpW, hw.tdpW);
}

/** Power of one device at `utilisation` (0..1 of its binding peak), W. */
export function deviceWatts(hw: Hardware, utilisation: number, cal: Calibration = CALIBRATION): number {
  const u = Math.min(1, Math.max(0, utilisation));
  const idle = idleWatts(hw);
  return idle + (hw.tdpW - idle) * u ** cal.powerUtilisationExponent;
}
