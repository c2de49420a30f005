// The planner's deferrable-share what-if through the same scheduler as the gateway's jobs: one deferrable
// call, arriving at each hour of a reference week in turn, is planned by `chooseSchedule` with the call's
// own economics (the planner's token buckets, metered), and the plans are averaged. One deferral economics.
import type { CarbonProfile, DeferralObjective, ScheduleMode } from '../types.js';
import { buildTimeline, chooseSchedule } from './choose.js';
import type { JobEconomics } from './economics.js';
import { HOUR_MS, WEEK_MS } from './timeline.js';

/** Sunday 2026-12-06 00:00 UTC: the week the what-if's arrivals are spread over (deterministic). */
export const REFERENCE_WEEK = Date.UTC(2026, 11, 6);

export interface DeferredCallOptions {
  objective: DeferralObjective;
  /** How long deferrable work may wait, ms. */
  deadlineMs: number;
  /** Time to run the call live once started, ms. */
  runMs: number;
  providerBatch?: { turnaroundMs: number };
  carbon?: CarbonProfile | undefined;
}

export interface DeferredCall {
  /** Mean dollars and grams CO2e of one deferred call (arrivals spread evenly over the week's hours). */
  usd: number;
  co2eG: number;
  /** The same call run at once, averaged the same way. */
  immediateUsd: number;
  immediateCo2eG: number;
  /** Share of arrivals planned in each mode. */
  modes: Partial<Record<ScheduleMode, number>>;
  /** Arrivals for which no schedule met the deadline. */
  late: number;
}

/**
 * One deferrable call planned at arrivals spread over the reference week (mid-hour), averaged: every hour
 * of the week when the price has time-of-day windows, else every 7th hour (24 arrivals, one at each hour
 * of the day, as 7 and 24 are coprime; only the grid varies then).
 */
export function deferredCall(econ: JobEconomics, o: DeferredCallOptions): DeferredCall {
  const out: DeferredCall = { usd: 0, co2eG: 0, immediateUsd: 0, immediateCo2eG: 0, modes: {}, late: 0 };
  const step = econ.windows?.length ? 1 : 7;
  const n = 168 / step;
  // One timeline for every arrival: the week, the deadline and the longest run after it.
  const longest = Math.max(o.runMs, o.providerBatch?.turnaroundMs ?? 0);
  const timeline = buildTimeline(REFERENCE_WEEK, REFERENCE_WEEK + WEEK_MS + o.deadlineMs + longest, econ, {
    carbon: o.carbon,
  });
  for (let h = 0; h < n; h++) {
    const now = REFERENCE_WEEK + h * step * HOUR_MS + HOUR_MS / 2;
    const plan = chooseSchedule(
      {
        now,
        deadline: now + o.deadlineMs,
        runMs: o.runMs,
        objective: o.objective,
        ...(o.providerBatch ? { providerBatch: o.providerBatch } : {}),
      },
      econ,
      { carbon: o.carbon },
      timeline,
    );
    out.usd += plan.expected.usd / n;
    out.co2eG += plan.expected.co2eG / n;
    out.immediateUsd += plan.immediate.usd / n;
    out.immediateCo2eG += plan.immediate.co2eG / n;
    out.modes[plan.mode] = (out.modes[plan.mode] ?? 0) + 1 / n;
    if (plan.late) out.late++;
  }
  return out;
}
