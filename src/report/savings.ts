// What each cost lever saved, from ledger records: exact cache, semantic cache, provider prompt caching,
// routing and batch/flex tiers and deferral (a deferred or batch line's recorded immediate counterfactual) — each as "cost without this lever" next to the actual cost, priced
// by the one meter.
import type { Catalog } from '../catalog/catalog.js';
import type { LedgerRecord } from '../ledger/record.js';
import { computeCost } from '../meter/cost.js';
import type { Usage } from '../meter/usage.js';

export interface LeverSaving {
  lever: 'exact cache' | 'semantic cache' | 'prompt caching' | 'routing' | 'batch';
  /** Requests the lever acted on. */
  requests: number;
  /** Dollars saved (negative when the lever cost more than it saved, e.g. cache writes never read). */
  savedUsd: number;
}

export interface SavingsReport {
  requests: number;
  actualUsd: number;
  levers: LeverSaving[];
  /** Cost had no lever been used. */
  withoutAnyUsd: number;
  /** Records whose model the catalog does not price (left out of the counterfactuals). */
  unpriced: number;
}

const costOf = (catalog: Catalog, model: string, usage: Usage): number | undefined => {
  const price = catalog.prices.find(model);
  return price ? computeCost(price, usage).costUsd.total : undefined;
};

/** What a record would have cost on another model (or undefined: no baseline for it). */
export type BaselineModel = string | ((r: LedgerRecord) => string | undefined);

/** Usage with every prompt-cache read or write billed as plain input. */
const uncached = (u: Usage): Usage => ({
  ...u,
  cacheReadTokens: 0,
  cacheWrite5mTokens: 0,
  cacheWrite1hTokens: 0,
});

/**
 * Savings per lever. `baselineModel` is the model requests would have used without routing — one model for
 * all, or chosen per record (e.g. the model the client asked for). Routed records are re-priced on it with
 * the same tokens — an approximation: a different model writes a different number of output tokens.
 * Batch and flex requests are re-priced at the standard tier.
 */
export function leverSavings(
  records: readonly LedgerRecord[],
  catalog: Catalog,
  baselineModel?: BaselineModel,
): SavingsReport {
  const levers: Record<LeverSaving['lever'], LeverSaving> = {
    'exact cache': { lever: 'exact cache', requests: 0, savedUsd: 0 },
    'semantic cache': { lever: 'semantic cache', requests: 0, savedUsd: 0 },
    'prompt caching': { lever: 'prompt caching', requests: 0, savedUsd: 0 },
    routing: { lever: 'routing', requests: 0, savedUsd: 0 },
    batch: { lever: 'batch', requests: 0, savedUsd: 0 },
  };
  const baselineOf =
    typeof baselineModel === 'function' ? baselineModel : (_r: LedgerRecord) => baselineModel;
  let actual = 0;
  let unpriced = 0;
  for (const r of records) {
    actual += r.costUsd.total;
    if (r.cache === 'exact' || r.cache === 'semantic') {
      const l = levers[r.cache === 'exact' ? 'exact cache' : 'semantic cache'];
      l.requests++;
      l.savedUsd += r.savedUsd;
      continue;
    }
    if (r.status >= 400 || !r.servedModel) continue;
    const served = costOf(catalog, r.servedModel, r.usage);
    if (served === undefined) {
      unpriced++;
      continue;
    }
    if (r.usage.cacheReadTokens + r.usage.cacheWrite5mTokens + r.usage.cacheWrite1hTokens > 0) {
      const l = levers['prompt caching'];
      l.requests++;
      l.savedUsd += (costOf(catalog, r.servedModel, uncached(r.usage)) ?? served) - served;
    }
    if (r.deferralMode !== undefined && r.immediateUsd !== undefined) {
      // Batch lines and deferred requests run by the gateway: priced as run (batch tier, a price window)
      // against running at once when the job was accepted (recorded with the line).
      const l = levers.batch;
      l.requests++;
      l.savedUsd += r.immediateUsd - r.costUsd.total;
    } else if (r.usage.kind !== 'sync') {
      const l = levers.batch;
      l.requests++;
      l.savedUsd += (costOf(catalog, r.servedModel, { ...r.usage, kind: 'sync' }) ?? served) - served;
    }
    const baseline = r.route ? baselineOf(r) : undefined;
    if (baseline && r.servedModel !== baseline) {
      const base = costOf(catalog, baseline, uncached(r.usage));
      const servedUncached = costOf(catalog, r.servedModel, uncached(r.usage)) ?? served;
      if (base !== undefined) {
        const l = levers.routing;
        l.requests++;
        l.savedUsd += base - servedUncached;
      }
    }
  }
  const list = Object.values(levers);
  return {
    requests: records.length,
    actualUsd: actual,
    levers: list,
    withoutAnyUsd: actual + list.reduce((a, l) => a + l.savedUsd, 0),
    unpriced,
  };
}
