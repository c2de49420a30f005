// The scheduler's decision, shared by the gateway's jobs (`planJob`) and the planner's deferrable-share
// what-if: enumerate the feasible ways to run a job before its deadline (at once, as a provider batch, or
// live from a later start), value each under the objective, and keep the best. One economics: dollars and
// energy come from `JobEconomics` (the meter), carbon intensity and load from the signals.
import type {
  CarbonProfile,
  DeferralObjective,
  ScheduleEstimate,
  ScheduleMode,
  SchedulePlan,
} from '../types.js';
import type { JobEconomics } from './economics.js';
import { intensityAt, type LoadCurve } from './signals.js';
import { breakpoints, candidateStarts, hourOfWeek, StepSignal, WEEK_MS } from './timeline.js';

/** The timing of a job: what `chooseSchedule` needs besides its economics. */
export interface JobTiming {
  now: number;
  deadline: number;
  /** Time to run every line live once started, ms. */
  runMs: number;
  objective: DeferralObjective;
  providerBatch?: { turnaroundMs: number };
  selfHosted?: boolean;
}

export interface ChooseSignals {
  carbon?: CarbonProfile | undefined;
  load?: LoadCurve | undefined;
  /** Furthest ahead a start is searched, ms (default 7 days). */
  horizonMs?: number | undefined;
}

/** One way to run the job, valued. */
export interface Candidate {
  kind: 'live' | 'batch';
  start: number;
  finish: number;
  usd: number;
  co2eG: number;
  /** Mean load of the self-hosted upstream over the run relative to its weekly mean (1 without a curve). */
  load: number;
  /** Mean grid intensity over the run, g/kWh. */
  gPerKwh: number;
}

/**
 * The value the objective minimises. `cost`: dollars, and for a self-hosted upstream dollars × relative load
 * (its metered GPU-time price does not change by hour; work in a busy hour needs capacity the fleet lacks
 * then, work in a quiet hour uses capacity already paid for). `carbon`: grams CO2e. `balanced`: the
 * normalised sum ½·cost/cost(now) + ½·CO2e/CO2e(now), so running at once scores 1.
 */
export function objectiveValue(
  objective: DeferralObjective,
  c: Candidate,
  now: Candidate,
  selfHosted: boolean,
): number {
  // A self-hosted job the catalog cannot price (dollars 0) is valued on load alone, and a job without an
  // energy estimate (CO2e 0) on the grid's intensity alone.
  const cost = (x: Candidate) => (selfHosted ? (now.usd > 0 ? x.usd : 1) * x.load : x.usd);
  const carbon = (x: Candidate) => (now.co2eG > 0 ? x.co2eG : x.gPerKwh);
  if (objective === 'cost') return cost(c);
  if (objective === 'carbon') return carbon(c);
  const rel = (a: number, b: number) => (b > 0 ? a / b : 0);
  return 0.5 * rel(cost(c), cost(now)) + 0.5 * rel(carbon(c), carbon(now));
}

const iso = (t: number) => new Date(t).toISOString().replace(/:\d\d\.\d{3}Z$/, 'Z');
const usd = (x: number) => `$${x < 0.01 ? x.toPrecision(2) : x.toFixed(2)}`;
const grams = (x: number) => `${x < 10 ? x.toPrecision(2) : Math.round(x)} g`;

/** Relative tolerance for "no better": float noise never defers a job. */
const TOL = 1e-9;
const lessThan = (a: number, b: number) => a < b - TOL * Math.max(Math.abs(a), Math.abs(b));

/** The job's signals over a span of time, built once (a caller planning many jobs over one span shares it). */
export interface Timeline {
  from: number;
  to: number;
  /** Instants in (from, to) where a signal may change. */
  points: number[];
  /** Dollars of the job run live, by instant (price windows). */
  live: StepSignal;
  /** Grid intensity, g/kWh. */
  grid: StepSignal;
  /** Load relative to the weekly mean (self-hosted upstreams with a load curve). */
  load?: StepSignal;
}

/** The signals of a job with economics `econ` over [from, to]. */
export function buildTimeline(from: number, to: number, econ: JobEconomics, sig: ChooseSignals): Timeline {
  const points = breakpoints(from, to, econ.windows);
  const t: Timeline = {
    from,
    to,
    points,
    live: new StepSignal(from, to, points, (x) => econ.usdAt('sync', x)),
    grid: new StepSignal(from, to, points, (x) => intensityAt(econ.region, sig.carbon, x)),
  };
  const curve = sig.load;
  if (curve && curve.length === 168) {
    const mean = curve.reduce((a, b) => a + b, 0) / 168;
    if (mean > 0) t.load = new StepSignal(from, to, points, (x) => (curve[hourOfWeek(x)] ?? 0) / mean);
  }
  return t;
}

/**
 * Chooses how and when to run a job; pure and deterministic. `shared` (from `buildTimeline` with the same
 * economics and signals) is used when it covers the job's span.
 */
