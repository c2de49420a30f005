// Catalog entry point: the shipped data, validated, plus whatever the caller layers on top
// (a LiteLLM price import, user overrides from config).
import { Catalog, type CatalogInput } from './catalog.js';
import { CARBON_PROFILES } from './data/carbon-profiles.js';
import { HARDWARE } from './data/hardware.js';
import { MODELS } from './data/models.js';
import { OFFERS } from './data/offers.js';
import { PRICES } from './data/prices.js';
import { QUALITY } from './data/quality.js';
import { REGIONS } from './data/regions.js';
import { envCatalogPaths, loadCatalogFiles } from './user-layer.js';

export { Catalog, type CatalogInput } from './catalog.js';
export { closestMatches } from './closest.js';
export * from './schema.js';
export {
  type CatalogLayer,
  envCatalogPaths,
  loadCatalogFiles,
  overridesLayer,
  priceFromOverride,
  readCatalogFile,
} from './user-layer.js';

/** The shipped catalog, validated; `extra` layers (overrides, imports) replace entries with the same id. */
export function loadCatalog(...extra: Array<Partial<CatalogInput>>): Catalog {
  const catalog = new Catalog().add({
    prices: PRICES,
    models: MODELS,
    hardware: HARDWARE,
    regions: REGIONS,
    offers: OFFERS,
    quality: QUALITY,
    carbonProfiles: CARBON_PROFILES,
  });
  for (const layer of extra) catalog.add(layer);
  return catalog;
}

let shared: Catalog | undefined;

/** The shipped catalog plus the overlay files named in MARGIN_CATALOG, built once per process. */
export function defaultCatalog(): Catalog {
  shared ??= loadCatalog(...loadCatalogFiles(envCatalogPaths()));
  return shared;
}
