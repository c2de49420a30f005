export { type CostBreakdown, type CostResult, computeCost, type Rates, ratesFor } from './cost.js';
export {
  embodiedGPerDeviceHour,
  type Label,
  METER_DEFAULTS,
  type MeterContext,
  marketIntensity,
  meter,
  operationalLabel,
} from './label.js';
export { makeUsage, type RequestKind, type Usage, usageProblem } from './usage.js';
export { activeWindow, windowEdges, windowHolds } from './windows.js';
