// The planner's orchestration: workload → demand curve → options → per-option constants (meter / physics,
// once each) → the hourly fleet loop (arithmetic only) → monthly cost, energy, revenue, margin → ranking.
import type { Catalog } from '../catalog/catalog.js';
import { MarginError } from '../errors/index.js';
import { monthlyRevenue } from './economics/revenue.js';
import {
  apiMonths,
  type MonthTotals,
  monthlyPeaks,
  newMonthTotals,
  simulateFleet,
} from './fleet/capacity.js';
import { enumerateOptions } from './options/enumerate.js';
import {
  type ApiProfile,
  apiProfile,
  type OptionProfile,
  type SelfHostedProfile,
  selfHostedProfile,
  type TokenProfile,
} from './options/profile.js';
import type { ApiOption, PlanOption } from './options/types.js';
import type { PlannerPhysics } from './physics-port.js';
import { type OptionQuality, optionQuality, type QualityPolicy, qualityPolicy } from './quality.js';
import { rankResults } from './rank.js';
import { providerCacheShares } from './workload/cache-writes.js';
import { buildDemand, type Demand, HOURS_PER_MONTH, shiftDeferrable } from './workload/demand.js';
import type { Workload } from './workload/schema.js';
import { bucketMax, bucketMean, toBuckets } from './workload/tokens.js';

export interface PlanContext {
  workload: Workload;
  catalog: Catalog;
  physics: PlannerPhysics;
  /** Overrides workload.horizonMonths. */
  months?: number;
  /** Called as option constants are computed (the slow part), for progress output. */
  onProgress?: (done: number, total: number) => void;
}

/** The arrays every option's fleet is computed from (shared, option-independent). */
export interface DemandView {
  demand: Demand;
  /** Model calls per hour after the response cache and routing, deferrable work shifted (self-hosted). */
  shCalls: Float64Array;
  shPeaks: Float64Array;
  /** Model calls per month after the response cache and routing (API). */
  apiCalls: Float64Array;
  /** Calls per month sent to the routing model. */
  routedCalls: Float64Array;
}

export interface OptionResult {
  rank: number;
  option: PlanOption;
  profile: OptionProfile;
  months: MonthTotals;
  revenue: Float64Array;
  /** Totals over the horizon. */
  costUsd: number;
  revenueUsd: number;
  kWh: number;
  co2eKg: number;
  usdPerMTok: number;
  usdPerQuery: number;
  whPerQuery: number;
  gCo2ePerQuery: number;
  grossMargin: number;
  peakReplicas: number;
  utilisation: number;
  /** Self-hosted: p95 TTFT in the horizon's most loaded hour per replica, s (null for API options). */
  p95TtftS: number | null;
  /** The option's quality score and whether it meets the workload's floor. */
  quality: OptionQuality;
}

export interface Plan {
  workload: Workload;
  months: number;
  tokens: TokenProfile;
  view: DemandView;
  results: OptionResult[];
  skipped: Record<string, number>;
  routing?: { model: string; share: number; usdPerCall: number; whPerCall: number; co2eGPerCall: number };
  /** The workload's quality floor, when it sets one. */
  quality?: QualityPolicy;
  elapsedMs: number;
}

/** Token statistics for pricing and physics (`modelCallsHourly` feeds the provider cache-write model). */
export function tokenProfile(w: Workload, modelCallsHourly?: ArrayLike<number>): TokenProfile {
  const input = toBuckets(w.tokens.input);
  const output = toBuckets(w.tokens.output);
  return {
    input,
    output,
    meanInput: bucketMean(input),
    meanOutput: bucketMean(output),
    maxContext: w.tokens.maxContext ?? bucketMax(input) + bucketMax(output),
    prefixShare: w.cache.prefixShare,
    apiCache: providerCacheShares(w.cache, modelCallsHourly),
  };
}

/** Demand arrays for a given response-cache hit share and routing share. */
export function demandView(w: Workload, demand: Demand, hitShare: number, routeShare: number): DemandView {
  const keep = (1 - hitShare) * (1 - routeShare);
  const scaled = new Float64Array(demand.requests.length);
  for (let h = 0; h < scaled.length; h++) scaled[h] = (demand.requests[h] ?? 0) * keep;
  const shCalls = shiftDeferrable(scaled, w.traffic.deferrableShare);
  const apiCalls = demand.monthly.map((q) => q * keep);
  const routedCalls = demand.monthly.map((q) => q * (1 - hitShare) * routeShare);
  return { demand, shCalls, shPeaks: monthlyPeaks(shCalls, demand.months), apiCalls, routedCalls };
}

/** Monthly cost/energy totals of one option under a demand view (routing cost added when given). */
export function optionMonths(
  option: PlanOption,
  profile: ApiProfile | SelfHostedProfile,
  view: DemandView,
  w: Workload,
  routing: Plan['routing'],
): MonthTotals {
  const t =
    profile.kind === 'api'
      ? apiMonths(view.apiCalls, profile.usdPerCall, profile.whPerCall, profile.co2eGPerCall)
      : simulateFleet({
          calls: view.shCalls,
          peaks: view.shPeaks,
          months: view.demand.months,
          profile,
          policy: w.fleet,
          region: option.region,
        });
  if (routing) {
    for (let m = 0; m < view.demand.months; m++) {
      const c = view.routedCalls[m] ?? 0;
      t.costUsd[m] = (t.costUsd[m] ?? 0) + c * routing.usdPerCall;
      t.kWh[m] = (t.kWh[m] ?? 0) + (c * routing.whPerCall) / 1000;
      t.co2eKg[m] = (t.co2eKg[m] ?? 0) + (c * routing.co2eGPerCall) / 1000;
    }
  }
  return t;
}

