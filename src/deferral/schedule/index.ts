// The deferral scheduler: planJob for the gateway's jobs, chooseSchedule for any caller with its own
// economics (the planner's deferrable-share what-if), and the signals they read.
export {
  type Candidate,
  type ChooseSignals,
  chooseSchedule,
  type JobTiming,
  objectiveValue,
} from './choose.js';
export {
  type JobEconomics,
  lineShapes,
  meterEconomics,
  type RunKind,
  unpricedEconomics,
  type WeightedUsage,
} from './economics.js';
export { planJob } from './plan.js';
export { intensityAt, type LoadCurve, type ScheduleSignals } from './signals.js';
