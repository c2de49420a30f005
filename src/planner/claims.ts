// Checks quoted throughput/price claims ("Llama 70B: H100 ~2,800 tok/s $0.30/1M") against the physics:
// for each claim and precision, does the model fit the stated card count, and if so what maximum
// throughput and $ per 1M output tokens the performance model gives at the catalog's hourly prices.
import type { Catalog } from '../catalog/catalog.js';
import { type Deployment, isInfeasible, type PlannerPhysics } from './physics-port.js';
import type { Claim } from './workload/schema.js';

export interface ClaimCheck {
  label: string;
  model: string;
  hardware: string;
  count: number;
  precision: string;
  fits: boolean;
  reason: string;
  claimedTokS: number;
  /** Replica total (all `count` cards). */
  plannerTokS: number | null;
  /** Per card, which is how such claims are usually quoted. */
  plannerTokSPerCard: number | null;
  /** planner per card / claimed throughput. */
  ratio: number | null;
  claimedUsdPerMTok: number | null;
  /** At the marketplace (else hyperscaler) hourly price of the catalog. */
  plannerUsdPerMTok: number | null;
  priceTier: string;
}

/** Every claim × precision, evaluated at the workload's mean request shape and no latency target. */
export function checkClaims(
  claims: readonly Claim[],
  shape: { inputTokens: number; outputTokens: number },
  catalog: Catalog,
  physics: PlannerPhysics,
): ClaimCheck[] {
  const out: ClaimCheck[] = [];
  for (const c of claims) {
    const model = catalog.model(c.model);
    const hardware = catalog.device(c.hardware);
    const hourly = hardware.prices.marketplacePerHour ?? hardware.prices.hyperscalerPerHour;
    const priceTier = hardware.prices.marketplacePerHour
      ? 'marketplace'
      : hardware.prices.hyperscalerPerHour
        ? 'hyperscaler'
        : 'none';
    for (const precision of c.precisions) {
      const d: Deployment = { model, hardware, count: c.count, precision };
      const base = {
        label: c.label,
        model: model.id,
        hardware: hardware.id,
        count: c.count,
        precision,
        claimedTokS: c.tokS,
        claimedUsdPerMTok: c.usdPerMTok ?? null,
        priceTier,
      };
      const fit = physics.memoryFit(d, { minContextTokens: shape.inputTokens + shape.outputTokens });
      if (!fit.fits) {
        out.push({
          ...base,
          fits: false,
          reason: fit.reason ?? 'does not fit',
          plannerTokS: null,
          plannerTokSPerCard: null,
          ratio: null,
          plannerUsdPerMTok: null,
        });
        continue;
      }
      const op = physics.bestOperatingPoint(d, shape, {});
      if (isInfeasible(op)) {
        out.push({
          ...base,
          fits: false,
          reason: op.reason,
          plannerTokS: null,
          plannerTokSPerCard: null,
          ratio: null,
          plannerUsdPerMTok: null,
        });
        continue;
      }
      const tokS = op.outputTokS;
      const usd = hourly !== undefined && tokS > 0 ? ((hourly * c.count) / (tokS * 3600)) * 1e6 : null;
      out.push({
        ...base,
        fits: true,
        reason: `fits; batch ${op.concurrency}, ${op.computeBound ? 'compute' : 'bandwidth'} bound`,
        plannerTokS: tokS,
        plannerTokSPerCard: tokS / c.count,
        ratio: c.tokS > 0 ? tokS / c.count / c.tokS : null,
        plannerUsdPerMTok: usd,
      });
    }
  }
  return out;
}
