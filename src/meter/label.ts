// The meter: usage + catalog → Label {cost, energy, CO2e}. Pure; the single source of truth for money and
// energy, used by the gateway, the report and the planner alike.
import type { Catalog } from '../catalog/catalog.js';
import type { Precision } from '../catalog/schema.js';
import { MarginError } from '../errors/index.js';
import { requestEnergy } from '../physics/energy.js';
import { type CostBreakdown, computeCost } from './cost.js';
import type { Usage } from './usage.js';

export interface MeterContext {
  catalog: Catalog;
  /** Region whose grid and PUE turn energy into CO2e (default `world`). */
  region?: string;
  /** Accelerator class assumed for API models (default `h100-sxm`). */
  hardware?: string;
  /** Serving precision assumed for API models (default `fp8`). */
  precision?: Precision;
  /**
   * When the catalog has no energy basis for the model: true (default) throws MARGIN_ERR_CATALOG; false
   * returns the dollars with energy and CO2e 0 and a note (the gateway never fails a request over it).
   */
  requireEnergy?: boolean;
  /** When the request ran (epoch ms): selects a time-of-day price window. Absent = no window applies. */
  at?: number;
}

export interface Label {
  /** Catalog id the request was priced as. */
  model: string;
  provider: string;
  costUsd: CostBreakdown;
  /** Price tier applied (`standard`, `batch`, `flex`, `+off-peak` or another window's name, `+long-context`). */
  tier: string;
  /** Cost of the same tokens with no prompt caching. */
  uncachedUsd: number;
  /** Facility energy (IT energy × PUE), watt-hours. */
  energyWh: number;
  /** CO2e in grams: energyWh × grid intensity. */
  co2eG: number;
  region: string;
  energyMethod: string;
  /** True when usage or the energy basis is an estimate rather than a reported/disclosed figure. */
  estimated: boolean;
  notes: string[];
}

export const METER_DEFAULTS = { region: 'world', hardware: 'h100-sxm', precision: 'fp8' as Precision };

/** Meters one request: dollars per token class, energy and CO2e. Unknown model → MARGIN_ERR_UNKNOWN_MODEL. */
export function meter(modelId: string, usage: Usage, ctx: MeterContext): Label {
  const { catalog } = ctx;
  const price = catalog.price(modelId);
  const cost = computeCost(price, usage, ctx.at);
  const region = catalog.region(ctx.region ?? METER_DEFAULTS.region);
  const hardware = catalog.device(ctx.hardware ?? METER_DEFAULTS.hardware);
  const notes = [...cost.notes];

  let activeParamsB = price.energy?.activeParamsB;
  let totalParamsB = price.energy?.totalParamsB;
  let basisEstimated = price.energy?.estimated ?? true;
  const factsId = price.energy?.modelFacts;
  if (factsId) {
    const facts = catalog.model(factsId);
    activeParamsB = facts.paramsActiveB;
    totalParamsB = facts.paramsTotalB;
    basisEstimated = false;
  }
  if (activeParamsB === undefined) {
    const why = `Model '${price.id}' has no energy basis (energy.modelFacts or energy.activeParamsB) in the catalog.`;
    if (ctx.requireEnergy ?? true) throw new MarginError('MARGIN_ERR_CATALOG', why);
    return {
      model: price.id,
      provider: price.provider,
      costUsd: cost.costUsd,
      tier: cost.tier,
      uncachedUsd: cost.uncachedUsd,
      energyWh: 0,
      co2eG: 0,
      region: region.id,
      energyMethod: 'none (no energy basis in the catalog)',
      estimated: true,
      notes: [...notes, why],
    };
  }
  const prompt = usage.inputTokens - usage.cacheReadTokens;
  const energy = requestEnergy(
    {
      activeParamsB,
      totalParamsB: totalParamsB ?? activeParamsB,
      hardware,
      precision: ctx.precision ?? METER_DEFAULTS.precision,
    },
    { prefillTokens: prompt, cachedTokens: usage.cacheReadTokens, outputTokens: usage.outputTokens },
  );
  const energyWh = energy.itWh * region.pue;
  if (basisEstimated) notes.push(`energy basis for ${price.id} is an estimated parameter count`);
  return {
    model: price.id,
    provider: price.provider,
    costUsd: cost.costUsd,
    tier: cost.tier,
    uncachedUsd: cost.uncachedUsd,
    energyWh,
    co2eG: (energyWh / 1000) * region.gridGCo2ePerKwh,
    region: region.id,
    energyMethod: energy.method,
    estimated: usage.source === 'estimated' || basisEstimated,
    notes,
  };
}
