// Unit economics of one option: revenue, cost and margin per month, break-even price, heavy users, and
// what-ifs (response-cache hit rate, routing share, price cuts) recomputed through the same fleet model.
import type { Plan } from '../plan.js';
import { demandView, type OptionResult, optionMonths } from '../plan.js';
import { billedUnits, breakEvenPrice, grossMargin, monthlyRevenue } from './revenue.js';
import { type HeavyUsers, heavyUsers } from './users.js';

export interface MonthEconomics {
  month: number;
  queries: number;
  revenueUsd: number;
  costUsd: number;
  grossMargin: number;
  costPerQuery: number;
  revenuePerQuery: number;
  /** Subscribers (subscription pricing only). */
  users?: number;
}

export interface SensitivityRow {
  lever: 'response cache hit' | 'routing share' | 'price';
  value: number;
  costUsd: number;
  revenueUsd: number;
  grossMargin: number;
}

export interface Economics {
  pricing: string;
  unit: string;
  listPrice: number;
  /** Price per unit that makes the last month break even. */
  breakEvenPrice: number;
  months: MonthEconomics[];
  heavyUsers?: HeavyUsers;
  sensitivity: SensitivityRow[];
}

const total = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);

/** Economics of `r` within `plan`; undefined when the workload has no pricing model or r is infeasible. */
export function analyseEconomics(plan: Plan, r: OptionResult): Economics | undefined {
  const w = plan.workload;
  const pricing = w.pricing;
  if (!pricing || !r.profile.feasible) return undefined;
  const q = plan.view.demand.monthly;
  const months: MonthEconomics[] = [];
  for (let m = 0; m < plan.months; m++) {
    const queries = q[m] ?? 0;
    const cost = r.months.costUsd[m] ?? 0;
    const rev = r.revenue[m] ?? 0;
    const row: MonthEconomics = {
      month: m + 1,
      queries,
      revenueUsd: rev,
      costUsd: cost,
      grossMargin: grossMargin(rev, cost),
      costPerQuery: queries > 0 ? cost / queries : 0,
      revenuePerQuery: queries > 0 ? rev / queries : 0,
    };
    if (pricing.model === 'subscription') row.users = billedUnits(pricing, queries).units;
    months.push(row);
  }
  const last = months[months.length - 1]!;
  const { unitPrice, unit } = billedUnits(pricing, last.queries);
  const econ: Economics = {
    pricing: pricing.model,
    unit,
    listPrice: unitPrice,
    breakEvenPrice: breakEvenPrice(pricing, last.queries, last.costUsd),
    months,
    sensitivity: sensitivity(plan, r),
  };
  if (pricing.model === 'subscription') econ.heavyUsers = heavyUsers(pricing, last.users ?? 0, last.costUsd);
  return econ;
}

function sensitivity(plan: Plan, r: OptionResult): SensitivityRow[] {
  const w = plan.workload;
  const pricing = w.pricing;
  const profile = r.profile;
  if (!pricing || !profile.feasible) return [];
  const revenue = total(r.revenue);
  const rows: SensitivityRow[] = [];
  const routeShare = plan.routing?.share ?? 0;
  const costWith = (hit: number, route: number): number => {
    const view = demandView(w, plan.view.demand, hit, route);
    return total(optionMonths(r.option, profile, view, w, route > 0 ? plan.routing : undefined).costUsd);
  };
  for (const hit of [0, 0.1, 0.2, 0.3, 0.5]) {
    const cost = costWith(hit, routeShare);
    rows.push({
      lever: 'response cache hit',
      value: hit,
      costUsd: cost,
      revenueUsd: revenue,
      grossMargin: grossMargin(revenue, cost),
    });
  }
  if (plan.routing) {
    for (const share of [0, 0.2, 0.4, 0.6, 0.8]) {
      const cost = costWith(w.cache.responseHitShare, share);
      rows.push({
        lever: 'routing share',
        value: share,
        costUsd: cost,
        revenueUsd: revenue,
        grossMargin: grossMargin(revenue, cost),
      });
    }
  }
  for (const factor of [1, 0.9, 0.8, 0.7, 0.5]) {
    let rev = 0;
    for (let m = 0; m < plan.months; m++)
      rev += monthlyRevenue(pricing, plan.view.demand.monthly[m] ?? 0, factor);
    rows.push({
      lever: 'price',
      value: factor,
      costUsd: r.costUsd,
      revenueUsd: rev,
      grossMargin: grossMargin(rev, r.costUsd),
    });
  }
  return rows;
}
