// The performance model's public surface: memory fit, roofline step cost, continuous batching, tensor
// parallel, power and energy, all calibrated by the few named factors in calibration.ts.
export { bestOperatingPoint, maxConcurrency, operatingPoint } from './batching.js';
export { CALIBRATION, type Calibration, CONSTANTS } from './calibration.js';
export {
  ENERGY_REFERENCE,
  type EnergyBasis,
  type RequestEnergy,
  type RequestTokens,
  requestEnergy,
  syntheticFacts,
} from './energy.js';
export { explain } from './explain.js';
export {
  activationElementsPerToken,
  kvBytesPerToken,
  kvPrecisionOf,
  memoryFit,
  weightBytes,
} from './memory.js';
export { checkLayout, type Parallelism, parallelism } from './parallel.js';
export { demandWatts, deviceWatts, idleWatts, powerActivity, powerLimitWatts } from './power.js';
export { BYTES, type ComputeFormat, computeFormat, defaultKvPrecision } from './precision.js';
export { resolve, stepCost } from './roofline.js';
export {
  type Deployment,
  type Engine,
  type Infeasible,
  isFeasible,
  type LoadedWorkload,
  type MemoryFit,
  type OperatingPoint,
  type Workload,
} from './types.js';
