// User catalog layers: overlay JSON files (e.g. written by `margin catalog import`), the MARGIN_CATALOG
// environment variable, and price overrides from config (including private prices for self-hosted models).
import { readFileSync } from 'node:fs';
import { delimiter } from 'node:path';
import { z } from 'zod';
import { MarginError } from '../errors/index.js';
import type { CatalogInput } from './catalog.js';
import type { ModelPriceInput } from './schema.js';

/** Shape of an overlay file: entry arrays plus optional file-level provenance applied to entries lacking it. */
const overlayFileSchema = z
  .object({
    source: z.string().optional(),
    asOf: z.string().optional(),
    prices: z.array(z.record(z.string(), z.unknown())).optional(),
    models: z.array(z.record(z.string(), z.unknown())).optional(),
    hardware: z.array(z.record(z.string(), z.unknown())).optional(),
    regions: z.array(z.record(z.string(), z.unknown())).optional(),
    offers: z.array(z.record(z.string(), z.unknown())).optional(),
    quality: z.array(z.record(z.string(), z.unknown())).optional(),
    carbonProfiles: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .passthrough();

export type CatalogLayer = Partial<CatalogInput>;

/** A user override list as it appears in config: `{prices: [...], hardware: [...], ...}`. */
export type CatalogOverrides = z.input<typeof overlayFileSchema>;

const KINDS = ['prices', 'models', 'hardware', 'regions', 'offers', 'quality', 'carbonProfiles'] as const;

/**
 * Turns an override list into a layer for `loadCatalog(...layers)`. Entries missing `source` / `asOf`
 * inherit the list's own `source` / `asOf`; entries are validated when the layer is added to a Catalog.
 */
export function overridesLayer(overrides: unknown, origin = 'catalog overrides'): CatalogLayer {
  const parsed = overlayFileSchema.safeParse(overrides);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(top level)';
    throw new MarginError(
      'MARGIN_ERR_CATALOG',
      `Invalid catalog overlay in ${origin}: field '${field}': ${issue?.message ?? 'invalid'}`,
    );
  }
  const { source, asOf } = parsed.data;
  const inherit = (e: Record<string, unknown>): Record<string, unknown> => ({
    ...(source !== undefined && e.source === undefined ? { source } : {}),
    ...(asOf !== undefined && e.asOf === undefined ? { asOf } : {}),
    ...e,
  });
  const layer: Record<string, unknown[]> = {};
  for (const kind of KINDS) {
    const list = parsed.data[kind];
    if (list) layer[kind] = list.map(inherit);
  }
  return layer as CatalogLayer;
}

/** Reads one overlay JSON file into a catalog layer (MARGIN_ERR_CATALOG naming the file on bad input). */
export function readCatalogFile(path: string): CatalogLayer {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new MarginError('MARGIN_ERR_CATALOG', `Cannot read catalog file '${path}': ${why}`, {
      param: path,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new MarginError('MARGIN_ERR_CATALOG', `Catalog file '${path}' is not valid JSON: ${why}`, {
      param: path,
    });
  }
  return overridesLayer(json, `'${path}'`);
}

/** Reads overlay files in order (later files override earlier ones) and returns their layers. */
export function loadCatalogFiles(paths: readonly string[]): CatalogLayer[] {
  return paths.map(readCatalogFile);
}

/** Overlay file paths named by MARGIN_CATALOG (separated by ':' on POSIX, ';' on Windows). */
export function envCatalogPaths(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env.MARGIN_CATALOG ?? '';
  return raw
    .split(delimiter)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** Config-style price override for one model (US dollars per million tokens, energy basis inline). */
export interface PriceOverrideInput {
  input: number;
  output: number;
  cachedInput?: number | undefined;
  cacheWrite5m?: number | undefined;
  cacheWrite1h?: number | undefined;
  modelFacts?: string | undefined;
  activeParamsB?: number | undefined;
}

/**
 * A price entry from a config price override, e.g. a private price for a self-hosted `my-llama` served as
 * `provider: 'self-hosted'` with `modelFacts: 'llama-3.1-8b'`. The caller supplies provenance.
 */
export function priceFromOverride(
  id: string,
  provider: string,
  o: PriceOverrideInput,
  opts: { contextWindow?: number; source?: string; asOf?: string } = {},
): ModelPriceInput {
  const price: ModelPriceInput['price'] = { input: o.input, output: o.output };
  if (o.cachedInput !== undefined) price.cachedInput = o.cachedInput;
  if (o.cacheWrite5m !== undefined) price.cacheWrite5m = o.cacheWrite5m;
  if (o.cacheWrite1h !== undefined) price.cacheWrite1h = o.cacheWrite1h;
  const entry: ModelPriceInput = {
    id,
    provider,
    price,
    contextWindow: opts.contextWindow ?? 131072,
    source: opts.source ?? 'user config price override',
    asOf: opts.asOf ?? new Date().toISOString().slice(0, 10),
  };
  if (o.modelFacts !== undefined) entry.energy = { modelFacts: o.modelFacts, estimated: false };
  else if (o.activeParamsB !== undefined) {
    entry.energy = { activeParamsB: o.activeParamsB, estimated: false, note: 'from user config' };
  }
  return entry;
}
