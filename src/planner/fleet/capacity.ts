// Fleet over time: hourly model calls → replicas that keep each hour's p95 TTFT within the target (each
// replica takes at most its sizing rate, fixed once per option by options/queue-point.ts), then cost, energy,
// utilisation and the worst hour's p95 TTFT per month. Autoscaled fleets follow the
// hour; fixed fleets are sized for each month's peak; bought (on-premise/edge) capacity is paid for at
// the largest fleet so far, while replicas that are switched off draw no power.
import type { Region } from '../../catalog/schema.js';
import type { SelfHostedProfile } from '../options/profile.js';
import { TTFT_QUANTILE } from '../options/queue-point.js';
import { HOURS_PER_MONTH } from '../workload/demand.js';
import type { FleetPolicy } from '../workload/schema.js';
import { ttftQuantile } from './queueing.js';

export interface MonthTotals {
  costUsd: Float64Array;
  /** Facility energy (IT × PUE), kWh. */
  kWh: Float64Array;
  co2eKg: Float64Array;
  /** Served share of provisioned capacity (request-weighted), 0..1. */
  utilisation: Float64Array;
  peakReplicas: Float64Array;
  replicaHours: Float64Array;
  /** Self-hosted: the highest arrival rate per replica in any hour of the month, req/s; 0 for API options. */
  maxLoadRps: Float64Array;
  /** Self-hosted: p95 TTFT at that rate (the month's worst hour), s; 0 for API options. */
  p95TtftS: Float64Array;
}

export function newMonthTotals(months: number): MonthTotals {
  return {
    costUsd: new Float64Array(months),
    kWh: new Float64Array(months),
    co2eKg: new Float64Array(months),
    utilisation: new Float64Array(months),
    peakReplicas: new Float64Array(months),
    replicaHours: new Float64Array(months),
    maxLoadRps: new Float64Array(months),
    p95TtftS: new Float64Array(months),
  };
}

/** Replicas needed for `callsPerHour` when each takes at most `ratePerReplica` req/s (Poisson split evenly). */
export function replicasFor(callsPerHour: number, ratePerReplica: number, minReplicas: number): number {
  const need = callsPerHour / 3600 / ratePerReplica;
  // Tolerate float noise so that exact multiples do not round up one replica.
  const r = need > 0 ? Math.ceil(need - 1e-9) : 0;
  return Math.max(minReplicas, r);
}

/** Largest hourly value in each month (fixed fleets are sized on it). */
export function monthlyPeaks(calls: Float64Array, months: number): Float64Array {
  const peaks = new Float64Array(months);
  for (let m = 0; m < months; m++) {
    let p = 0;
    const end = Math.min(calls.length, (m + 1) * HOURS_PER_MONTH);
    for (let h = m * HOURS_PER_MONTH; h < end; h++) if ((calls[h] ?? 0) > p) p = calls[h] ?? 0;
    peaks[m] = p;
  }
  return peaks;
}

export interface FleetInput {
  calls: Float64Array;
  peaks: Float64Array;
  months: number;
  profile: SelfHostedProfile;
  policy: FleetPolicy;
  region: Region;
  /** When given, the hourly utilisation and replicas are written here (length = calls.length). */
  hourlyUtil?: Float64Array;
  hourlyReplicas?: Float64Array;
}

/** Runs the hourly fleet loop for one self-hosted option. */
export function simulateFleet(input: FleetInput): MonthTotals {
  const { calls, peaks, months, profile: p, policy, region } = input;
  const t = newMonthTotals(months);
  const capPerHour = p.rpsPerReplica * 3600;
  const dynW = p.busyW - p.idleW;
  const pue = region.pue;
  const kWhPrice = p.paysElectricity ? region.electricityUsdPerKwh : 0;
  const grid = region.gridGCo2ePerKwh / 1000;
  let bought = 0;
  for (let m = 0; m < months; m++) {
    const fixed = policy.mode === 'fixed' ? replicasFor(peaks[m] ?? 0, p.sizingRps, policy.minReplicas) : 0;
    let cost = 0;
    let kWh = 0;
    let served = 0;
    let capacity = 0;
    let peak = 0;
    let rh = 0;
    let load = 0;
    const end = Math.min(calls.length, (m + 1) * HOURS_PER_MONTH);
    for (let h = m * HOURS_PER_MONTH; h < end; h++) {
      const c = calls[h] ?? 0;
      const r = policy.mode === 'fixed' ? fixed : replicasFor(c, p.sizingRps, policy.minReplicas);
      if (r > 0 && c / r > load) load = c / r;
      const cap = r * capPerHour;
      const u = cap > 0 ? Math.min(1, c / cap) : 0;
      const e = ((r * p.idleW + u * r * dynW) * pue) / 1000;
      kWh += e;
      if (p.bought) {
        if (r > bought) bought = r;
        cost += bought * p.usdPerReplicaHour;
      } else {
        cost += r * p.usdPerReplicaHour;
      }
      cost += e * kWhPrice;
      served += Math.min(c, cap);
      capacity += cap;
      rh += r;
      if (r > peak) peak = r;
      if (input.hourlyUtil) input.hourlyUtil[h] = u;
      if (input.hourlyReplicas) input.hourlyReplicas[h] = r;
    }
    t.costUsd[m] = cost;
    t.kWh[m] = kWh;
    t.co2eKg[m] = kWh * grid;
    t.utilisation[m] = capacity > 0 ? served / capacity : 0;
    t.peakReplicas[m] = peak;
    t.replicaHours[m] = rh;
    t.maxLoadRps[m] = load / 3600;
    t.p95TtftS[m] = ttftQuantile(p.queue, load / 3600, TTFT_QUANTILE);
  }
  return t;
}

/** API options: cost and energy are per call, so a month is calls × unit figures. */
export function apiMonths(
  monthlyCalls: Float64Array,
  usdPerCall: number,
  whPerCall: number,
  co2eGPerCall: number,
): MonthTotals {
  const months = monthlyCalls.length;
  const t = newMonthTotals(months);
  for (let m = 0; m < months; m++) {
    const c = monthlyCalls[m] ?? 0;
    t.costUsd[m] = c * usdPerCall;
    t.kWh[m] = (c * whPerCall) / 1000;
    t.co2eKg[m] = (c * co2eGPerCall) / 1000;
  }
  return t;
}
