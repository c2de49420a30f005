// The meter: usage + catalog → Label {cost, energy, CO2e}. Pure; the single source of truth for money and
// energy, used by the gateway, the report and the planner alike.
import type { Catalog } from '../catalog/catalog.js';
import type { Hardware, ModelPrice, Precision, Region } from '../catalog/schema.js';
import { MarginError } from '../errors/index.js';
import { type EnergyBasis, requestEnergy } from '../physics/energy.js';
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
  /** Market-based intensity override, g CO2e/kWh (the operator's own contracts). */
  marketGCo2ePerKwh?: number;
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
  /** Facility energy (IT energy × PUE), watt-hours: the central estimate. */
  energyWh: number;
  /** Bounds of energyWh from the deployment (and, for undisclosed models, parameter) uncertainty. */
  energyWhLow: number;
  energyWhHigh: number;
  /** Operational CO2e in grams, location-based: energyWh × the region's grid average intensity. */
  co2eG: number;
  /** Operational CO2e in grams, market-based: energyWh × the region's residual-mix intensity. */
  co2eMarketG: number;
  /** Manufacturing emissions of the accelerators for the device time the request held, grams (separate). */
  embodiedCo2eG: number;
  region: string;
  energyMethod: string;
  /** True when usage or the energy basis is an estimate rather than a reported/disclosed figure. */
  estimated: boolean;
  notes: string[];
}

export const METER_DEFAULTS = { region: 'world', hardware: 'h100-sxm', precision: 'fp8' as Precision };

/** The energy basis of a price entry (with whether it is an estimate), or undefined when it has none. */
interface Basis {
  energy: EnergyBasis;
  estimated: boolean;
}

/** Bases per price entry object, hardware object and fallback precision: a hit allocates nothing. */
const bases = new WeakMap<ModelPrice, Map<string, Basis | null>>();

function energyBasis(
  price: ModelPrice,
  catalog: Catalog,
  hardware: Hardware,
  fallback: Precision,
): Basis | undefined {
  let byHw = bases.get(price);
  if (!byHw) {
    byHw = new Map();
    bases.set(price, byHw);
  }
  const key = `${hardware.id}|${fallback}`;
  const hit = byHw.get(key);
  if (hit !== undefined && (hit === null || hit.energy.hardware === hardware)) return hit ?? undefined;
  const e = price.energy;
  const facts = e?.modelFacts ? catalog.model(e.modelFacts) : undefined;
  const active = facts?.paramsActiveB ?? e?.activeParamsB;
  const basis: Basis | null =
    active === undefined
      ? null
      : {
          // One object shape for every basis (fields present, possibly undefined): the memo's hot path.
          energy: {
            activeParamsB: active,
            totalParamsB: facts?.paramsTotalB ?? e?.totalParamsB ?? active,
            hardware,
            precision: e?.precision ?? facts?.nativePrecision ?? fallback,
            model: facts,
            activeParamsRangeB: facts ? undefined : e?.activeParamsRangeB,
            totalParamsRangeB: facts ? undefined : e?.totalParamsRangeB,
          },
          estimated: facts ? false : (e?.estimated ?? true),
        };
  byHw.set(key, basis);
  return basis ?? undefined;
}

/** Grams of embodied CO2e per device-hour of service (manufacturing spread over the device's life). */
export function embodiedGPerDeviceHour(h: Hardware): number {
  return h.embodied ? (h.embodied.kgCo2ePerDevice * 1000) / (h.embodied.lifetimeYears * 8760) : 0;
}

/** Market-based intensity of a region, g/kWh: its residual mix, else (no figure) the location-based one. */
export function marketIntensity(r: Region): number {
  return r.marketGCo2ePerKwh ?? r.gridGCo2ePerKwh;
}

/** Lifecycle notes for a price entry (retired models still price the requests already made to them). */
function lifecycleNotes(price: ModelPrice): string[] {
  const lc = price.lifecycle;
  if (!lc?.retired && !lc?.deprecated) return [];
  const when = lc.retired ? `retired ${lc.retired}` : `deprecated ${lc.deprecated}`;
  return [`${price.id} is ${when}${lc.replacement ? ` (replacement: ${lc.replacement})` : ''}`];
}

/** Meters one request: dollars per token class, energy and CO2e. Unknown model → MARGIN_ERR_UNKNOWN_MODEL. */
export function meter(modelId: string, usage: Usage, ctx: MeterContext): Label {
  const { catalog } = ctx;
  const price = catalog.price(modelId);
  const cost = computeCost(price, usage, ctx.at);
  const region = catalog.region(ctx.region ?? METER_DEFAULTS.region);
  const hardware = catalog.device(ctx.hardware ?? METER_DEFAULTS.hardware);
  const notes = price.lifecycle ? [...cost.notes, ...lifecycleNotes(price)] : cost.notes;
  const basis = energyBasis(price, catalog, hardware, ctx.precision ?? METER_DEFAULTS.precision);
  if (!basis) {
    const why = `Model '${price.id}' has no energy basis (energy.modelFacts or energy.activeParamsB) in the catalog.`;
    if (ctx.requireEnergy ?? true) throw new MarginError('MARGIN_ERR_CATALOG', why);
    notes.push(why);
  }
  const energy = basis
    ? requestEnergy(basis.energy, {
        prefillTokens: usage.inputTokens - usage.cacheReadTokens,
        cachedTokens: usage.cacheReadTokens,
        outputTokens: usage.outputTokens,
      })
    : undefined;
  if (basis?.estimated) notes.push(`energy basis for ${price.id} is an estimated parameter count`);
  // Built field by field (no object spreads): this runs on every request the gateway meters.
  const pue = region.pue;
  const energyWh = (energy?.itWh ?? 0) * pue;
  const market = ctx.marketGCo2ePerKwh ?? marketIntensity(region);
  return {
    model: price.id,
    provider: price.provider,
    costUsd: cost.costUsd,
    tier: cost.tier,
    uncachedUsd: cost.uncachedUsd,
    energyWh,
    energyWhLow: (energy?.lowItWh ?? 0) * pue,
    energyWhHigh: (energy?.highItWh ?? 0) * pue,
    co2eG: (energyWh / 1000) * region.gridGCo2ePerKwh,
    co2eMarketG: (energyWh / 1000) * market,
    embodiedCo2eG: ((energy?.deviceSeconds ?? 0) / 3600) * embodiedGPerDeviceHour(hardware),
    region: region.id,
    energyMethod: energy?.method ?? 'none (no energy basis in the catalog)',
    estimated: !basis || usage.source === 'estimated' || basis.estimated,
    notes,
  };
}

/** Facility energy (IT × PUE) with its bounds, and location- and market-based CO2e of the central value. */
export function operationalLabel(
  it: { itWh: number; lowItWh: number; highItWh: number },
  region: Region,
  marketGCo2ePerKwh: number = marketIntensity(region),
): Pick<Label, 'energyWh' | 'energyWhLow' | 'energyWhHigh' | 'co2eG' | 'co2eMarketG'> {
  const energyWh = it.itWh * region.pue;
  return {
    energyWh,
    energyWhLow: it.lowItWh * region.pue,
    energyWhHigh: it.highItWh * region.pue,
    co2eG: (energyWh / 1000) * region.gridGCo2ePerKwh,
    co2eMarketG: (energyWh / 1000) * marketGCo2ePerKwh,
  };
}
