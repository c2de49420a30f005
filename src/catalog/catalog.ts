// The Catalog: validated prices, model facts, hardware and regions, with alias resolution and
// "did you mean" errors. Built once at start-up; lookups are map reads.
import type { z } from 'zod';
import { type ErrorCode, MarginError } from '../errors/index.js';
import { closestMatches } from './closest.js';
import {
  type CarbonProfileEntry,
  type CarbonProfileInput,
  carbonProfileSchema,
  type GpuOffer,
  type GpuOfferInput,
  gpuOfferSchema,
  type Hardware,
  type HardwareInput,
  hardwareSchema,
  type ModelFacts,
  type ModelFactsInput,
  type ModelPrice,
  type ModelPriceInput,
  modelFactsSchema,
  modelPriceSchema,
  type Quality,
  type QualityInput,
  qualitySchema,
  type Region,
  type RegionInput,
  regionSchema,
} from './schema.js';

export interface CatalogInput {
  prices: readonly ModelPriceInput[];
  models: readonly ModelFactsInput[];
  hardware: readonly HardwareInput[];
  regions: readonly RegionInput[];
  offers: readonly GpuOfferInput[];
  quality: readonly QualityInput[];
  /** Typical-week grid carbon intensity per region (the deferral scheduler's signal). */
  carbonProfiles?: readonly CarbonProfileInput[];
}

interface Entry {
  id: string;
  aliases: string[];
}

/** Normalises ids for lookup: case-insensitive, provider prefixes like `openai/` stripped by callers. */
const norm = (s: string): string => s.trim().toLowerCase();

class Table<T extends Entry> {
  readonly all: T[] = [];
  private readonly byKey = new Map<string, T>();

  constructor(
    private readonly what: string,
    private readonly code: ErrorCode,
  ) {}

  /** Adds or replaces an entry (later entries override earlier ones with the same id). */
  put(entry: T): void {
    const existing = this.byKey.get(norm(entry.id));
    if (existing && norm(existing.id) === norm(entry.id)) {
      this.all.splice(this.all.indexOf(existing), 1);
      for (const a of existing.aliases) this.byKey.delete(norm(a));
    }
    this.all.push(entry);
    for (const a of entry.aliases) this.byKey.set(norm(a), entry);
    this.byKey.set(norm(entry.id), entry);
  }

  find(id: string): T | undefined {
    const key = norm(id);
    const hit = this.byKey.get(key);
    if (hit) return hit;
    // `openai/gpt-4o`, `anthropic/claude-...`: strip one provider prefix.
    const slash = key.indexOf('/');
    if (slash > 0) return this.byKey.get(key.slice(slash + 1));
    return undefined;
  }

  get(id: string): T {
    const hit = this.find(id);
    if (hit) return hit;
    const near = closestMatches(id, this.byKey.keys());
    const hint = near.length ? ` Did you mean: ${near.join(', ')}?` : '';
    throw new MarginError(this.code, `Unknown ${this.what} '${id}'.${hint}`);
  }
}

function parseEntry<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.infer<S> {
  const res = schema.safeParse(raw);
  if (res.success) return res.data;
  const id = (raw as { id?: unknown } | null)?.id;
  const issue = res.error.issues[0];
  const field = issue?.path.join('.') || '(entry)';
  throw new MarginError(
    'MARGIN_ERR_CATALOG',
    `Invalid ${what} entry '${String(id ?? '?')}': field '${field}': ${issue?.message ?? 'invalid'}`,
  );
}

export class Catalog {
  readonly prices = new Table<ModelPrice>('model', 'MARGIN_ERR_UNKNOWN_MODEL');
  readonly models = new Table<ModelFacts>('open-weight model', 'MARGIN_ERR_UNKNOWN_MODEL');
  readonly hardware = new Table<Hardware>('hardware', 'MARGIN_ERR_UNKNOWN_HARDWARE');
  readonly regions = new Table<Region>('region', 'MARGIN_ERR_UNKNOWN_REGION');
  readonly offers = new Table<GpuOffer>('GPU offer', 'MARGIN_ERR_UNKNOWN_HARDWARE');
  readonly quality = new Table<Quality>('quality score', 'MARGIN_ERR_UNKNOWN_MODEL');
  /** Carbon profiles by catalog region id. */
  readonly carbonProfiles = new Map<string, CarbonProfileEntry>();

  /** Validates and adds entries; throws MARGIN_ERR_CATALOG naming the entry and field at fault. */
  add(input: Partial<CatalogInput>): this {
    for (const p of input.prices ?? []) this.prices.put(parseEntry(modelPriceSchema, p, 'price'));
    for (const m of input.models ?? []) this.models.put(parseEntry(modelFactsSchema, m, 'model facts'));
    for (const h of input.hardware ?? []) this.hardware.put(parseEntry(hardwareSchema, h, 'hardware'));
    for (const r of input.regions ?? []) this.regions.put(parseEntry(regionSchema, r, 'region'));
    for (const o of input.offers ?? []) this.offers.put(parseEntry(gpuOfferSchema, o, 'GPU offer'));
    for (const q of input.quality ?? []) this.quality.put(parseEntry(qualitySchema, q, 'quality score'));
    for (const c of input.carbonProfiles ?? []) {
      const p = parseEntry(carbonProfileSchema, c, `carbon profile (region ${c.region})`);
      const region = this.regions.find(p.region);
      if (!region) {
        throw new MarginError('MARGIN_ERR_CATALOG', `Carbon profile for unknown region '${p.region}'.`);
      }
      this.carbonProfiles.set(region.id, { ...p, region: region.id });
    }
    return this;
  }

  /** Price entry for a model id or alias; throws MARGIN_ERR_UNKNOWN_MODEL with close matches. */
  price(id: string): ModelPrice {
    return this.prices.get(id);
  }

  /** Open-weight model facts; throws MARGIN_ERR_UNKNOWN_MODEL with close matches. */
  model(id: string): ModelFacts {
    return this.models.get(id);
  }

  device(id: string): Hardware {
    return this.hardware.get(id);
  }

  region(id: string): Region {
    return this.regions.get(id);
  }

  /**
   * The quality score of a model: its own entry, else (a hosted or served open-weight model) the score of
   * the open-weight model behind it; undefined when none is known.
   */
  qualityOf(id: string): Quality | undefined {
    const own = this.quality.find(id);
    if (own) return own;
    const facts = this.prices.find(id)?.energy?.modelFacts ?? this.models.find(id)?.id;
    return facts ? this.quality.find(facts) : undefined;
  }
}
