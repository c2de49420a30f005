export { type CostBreakdown, type CostResult, computeCost, type Rates, ratesFor } from './cost.js';
export { type Label, METER_DEFAULTS, type MeterContext, meter } from './label.js';
export { makeUsage, type RequestKind, type Usage, usageProblem } from './usage.js';
export { activeWindow, windowEdges, windowHolds } from './windows.js';
