// Hourly demand over the horizon: requests/day (or an explicit hourly curve) × day shape × weekly pattern ×
// monthly growth, every month normalised so its total is exactly requests/day × days. Hour 0 is a Monday
// 00:00; a month is 730 hours (8,760 / 12).
import type { Traffic } from './schema.js';

export const HOURS_PER_MONTH = 730;
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

/** Relative day shapes (24 hourly weights, local time). `consumer` peaks at 20:00 and bottoms at 04:00
 * like public chat traffic (cf. ServeGen's hour-of-day profile); `business` follows office hours. */
export const DAY_SHAPES: Record<Traffic['shape'], readonly number[]> = {
  flat: Array.from({ length: 24 }, () => 1),
  consumer: [
    0.75, 0.62, 0.52, 0.46, 0.44, 0.46, 0.55, 0.7, 0.85, 0.95, 1.02, 1.08, 1.12, 1.12, 1.1, 1.1, 1.12, 1.18,
    1.28, 1.38, 1.46, 1.42, 1.25, 1.0,
  ],
  business: [
    0.15, 0.12, 0.1, 0.1, 0.1, 0.12, 0.25, 0.6, 1.3, 1.9, 2.1, 2.1, 1.8, 2.0, 2.1, 2.0, 1.8, 1.4, 0.9, 0.6,
    0.45, 0.35, 0.25, 0.2,
  ],
  api: [
    0.85, 0.8, 0.78, 0.76, 0.76, 0.78, 0.85, 0.95, 1.05, 1.12, 1.16, 1.18, 1.18, 1.18, 1.17, 1.16, 1.14, 1.1,
    1.05, 1.0, 0.97, 0.94, 0.91, 0.88,
  ],
};

export interface Demand {
  months: number;
  /** User-facing requests in each hour of the horizon (length months × 730). */
  requests: Float64Array;
  /** Requests per month. */
  monthly: Float64Array;
  /** Average requests/day in each month. */
  perDay: Float64Array;
}

/** Average requests/day in month `m` (0-based) from the base rate and the growth rule. */
export function requestsPerDayInMonth(t: Traffic, base: number, m: number): number {
  const g = t.growth;
  if ('monthly' in g) return base * (1 + g.monthly) ** m;
  if ('perMonth' in g) return base * (g.perMonth[Math.min(m, g.perMonth.length - 1)] ?? 1);
  // `from` and `to` are absolute requests/day. With requestsPerDay also given (by hand, or measured by a
  // trace or the ledger) the ramp runs from that rate to `to`; a rate already at or above `to` stays flat.
  // (Multiplying the measured rate by to/from instead turned a measured 0.5M/day into 2.9 billion/month.)
  const from = t.requestsPerDay !== undefined ? base : g.from;
  const to = t.requestsPerDay !== undefined ? Math.max(base, g.to) : g.to;
  if (m >= g.months - 1 || g.months === 1 || from <= 0) return to;
  return from * (to / from) ** (m / (g.months - 1));
}

/** Base requests/day for month 1: explicit, else the hourly curve's sum, else the growth ramp's start. */
export function baseRequestsPerDay(t: Traffic): number {
  if (t.requestsPerDay !== undefined) return t.requestsPerDay;
  if (t.hourly) return t.hourly.reduce((s, v) => s + v, 0);
  return 'from' in t.growth ? t.growth.from : 0;
}

function weekWeights(t: Traffic): number[] {
  const w = t.weekly ?? [1, 1, 1, 1, 1, t.weekendFactor, t.weekendFactor];
  return [...w];
}

/** Builds the hourly demand curve for `months` months. */
export function buildDemand(t: Traffic, months: number): Demand {
  const custom = t.hourly ?? [];
  const shape = custom.some((v) => v > 0) ? custom : DAY_SHAPES[t.shape];
  const week = weekWeights(t);
  const hours = months * HOURS_PER_MONTH;
  const requests = new Float64Array(hours);
  const monthly = new Float64Array(months);
  const perDay = new Float64Array(months);
  const base = baseRequestsPerDay(t);
  for (let m = 0; m < months; m++) {
    const start = m * HOURS_PER_MONTH;
    let raw = 0;
    for (let h = start; h < start + HOURS_PER_MONTH; h++) {
      const v = (shape[h % 24] ?? 0) * (week[Math.floor(h / 24) % 7] ?? 0);
      requests[h] = v;
      raw += v;
    }
    const rpd = Math.max(0, requestsPerDayInMonth(t, base, m));
    const total = rpd * DAYS_PER_MONTH;
    const scale = raw > 0 ? total / raw : 0;
    for (let h = start; h < start + HOURS_PER_MONTH; h++) requests[h] = (requests[h] ?? 0) * scale;
    monthly[m] = scale > 0 ? total : 0;
    perDay[m] = scale > 0 ? rpd : 0;
  }
  return { months, requests, monthly, perDay };
}

/**
 * Moves a deferrable share of each day's requests into that day's quietest hours (water-filling), the
 * way a scheduler would run batch work: the peak stays, the valleys fill. Returns a new curve.
 */
export function shiftDeferrable(requests: Float64Array, share: number): Float64Array {
  const out = new Float64Array(requests.length);
  if (share <= 0) {
    out.set(requests);
    return out;
  }
  const day = new Float64Array(24);
  for (let d = 0; d + 24 <= requests.length; d += 24) {
    let total = 0;
    for (let i = 0; i < 24; i++) {
      day[i] = (requests[d + i] ?? 0) * (1 - share);
      total += requests[d + i] ?? 0;
    }
    const level = fillLevel(day, total * share);
    for (let i = 0; i < 24; i++) out[d + i] = Math.max(day[i] ?? 0, level);
  }
  // A trailing partial day (never with 730-hour months, kept for safety) stays as it was.
  for (let h = requests.length - (requests.length % 24); h < requests.length; h++) out[h] = requests[h] ?? 0;
  return out;
}

/** Level L such that Σ max(0, L − v) = volume. */
function fillLevel(values: Float64Array, volume: number): number {
  const sorted = Array.from(values).sort((a, b) => a - b);
  let below = 0;
  for (let i = 0; i < sorted.length; i++) {
    const next = sorted[i + 1] ?? Number.POSITIVE_INFINITY;
    below += sorted[i] ?? 0;
    const level = (volume + below) / (i + 1);
    if (level <= next) return level;
  }
  return 0;
}
