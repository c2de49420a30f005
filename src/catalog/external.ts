// Other price databases in one shape, for `margin catalog check|update` and the cross-check test: LiteLLM's
// model_prices_and_context_window.json and @pydantic/genai-prices' provider data (bundled package or its
// data.json). Each becomes a list of ExternalPrice: who sells it, which names it answers to, its rates now.
import { z } from 'zod';
import type { Catalog } from './catalog.js';
import { importLiteLlm } from './litellm-import.js';
import type { PriceTier } from './schema.js';

export interface ExternalPrice {
  /** The source's own key for the model. */
  key: string;
  /** Margin's provider name. */
  provider: string;
  /** Does the source's entry answer to this (lower-case) model name? */
  matches: (name: string) => boolean;
  price: PriceTier;
  longContext?: PriceTier & { thresholdTokens: number };
}

export interface ExternalSource {
  /** e.g. `LiteLLM (file.json)`, `@pydantic/genai-prices 0.1.8`. */
  label: string;
  prices: ExternalPrice[];
}

// ---- LiteLLM ----

/** LiteLLM key prefixes by Margin provider (bare keys are tried too). */
const LITELLM_PREFIX: Record<string, string[]> = {
  google: ['gemini/'],
  together: ['together_ai/'],
  fireworks: ['fireworks_ai/', 'fireworks_ai/accounts/fireworks/models/'],
  xai: ['xai/'],
  mistral: ['mistral/'],
  groq: ['groq/'],
  deepseek: ['deepseek/'],
  cerebras: ['cerebras/'],
  sambanova: ['sambanova/'],
  baseten: ['baseten/'],
};

/** LiteLLM's price file as external prices (chat models with per-token prices). */
export function litellmSource(json: unknown, file: string): ExternalSource {
  const { prices } = importLiteLlm(json, { file, asOf: '1970-01-01' });
  return {
    label: `LiteLLM (${file})`,
    prices: prices.map((e) => {
      const key = e.id.toLowerCase();
      const out: ExternalPrice = {
        key: e.id,
        provider: e.provider,
        matches: (name) =>
          name === key ||
          [...(LITELLM_PREFIX[e.provider] ?? []), `${e.provider}/`].some((p) => `${p}${name}` === key),
        price: e.price,
      };
      if (e.longContext) out.longContext = e.longContext;
      return out;
    }),
  };
}

// ---- @pydantic/genai-prices ----

type MatchLogic =
  | { equals: string }
  | { starts_with: string }
  | { ends_with: string }
  | { contains: string }
  | { regex: string }
  | { or: MatchLogic[] }
  | { and: MatchLogic[] };

function matchLogic(m: MatchLogic, name: string): boolean {
  if ('equals' in m) return name === m.equals.toLowerCase();
  if ('starts_with' in m) return name.startsWith(m.starts_with.toLowerCase());
  if ('ends_with' in m) return name.endsWith(m.ends_with.toLowerCase());
  if ('contains' in m) return name.includes(m.contains.toLowerCase());
  if ('regex' in m) return new RegExp(m.regex, 'i').test(name);
  if ('or' in m) return m.or.some((x) => matchLogic(x, name));
  return m.and.every((x) => matchLogic(x, name));
}

const tiered = z.union([
  z.number(),
  z.object({ base: z.number(), tiers: z.array(z.object({ start: z.number(), price: z.number() })) }),
]);
const gpPrice = z.record(z.string(), tiered.optional());
const gpModel = z
  .object({
    id: z.string(),
    match: z.unknown(),
    deprecated: z.boolean().optional(),
    prices: z.union([
      gpPrice,
      z.array(
        z.object({
          constraint: z.object({ type: z.string() }).passthrough().optional(),
          prices: gpPrice,
        }),
      ),
    ]),
  })
  .passthrough();
const gpProvider = z.object({ id: z.string(), models: z.array(gpModel) }).passthrough();
type GpPrice = z.infer<typeof gpPrice>;

/** genai-prices provider ids → Margin's provider names (the providers the catalog prices). */
export const GENAI_PROVIDERS: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'google',
  mistral: 'mistral',
  'x-ai': 'xai',
  groq: 'groq',
  together: 'together',
  fireworks: 'fireworks',
  deepseek: 'deepseek',
  cerebras: 'cerebras',
  baseten: 'baseten',
};

const base = (v: GpPrice[string]): number | undefined => (typeof v === 'number' ? v : v?.base);

