// Ranking: feasible options by total cost over the horizon (then CO2e), infeasible ones after, in order.
import type { OptionResult } from './plan.js';

/** Sorts results and assigns ranks (1 = cheapest feasible). */
export function rankResults(results: OptionResult[]): OptionResult[] {
  const sorted = [...results].sort((a, b) => {
    if (a.profile.feasible !== b.profile.feasible) return a.profile.feasible ? -1 : 1;
    if (!a.profile.feasible) return a.option.id.localeCompare(b.option.id);
    return a.costUsd - b.costUsd || a.co2eKg - b.co2eKg || a.option.id.localeCompare(b.option.id);
  });
  sorted.forEach((r, i) => {
    r.rank = i + 1;
  });
  return sorted;
}