export function chooseSchedule(
  job: JobTiming,
  econ: JobEconomics,
  sig: ChooseSignals = {},
  shared?: Timeline,
): SchedulePlan {
  const { now, deadline, runMs } = job;
  const horizon = sig.horizonMs ?? WEEK_MS;
  const turnaround = job.providerBatch?.turnaroundMs;
  const longest = Math.max(runMs, turnaround ?? 0);
  const end = Math.max(now, Math.min(deadline, now + horizon)) + longest;
  const tl = shared && shared.from <= now && shared.to >= end ? shared : buildTimeline(now, end, econ, sig);
  const { points, grid, live } = tl;
  const loadSig = tl.load;
  const wh = econ.energyWh;
  const liveAt = (s: number): Candidate => {
    const g = grid.mean(s, s + runMs);
    return {
      kind: 'live',
      start: s,
      finish: s + runMs,
      usd: live.mean(s, s + runMs),
      co2eG: (wh / 1000) * g,
      load: loadSig ? loadSig.mean(s, s + runMs) : 1,
      gPerKwh: g,
    };
  };
  const batchAt = (s: number, ta: number): Candidate => {
    // The provider runs the batch some time within its turnaround: its grid is the mean over that span.
    const g = grid.mean(s, s + ta);
    return {
      kind: 'batch',
      start: s,
      finish: s + ta,
      usd: econ.usdAt('batch', s),
      co2eG: (wh / 1000) * g,
      load: 1,
      gPerKwh: g,
    };
  };

  const immediate = liveAt(now);
  const estimate = (c: Candidate): ScheduleEstimate => ({ usd: c.usd, co2eG: c.co2eG });
  const cands: Candidate[] = [];
  const lastStart = (dur: number) => Math.min(deadline - dur, now + horizon);
  for (const s of candidateStarts(now, lastStart(runMs), runMs, points)) {
    if (s + runMs <= deadline) cands.push(s === now ? immediate : liveAt(s));
  }
  if (turnaround !== undefined) {
    for (const s of candidateStarts(now, lastStart(turnaround), turnaround, points)) {
      if (s + turnaround <= deadline) cands.push(batchAt(s, turnaround));
    }
  }

  if (cands.length === 0) {
    const batchNote = turnaround !== undefined ? `, a provider batch up to ${iso(now + turnaround)}` : '';
    return {
      mode: 'now',
      startAt: now,
      finishBy: now + runMs,
      expected: estimate(immediate),
      immediate: estimate(immediate),
      reason:
        `No schedule meets the deadline ${iso(deadline)}: running at once takes until ${iso(now + runMs)}` +
        `${batchNote}; runs at once.`,
      late: true,
    };
  }

  const self = job.selfHosted === true;
  const value = (c: Candidate) => objectiveValue(job.objective, c, immediate, self);
  let best = cands[0] as Candidate;
  let bestV = value(best);
  for (const c of cands) {
    const v = value(c);
    // Strictly better only; ties keep the earlier start (and live before batch at the same start).
    if (lessThan(v, bestV)) {
      best = c;
      bestV = v;
    }
  }
  return {
    mode: modeOf(best, immediate, job),
    startAt: best.start,
    finishBy: best.finish,
    expected: estimate(best),
    immediate: estimate(immediate),
    reason: reasonFor(best, immediate, job, econ),
    late: false,
  };
}

function modeOf(c: Candidate, now: Candidate, job: JobTiming): ScheduleMode {
  if (c.kind === 'batch') return 'provider-batch';
  if (c.start === job.now) return 'now';
  const priceGain = now.usd > 0 ? 1 - c.usd / now.usd : 0;
  const loadGain = job.selfHosted ? 1 - c.load / now.load : 0;
  const carbonGain = now.co2eG > 0 ? 1 - c.co2eG / now.co2eG : 0;
  if (job.objective === 'carbon') return 'low-carbon';
  if (job.objective === 'cost') {
    if (priceGain > TOL) return 'price-window';
    return job.selfHosted ? 'self-hosted-low-load' : 'low-carbon';
  }
  const top = Math.max(priceGain, loadGain, carbonGain);
  if (priceGain === top) return 'price-window';
  if (job.selfHosted && loadGain === top) return 'self-hosted-low-load';
  return 'low-carbon';
}

function reasonFor(c: Candidate, now: Candidate, job: JobTiming, econ: JobEconomics): string {
  const by = `(${job.objective} objective; deadline ${iso(job.deadline)})`;
  const vs = `${usd(c.usd)} and ${grams(c.co2eG)} CO2e vs ${usd(now.usd)} and ${grams(now.co2eG)} at once`;
  if (c.kind === 'batch') {
    const tier = econ.hasBatchTier ? 'at the batch tier' : 'at standard prices (no batch tier listed)';
    return `Provider batch ${tier}, submitted ${iso(c.start)}, done by ${iso(c.finish)}: ${vs} ${by}.`;
  }
  if (c.start === job.now) return `Nothing cheaper or cleaner before the deadline: runs at once ${by}.`;
  const m = modeOf(c, now, job);
  const why =
    m === 'price-window'
      ? 'a lower price window'
      : m === 'self-hosted-low-load'
        ? `the upstream's quiet hours (load ${c.load.toFixed(2)}× its weekly mean vs ${now.load.toFixed(2)}× now)`
        : `the lowest-carbon hours of ${econ.region.id} (${Math.round(c.gPerKwh)} vs ${Math.round(now.gPerKwh)} g/kWh now)`;
  return `Runs live from ${iso(c.start)} in ${why}, done by ${iso(c.finish)}: ${vs} ${by}.`;
}
