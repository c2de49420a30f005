// Config price overrides as a catalog layer: each `models[].price` becomes a catalog entry
// (`margin-config/<name>`) with the energy basis given, inherited from the catalog, or none.
import { Catalog } from '../catalog/catalog.js';
import type { ModelPriceInput } from '../catalog/schema.js';
import type { GatewayConfig } from '../config/schema.js';
import { priceOverrideId } from './models.js';

/** The catalog with the config's price overrides layered on top (`base` is not modified). */
export function catalogWithOverrides(base: Catalog, config: GatewayConfig): Catalog {
  const layer: ModelPriceInput[] = [];
  const today = new Date().toISOString().slice(0, 10);
  for (const m of config.models) {
    const p = m.price;
    if (!p) continue;
    const upstream = m.upstreamModel ?? m.name;
    const price: ModelPriceInput['price'] = { input: p.input, output: p.output };
    if (p.cachedInput !== undefined) price.cachedInput = p.cachedInput;
    if (p.cacheWrite5m !== undefined) price.cacheWrite5m = p.cacheWrite5m;
    if (p.cacheWrite1h !== undefined) price.cacheWrite1h = p.cacheWrite1h;
    const entry: ModelPriceInput = {
      id: priceOverrideId(m.name),
      provider: m.provider,
      price,
      contextWindow: 10_000_000,
      source: 'margin config (models[].price override)',
      asOf: today,
    };
    if (p.modelFacts) entry.energy = { modelFacts: p.modelFacts, estimated: false };
    else if (p.activeParamsB) entry.energy = { activeParamsB: p.activeParamsB, estimated: true };
    else {
      const known = base.prices.find(upstream)?.energy;
      const facts = base.models.find(upstream)?.id;
      if (known) entry.energy = known;
      else if (facts) entry.energy = { modelFacts: facts, estimated: false };
    }
    layer.push(entry);
  }
  if (layer.length === 0) return base;
  return new Catalog()
    .add({
      prices: base.prices.all,
      models: base.models.all,
      hardware: base.hardware.all,
      regions: base.regions.all,
    })
    .add({ prices: layer });
}
