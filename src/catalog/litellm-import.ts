// Converts LiteLLM's price file (model_prices_and_context_window.json: $ per token) into catalog price
// entries ($ per million tokens), validated, ready to write as an overlay file.
import { z } from 'zod';
import { familyForModel } from '../tokens/count.js';
import type { Catalog } from './catalog.js';
import { type ModelPriceInput, modelPriceSchema, type PriceTier } from './schema.js';

const cost = z.number().nonnegative().finite().optional();
const flag = z.boolean().optional();

/** The LiteLLM fields Margin reads; everything else is ignored. */
const litellmEntrySchema = z
  .object({
    litellm_provider: z.string().optional(),
    mode: z.string().optional(),
    max_input_tokens: z.number().optional(),
    max_output_tokens: z.number().optional(),
    max_tokens: z.number().optional(),
    input_cost_per_token: cost,
    output_cost_per_token: cost,
    cache_read_input_token_cost: cost,
    cache_creation_input_token_cost: cost,
    cache_creation_input_token_cost_above_1hr: cost,
    input_cost_per_token_batches: cost,
    output_cost_per_token_batches: cost,
    input_cost_per_token_flex: cost,
    output_cost_per_token_flex: cost,
    cache_read_input_token_cost_flex: cost,
    supports_function_calling: flag,
    supports_vision: flag,
    supports_response_schema: flag,
    supports_prompt_caching: flag,
    supports_reasoning: flag,
  })
  .passthrough();

type LiteLlmEntry = z.infer<typeof litellmEntrySchema>;

/** LiteLLM provider names → Margin's provider names. */
const PROVIDERS: Record<string, string> = {
  gemini: 'google',
  together_ai: 'together',
  fireworks_ai: 'fireworks',
  text_completion_openai: 'openai',
  azure_ai: 'azure',
};

export interface ImportResult {
  prices: ModelPriceInput[];
  imported: number;
  /** Skipped entries by reason, e.g. `{ 'mode embedding': 120, 'sample_spec': 1 }`. */
  skipped: Record<string, number>;
  /** Imported entries with no energy basis (Margin's meter needs one to compute energy). */
  withoutEnergy: string[];
}

/** $ per token → $ per million tokens, rounded to a millionth of a dollar to drop float noise. */
const perM = (x: number): number => Math.round(x * 1e12) / 1e6;

function tier(input: number, output: number, e: Record<string, unknown>, suffix: string): PriceTier {
  const t: PriceTier = { input: perM(input), output: perM(output) };
  const read = e[`cache_read_input_token_cost${suffix}`];
  const write = e[`cache_creation_input_token_cost${suffix}`];
  const write1h = e[`cache_creation_input_token_cost_above_1hr${suffix}`];
  if (typeof read === 'number') t.cachedInput = perM(read);
  if (typeof write === 'number') t.cacheWrite5m = perM(write);
  if (typeof write1h === 'number') t.cacheWrite1h = perM(write1h);
  return t;
}

/** The lowest `*_above_<N>k_tokens` threshold present, as a long-context tier. */
function longContextTier(e: Record<string, unknown>): ModelPriceInput['longContext'] | undefined {
  const thresholds = new Set<number>();
  for (const k of Object.keys(e)) {
    const m = /^input_cost_per_token_above_(\d+)k_tokens$/.exec(k);
    if (m && typeof e[k] === 'number') thresholds.add(Number(m[1]));
  }
  const k = Math.min(...thresholds);
  if (!Number.isFinite(k)) return undefined;
  const suffix = `_above_${k}k_tokens`;
  const input = e[`input_cost_per_token${suffix}`] as number;
  const output = e[`output_cost_per_token${suffix}`];
  const write1h = e[`cache_creation_input_token_cost_above_1hr${suffix}`];
  const t = tier(input, typeof output === 'number' ? output : (e.output_cost_per_token as number), e, suffix);
  if (typeof write1h === 'number') t.cacheWrite1h = perM(write1h);
  return { ...t, thresholdTokens: k * 1000 };
}