/** The rates in force now: the latest start-date price (time-of-day variants are windows, not list changes). */
function currentPrice(prices: z.infer<typeof gpModel>['prices'], now: Date): GpPrice | undefined {
  if (!Array.isArray(prices)) return prices;
  let cur: GpPrice | undefined;
  for (const p of prices) {
    const c = p.constraint as { type?: string; start_date?: string } | undefined;
    if (c?.type === 'time_of_date') continue;
    if (c?.type === 'start_date' && c.start_date && new Date(c.start_date) > now) continue;
    cur = p.prices;
  }
  return cur;
}

function toTier(p: GpPrice): { price: PriceTier; longContext?: PriceTier & { thresholdTokens: number } } {
  const input = base(p.input_mtok) ?? 0;
  const price: PriceTier = { input, output: base(p.output_mtok) ?? 0 };
  const set = (k: keyof PriceTier, v: number | undefined) => {
    if (v !== undefined) price[k] = v;
  };
  set('cachedInput', base(p.cache_read_mtok));
  set('cacheWrite5m', base(p.cache_write_mtok));
  set('cacheWrite1h', base(p.cache_write_1h_mtok));
  const inTiers = typeof p.input_mtok === 'object' ? p.input_mtok.tiers : [];
  const first = inTiers[0];
  if (!first) return { price };
  const at = (v: GpPrice[string]) =>
    typeof v === 'object' ? (v.tiers.find((t) => t.start === first.start)?.price ?? v.base) : v;
  const lc: PriceTier & { thresholdTokens: number } = {
    thresholdTokens: first.start,
    input: first.price,
    output: at(p.output_mtok) ?? price.output,
  };
  const cached = at(p.cache_read_mtok);
  if (cached !== undefined) lc.cachedInput = cached;
  return { price, longContext: lc };
}

/** genai-prices' provider list (its data.json, or what the bundled package holds) as external prices. */
export function genaiPricesSource(providers: unknown, label: string, now = new Date()): ExternalSource {
  const parsed = z.array(gpProvider).safeParse(providers);
  if (!parsed.success) {
    throw new TypeError('a genai-prices data file is a JSON array of providers, each with an id and models');
  }
  const prices: ExternalPrice[] = [];
  for (const prov of parsed.data) {
    const provider = GENAI_PROVIDERS[prov.id];
    if (!provider) continue;
    for (const m of prov.models) {
      const cur = currentPrice(m.prices, now);
      if (!cur || base(cur.input_mtok) === undefined || base(cur.output_mtok) === undefined) continue;
      const id = m.id.toLowerCase();
      const logic = m.match as MatchLogic;
      const { price, longContext } = toTier(cur);
      const entry: ExternalPrice = {
        key: m.id,
        provider,
        matches: (name) => name === id || matchLogic(logic, name),
        price,
      };
      if (longContext) entry.longContext = longContext;
      prices.push(entry);
    }
  }
  return { label, prices };
}

/** The genai-prices data bundled in the installed @pydantic/genai-prices package. */
export async function bundledGenaiPrices(now = new Date()): Promise<ExternalSource> {
  const mod = await import('@pydantic/genai-prices');
  const providers = Object.keys(GENAI_PROVIDERS)
    .map((providerId) => mod.findProvider({ providerId }))
    .filter((p) => p !== undefined);
  const { createRequire } = await import('node:module');
  const { readFileSync } = await import('node:fs');
  const { dirname, join } = await import('node:path');
  // The package exports no package.json: read it beside the resolved entry point (dist/..).
  const entry = createRequire(import.meta.url).resolve('@pydantic/genai-prices');
  const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const version = pkg.version;
  return genaiPricesSource(providers, `@pydantic/genai-prices ${version} (bundled data)`, now);
}

/** The external entry pricing a catalog model: same provider, first of its id and aliases that matches. */
export function findExternal(
  source: ExternalSource,
  catalog: Catalog,
  id: string,
): ExternalPrice | undefined {
  const p = catalog.prices.find(id);
  if (!p) return undefined;
  const mine = source.prices.filter((x) => x.provider === p.provider);
  const names = [p.id, ...p.aliases].map((n) => n.toLowerCase());
  // Hosted ids are `<provider>/<short>`: the short name is what other databases know.
  const slash = p.id.indexOf('/');
  if (slash > 0 && p.id.slice(0, slash) === p.provider) names.push(p.id.slice(slash + 1).toLowerCase());
  // Exact keys first (a model's own key beats another's starts_with rule), then the match logic.
  for (const n of names) {
    const exact = mine.find((x) => x.key.toLowerCase() === n);
    if (exact) return exact;
  }
  for (const n of names) {
    const hit = mine.find((x) => x.matches(n));
    if (hit) return hit;
  }
  return undefined;
}