const sum = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] ?? 0;
  return s;
};

/** Turns monthly totals into an option's summary figures. */
export function summarise(
  option: PlanOption,
  profile: OptionProfile,
  months: MonthTotals,
  view: DemandView,
  revenue: Float64Array,
  tokensPerCall: number,
): OptionResult {
  const cost = sum(months.costUsd);
  const rev = sum(revenue);
  const queries = sum(view.demand.monthly);
  const calls = sum(view.apiCalls) + sum(view.routedCalls);
  const kWh = sum(months.kWh);
  const co2 = sum(months.co2eKg);
  const rh = sum(months.replicaHours);
  let util = 0;
  for (let m = 0; m < months.utilisation.length; m++)
    util += (months.utilisation[m] ?? 0) * (months.replicaHours[m] ?? 0);
  const tokens = calls * tokensPerCall;
  return {
    rank: 0,
    option,
    profile,
    months,
    revenue,
    costUsd: cost,
    revenueUsd: rev,
    kWh,
    co2eKg: co2,
    usdPerMTok: tokens > 0 ? (cost / tokens) * 1e6 : 0,
    usdPerQuery: queries > 0 ? cost / queries : 0,
    whPerQuery: queries > 0 ? (kWh * 1000) / queries : 0,
    gCo2ePerQuery: queries > 0 ? (co2 * 1000) / queries : 0,
    grossMargin: rev > 0 ? (rev - cost) / rev : 0,
    peakReplicas: Math.max(0, ...months.peakReplicas),
    utilisation: rh > 0 ? util / rh : 0,
    p95TtftS: profile.kind === 'self-hosted' && profile.feasible ? Math.max(0, ...months.p95TtftS) : null,
    quality: { score: null, benchmark: null, source: null, estimated: false, meetsFloor: true },
  };
}

function routingProfile(
  w: Workload,
  ctx: PlanContext,
  tokens: TokenProfile,
  regionId: string,
): Plan['routing'] {
  if (!w.routing || w.routing.share <= 0) return undefined;
  const price = ctx.catalog.price(w.routing.model);
  const region = ctx.catalog.region(regionId);
  const opt: ApiOption = { kind: 'api', id: `api:${price.id}`, price, region };
  const p = apiProfile(
    opt,
    tokens,
    w.traffic.deferrableShare,
    ctx.catalog,
    w.traffic.deferrableDeadlineHours,
  );
  return {
    model: price.id,
    share: w.routing.share,
    usdPerCall: p.usdPerCall,
    whPerCall: p.whPerCall,
    co2eGPerCall: p.co2eGPerCall,
  };
}

/** Computes the constants (cost per call, or replica capacity and power) of one option. */
export function profileOption(
  option: PlanOption,
  tokens: TokenProfile,
  w: Workload,
  ctx: PlanContext,
): OptionProfile {
  if (option.kind === 'api')
    return apiProfile(
      option,
      tokens,
      w.traffic.deferrableShare,
      ctx.catalog,
      w.traffic.deferrableDeadlineHours,
    );
  return selfHostedProfile(option, tokens, w, ctx.physics);
}

/** Runs the whole plan: every option over every hour of the horizon, ranked. */
export function runPlan(ctx: PlanContext): Plan {
  const started = performance.now();
  const w = ctx.workload;
  const months = ctx.months ?? w.horizonMonths;
  if (!Number.isInteger(months) || months < 1 || months > 60) {
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `--months must be an integer from 1 to 60 (got ${months})`,
    );
  }
  const demand = buildDemand(w.traffic, months);
  const keep = (1 - w.cache.responseHitShare) * (1 - (w.routing?.share ?? 0));
  const tokens = tokenProfile(
    w,
    demand.requests.map((q) => q * keep),
  );
  const { options, skipped } = enumerateOptions(w, ctx.catalog);
  if (options.length === 0) {
    throw new MarginError(
      'MARGIN_ERR_BAD_WORKLOAD',
      'workload.candidates: no options to compare (give api models or selfHosted)',
    );
  }
  const routing = routingProfile(w, ctx, tokens, w.candidates.regions[0] ?? 'world');
  const floor = qualityPolicy(w, ctx.catalog);
  const view = demandView(w, demand, w.cache.responseHitShare, routing?.share ?? 0);
  const revenue = new Float64Array(months);
  if (w.pricing)
    for (let m = 0; m < months; m++) revenue[m] = monthlyRevenue(w.pricing, demand.monthly[m] ?? 0);
  const tokensPerCall = tokens.meanInput + tokens.meanOutput;
  const results: OptionResult[] = [];
  const empty = (): MonthTotals => newMonthTotals(months);
  options.forEach((option, i) => {
    const profile = profileOption(option, tokens, w, ctx);
    const totals = profile.feasible ? optionMonths(option, profile, view, w, routing) : empty();
    const result = summarise(option, profile, totals, view, revenue, tokensPerCall);
    result.quality = optionQuality(option, ctx.catalog, floor);
    results.push(result);
    ctx.onProgress?.(i + 1, options.length);
  });
  const plan: Plan = {
    workload: w,
    months,
    tokens,
    view,
    results: rankResults(results),
    skipped,
    elapsedMs: 0,
  };
  if (routing) plan.routing = routing;
  if (floor) plan.quality = floor;
  plan.elapsedMs = performance.now() - started;
  return plan;
}

/** The cheapest feasible option that meets the workload's quality floor (the plan's recommendation). */
export function bestResult(plan: Plan): OptionResult | undefined {
  return plan.results.find((r) => r.profile.feasible && r.quality.meetsFloor);
}

export { HOURS_PER_MONTH };
