// The plan as one JSON-safe document (the `--format json` output and the HTML report's input): inputs,
// demand, ranked options, the best option's economics, a day of utilisation, and the claims check.

import type { ClaimCheck } from '../claims.js';
import type { Economics, MonthEconomics, SensitivityRow } from '../economics/analysis.js';
import type { HeavyUsers } from '../economics/users.js';
import { simulateFleet } from '../fleet/capacity.js';
import type { OptionResult, Plan } from '../plan.js';
import { bestResult } from '../plan.js';
import { costQualityFrontier, type FrontierPoint } from '../quality.js';
import { sig } from '../stats.js';
import { HOURS_PER_MONTH } from '../workload/demand.js';
import { marginPct, resultJson, shownResults } from './rows.js';

type Pct<T, K extends keyof T, P extends string> = Omit<T, K> & { [k in P]: number | null };

/** The economics as JSON: every margin a percentage named `…Pct` (the one form margins take in plan output). */
export interface EconomicsJson extends Omit<Economics, 'months' | 'sensitivity' | 'heavyUsers'> {
  months: Array<Pct<MonthEconomics, 'grossMargin', 'grossMarginPct'>>;
  sensitivity: Array<Pct<SensitivityRow, 'grossMargin', 'grossMarginPct'>>;
  heavyUsers?: Pct<HeavyUsers, 'heavyUserMargin', 'heavyUserMarginPct'>;
}

export function economicsJson(e: Economics): EconomicsJson {
  const { months, sensitivity, heavyUsers, ...rest } = roundDeep(e);
  const out: EconomicsJson = {
    ...rest,
    months: months.map(({ grossMargin, ...m }) => ({ ...m, grossMarginPct: marginPct(grossMargin) })),
    sensitivity: sensitivity.map(({ grossMargin, ...s }) => ({
      ...s,
      grossMarginPct: marginPct(grossMargin),
    })),
  };
  if (heavyUsers) {
    const { heavyUserMargin, ...h } = heavyUsers;
    out.heavyUsers = { ...h, heavyUserMarginPct: marginPct(heavyUserMargin) };
  }
  return out;
}

export interface DayProfile {
  option: string;
  /** Day index within the horizon (0-based) and its month (1-based). */
  day: number;
  month: number;
  callsPerHour: number[];
  replicas: number[];
  utilisation: number[];
}

/** Hourly utilisation on the busiest day of the last month for a self-hosted option. */
export function dayProfile(plan: Plan, r: OptionResult): DayProfile | undefined {
  const p = r.profile;
  if (p.kind !== 'self-hosted' || !p.feasible) return undefined;
  const calls = plan.view.shCalls;
  const util = new Float64Array(calls.length);
  const reps = new Float64Array(calls.length);
  simulateFleet({
    calls,
    peaks: plan.view.shPeaks,
    months: plan.months,
    profile: p,
    policy: plan.workload.fleet,
    region: r.option.region,
    hourlyUtil: util,
    hourlyReplicas: reps,
  });
  const start = (plan.months - 1) * HOURS_PER_MONTH;
  let bestDay = Math.ceil(start / 24);
  let best = -1;
  for (let d = Math.ceil(start / 24); (d + 1) * 24 <= calls.length; d++) {
    let s = 0;
    for (let h = d * 24; h < d * 24 + 24; h++) s += calls[h] ?? 0;
    if (s > best) {
      best = s;
      bestDay = d;
    }
  }
  const slice = (a: Float64Array, digits: number) =>
    Array.from(a.subarray(bestDay * 24, bestDay * 24 + 24), (v) => sig(v, digits) ?? 0);
  return {
    option: r.option.id,
    day: bestDay,
    month: Math.floor((bestDay * 24) / HOURS_PER_MONTH) + 1,
    callsPerHour: slice(calls, 5),
    replicas: slice(reps, 6),
    utilisation: slice(util, 3),
  };
}

export interface PlanDocument {
  workload: { name: string; description: string | null; months: number; pricing: string | null };
  tokens: { meanInput: number | null; meanOutput: number | null; maxContext: number; prefixShare: number };
  demand: {
    queriesPerMonth: Array<number | null>;
    requestsPerDay: Array<number | null>;
    peakCallsPerHour: Array<number | null>;
  };
  options: { total: number; feasible: number; skipped: Record<string, number> };
  /** How many feasible (and infeasible) options the table and HTML report show; `results` holds them all. */
  top: number;
  /** Every option, ranked: feasible ones first, then the infeasible ones with their reasons. */
  results: unknown[];
  /** The cheapest feasible API option, also when it is not among `results` (for comparison charts). */
  cheapestApi: unknown | null;
  best: string | null;
  /** The workload's quality floor (MMLU-Pro %) and how it was set, when it sets one. */
  quality: { floor: number; describe: string } | null;
  /** Every feasible option with a quality score, cost per query against score, the frontier marked. */
  frontier: FrontierPoint[];
  economics: EconomicsJson | null;
  day: DayProfile | null;
  claims: ClaimCheck[] | null;
  routing: Plan['routing'] | null;
  elapsedMs: number | null;
}

/** Builds the document: every option in `results`; `top` says how many a reader's view shows. */
export function planDocument(
  plan: Plan,
  opts: { top: number; economics?: Economics; day?: DayProfile; claims?: ClaimCheck[] },
): PlanDocument {
  const feasible = plan.results.filter((r) => r.profile.feasible);
  const shown = shownResults(plan, Number.POSITIVE_INFINITY);
  const w = plan.workload;
  return {
    workload: {
      name: w.name,
      description: w.description ?? null,
      months: plan.months,
      pricing: w.pricing?.model ?? null,
    },
    tokens: {
      meanInput: sig(plan.tokens.meanInput, 5),
      meanOutput: sig(plan.tokens.meanOutput, 5),
      maxContext: plan.tokens.maxContext,
      prefixShare: plan.tokens.prefixShare,
    },
    demand: {
      queriesPerMonth: Array.from(plan.view.demand.monthly, (v) => sig(v, 6)),
      requestsPerDay: Array.from(plan.view.demand.perDay, (v) => sig(v, 6)),
      peakCallsPerHour: Array.from(plan.view.shPeaks, (v) => sig(v, 6)),
    },
    options: { total: plan.results.length, feasible: feasible.length, skipped: plan.skipped },
    top: opts.top,
    results: shown.map((r) => resultJson(r, plan)),
    cheapestApi: (() => {
      const api = feasible.find((r) => r.option.kind === 'api');
      return api ? resultJson(api, plan) : null;
    })(),
    best: bestResult(plan)?.option.id ?? null,
    quality: plan.quality ?? null,
    frontier: costQualityFrontier(plan).map((p) => ({ ...p, usdPerQuery: sig(p.usdPerQuery, 5) ?? 0 })),
    economics: opts.economics ? economicsJson(opts.economics) : null,
    day: opts.day ?? null,
    claims: opts.claims ? roundDeep(opts.claims) : null,
    routing: plan.routing ?? null,
    elapsedMs: sig(plan.elapsedMs, 3),
  };
}

/** Rounds every number in a structure to 5 significant digits; non-finite → null. */
export function roundDeep<T>(x: T): T {
  if (typeof x === 'number') return sig(x, 5) as T;
  if (Array.isArray(x)) return x.map((v) => roundDeep(v)) as T;
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = roundDeep(v);
    return out as T;
  }
  return x;
}
