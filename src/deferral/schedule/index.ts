// The deferral scheduler: planJob for the gateway's jobs, chooseSchedule for any caller with its own
// economics (the planner's deferrable-share what-if), and the signals they read.
export { loadCarbonProfiles, parseCarbonProfiles } from './carbon-source.js';
export {
  buildTimeline,
  type Candidate,
  type ChooseSignals,
  chooseSchedule,
  type JobTiming,
  objectiveValue,
  type Timeline,
} from './choose.js';
export { parseDuration } from './duration.js';
export {
  type JobEconomics,
  lineShapes,
  meterEconomics,
  type RunKind,
  unpricedEconomics,
  type WeightedUsage,
} from './economics.js';
export { type LoadCurveQuery, ledgerLoadCurve } from './load-curve.js';
export { planJob } from './plan.js';
export { intensityAt, type LoadCurve, type ScheduleSignals } from './signals.js';
export { type DeferredCall, type DeferredCallOptions, deferredCall, REFERENCE_WEEK } from './what-if.js';
