// The planner's public surface: load a workload (file, trace, ledger), run the plan, analyse, report.
export { type ClaimCheck, checkClaims } from './claims.js';
export { analyseEconomics, type Economics } from './economics/analysis.js';
export { economicsLines, explainOption, findOption } from './explain.js';
export { defaultPhysics, type PlannerPhysics } from './physics-port.js';
export { bestResult, type OptionResult, type Plan, type PlanContext, runPlan } from './plan.js';
export { qualityTrades } from './quality.js';
export { dayProfile, type PlanDocument, planDocument } from './report/document.js';
export { planRows, resultRow } from './report/rows.js';
export { buildDemand, HOURS_PER_MONTH } from './workload/demand.js';
export { ledgerToWorkload, storeToWorkload } from './workload/from-ledger.js';
export { traceToWorkload } from './workload/from-trace.js';
export { mergeRaw, parseWorkload, parseWorkloadYaml, readWorkloadFile } from './workload/load.js';
export type { Workload } from './workload/schema.js';