function toEntry(key: string, e: LiteLlmEntry, source: string, asOf: string): ModelPriceInput {
  const raw = e as Record<string, unknown>;
  const provider = PROVIDERS[e.litellm_provider ?? ''] ?? e.litellm_provider ?? 'unknown';
  const entry: ModelPriceInput = {
    id: key,
    provider,
    aliases: [],
    price: tier(e.input_cost_per_token ?? 0, e.output_cost_per_token ?? 0, raw, ''),
    contextWindow: Math.round(e.max_input_tokens ?? e.max_tokens ?? 0),
    capabilities: {
      tools: e.supports_function_calling ?? false,
      vision: e.supports_vision ?? false,
      jsonMode: e.supports_response_schema ?? false,
      promptCaching: e.supports_prompt_caching ?? false,
      reasoning: e.supports_reasoning ?? false,
    },
    tokenizer: familyForModel(key),
    source,
    asOf,
  };
  const slash = key.indexOf('/');
  if (slash > 0) entry.aliases = [key.slice(slash + 1)];
  if (e.max_output_tokens !== undefined) entry.maxOutputTokens = Math.round(e.max_output_tokens);
  if (e.input_cost_per_token_batches !== undefined && e.output_cost_per_token_batches !== undefined) {
    entry.batch = {
      input: perM(e.input_cost_per_token_batches),
      output: perM(e.output_cost_per_token_batches),
    };
  }
  if (e.input_cost_per_token_flex !== undefined && e.output_cost_per_token_flex !== undefined) {
    entry.flex = tier(e.input_cost_per_token_flex, e.output_cost_per_token_flex, raw, '_flex');
  }
  const lc = longContextTier(raw);
  if (lc) entry.longContext = lc;
  return entry;
}

/**
 * Converts a parsed LiteLLM price file. Skips `sample_spec`, non-chat modes and entries without token
 * prices (counted by reason). `base` (the shipped catalog) lends energy bases to models it knows.
 */
export function importLiteLlm(
  json: unknown,
  opts: { file: string; asOf: string; base?: Catalog },
): ImportResult {
  const top = z.record(z.string(), z.unknown()).safeParse(json);
  if (!top.success) throw new TypeError('a LiteLLM price file is a JSON object keyed by model name');
  const result: ImportResult = { prices: [], imported: 0, skipped: {}, withoutEnergy: [] };
  const skip = (why: string) => {
    result.skipped[why] = (result.skipped[why] ?? 0) + 1;
  };
  const source = `litellm import ${opts.file}`;
  for (const [key, value] of Object.entries(top.data)) {
    if (key === 'sample_spec') {
      skip('sample_spec');
      continue;
    }
    const parsed = litellmEntrySchema.safeParse(value);
    if (!parsed.success) {
      skip('malformed entry');
      continue;
    }
    const e = parsed.data;
    const mode = e.mode ?? 'chat';
    if (mode !== 'chat') {
      skip(`mode ${mode}`);
      continue;
    }
    if (e.input_cost_per_token === undefined || e.output_cost_per_token === undefined) {
      skip('no per-token prices');
      continue;
    }
    const entry = toEntry(key, e, source, opts.asOf);
    const known = opts.base?.prices.find(key);
    // Never let another provider's listing (Azure, Vertex, Bedrock...) shadow a shipped id or alias.
    const sameKey = known && [known.id, ...known.aliases].some((a) => a.toLowerCase() === key.toLowerCase());
    if (known && sameKey && known.provider !== entry.provider) entry.id = `${entry.provider}/${key}`;
    entry.aliases = (entry.aliases ?? []).filter((a) => {
      const other = opts.base?.prices.find(a);
      return !other || other.provider === entry.provider;
    });
    const facts = opts.base?.models.find(key);
    if (known?.energy) entry.energy = known.energy;
    else if (facts) entry.energy = { modelFacts: facts.id, estimated: false };
    const check = modelPriceSchema.safeParse(entry);
    if (!check.success) {
      skip(`invalid (${check.error.issues[0]?.path.join('.') || 'entry'})`);
      continue;
    }
    if (!entry.energy) result.withoutEnergy.push(key);
    result.prices.push(entry);
    result.imported++;
  }
  return result;
}
