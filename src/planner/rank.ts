// Ranking: feasible options that meet the quality floor by total cost over the horizon (then CO2e), then
// feasible ones below the floor the same way, infeasible ones last, in order.
import type { OptionResult } from './plan.js';

/** Sorts results and assigns ranks (1 = cheapest feasible option meeting the quality floor). */
export function rankResults(results: OptionResult[]): OptionResult[] {
  const sorted = [...results].sort((a, b) => {
    if (a.profile.feasible !== b.profile.feasible) return a.profile.feasible ? -1 : 1;
    if (a.quality.meetsFloor !== b.quality.meetsFloor) return a.quality.meetsFloor ? -1 : 1;
    if (!a.profile.feasible) return a.option.id.localeCompare(b.option.id);
    return a.costUsd - b.costUsd || a.co2eKg - b.co2eKg || a.option.id.localeCompare(b.option.id);
  });
  sorted.forEach((r, i) => {
    r.rank = i + 1;
  });
  return sorted;
}
