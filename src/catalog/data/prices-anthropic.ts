// Anthropic API list prices, US dollars per million tokens. Cache read 0.1x input, 5-minute cache write
// 1.25x, 1-hour cache write 2x; Message Batches API 50% of every price; Sonnet 4 / 4.5 bill the whole request
// at $6 / $22.50 once the prompt exceeds 200k input tokens (1M-context window).
// Re-checked for 2026 against @pydantic/genai-prices 0.1.8 (2026-09-23) and LiteLLM's price file (2026-07-24);
// retirement dates from Anthropic's model deprecations page as carried by LiteLLM's `deprecation_date`.
import type { Lifecycle, ModelPriceInput, PriceTier } from '../schema.js';
import { anthropicTier, estimatedEnergy, scaled } from './price-helpers.js';

const SRC =
  'https://www.anthropic.com/pricing#api; https://docs.claude.com/en/docs/about-claude/pricing; cross-checked ' +
  'with @pydantic/genai-prices 0.1.8';
const AS_OF = '2026-09';
const RETIRED_SRC =
  'https://docs.claude.com/en/docs/about-claude/model-deprecations (via LiteLLM deprecation_date)';
const retired = (date: string, replacement: string): Lifecycle => ({
  retired: date,
  replacement,
  source: RETIRED_SRC,
});
const CAPS = { tools: true, vision: true, jsonMode: true, promptCaching: true, reasoning: true };

function claude(
  id: string,
  aliases: string[],
  input: number,
  output: number,
  extra: Pick<ModelPriceInput, 'maxOutputTokens' | 'minCacheableTokens' | 'energy' | 'lifecycle'> & {
    longContext?: boolean;
    /** 1M-token window billed at the standard price throughout (Opus 4.7 onward). */
    millionFlat?: boolean;
  },
): ModelPriceInput {
  const price = anthropicTier(input, output);
  const entry: ModelPriceInput = {
    id,
    provider: 'anthropic',
    aliases,
    price,
    batch: scaled(price, 0.5),
    contextWindow: extra.longContext || extra.millionFlat ? 1000000 : 200000,
    capabilities: CAPS,
    tokenizer: 'claude',
    source: SRC,
    asOf: AS_OF,
  };
  if (extra.maxOutputTokens !== undefined) entry.maxOutputTokens = extra.maxOutputTokens;
  if (extra.minCacheableTokens !== undefined) entry.minCacheableTokens = extra.minCacheableTokens;
  if (extra.energy !== undefined) entry.energy = extra.energy;
  if (extra.lifecycle !== undefined) entry.lifecycle = extra.lifecycle;
  if (extra.longContext)
    entry.longContext = { ...anthropicTier(input * 2, output * 1.5), thresholdTokens: 200000 };
  return entry;
}

/** Replaces the standard tier (and the batch tier at 50%) where a model departs from the multipliers. */
function withPrice(entry: ModelPriceInput, price: PriceTier): ModelPriceInput {
  return { ...entry, price, batch: scaled(price, 0.5) };
}

export const ANTHROPIC_PRICES: ModelPriceInput[] = [
  // Opus 5.5 departs from the multipliers on cache reads: $0.20 (0.05× input).
  withPrice(
    claude('claude-opus-5-5', ['claude-opus-5.5'], 4, 20, {
      maxOutputTokens: 128000,
      minCacheableTokens: 4096,
      energy: estimatedEnergy(100, 1000, 'Opus tier'),
      millionFlat: true,
    }),
    { input: 4, output: 20, cachedInput: 0.2, cacheWrite5m: 5, cacheWrite1h: 8 },
  ),
  claude('claude-opus-5', ['claude-opus-5-0'], 5, 25, {
    maxOutputTokens: 128000,
    minCacheableTokens: 4096,
    energy: estimatedEnergy(100, 1000, 'Opus tier'),
    millionFlat: true,
  }),
  claude('claude-sonnet-5', ['claude-sonnet-5-0'], 2, 10, {
    maxOutputTokens: 128000,
    minCacheableTokens: 1024,
    energy: estimatedEnergy(60, 400, 'mid Claude tier'),
    millionFlat: true,
  }),
  claude('claude-opus-4-7', ['claude-opus-4.7'], 5, 25, {
    maxOutputTokens: 128000,
    minCacheableTokens: 4096,
    energy: estimatedEnergy(100, 1000, 'Opus tier'),
    millionFlat: true,
  }),
  // Opus 4.6 and Sonnet 4.6 dropped their >200k surcharge on 2026-03-13: the 1M window bills flat.
  claude('claude-opus-4-6', ['claude-opus-4.6'], 5, 25, {
    maxOutputTokens: 128000,
    minCacheableTokens: 4096,
    energy: estimatedEnergy(100, 1000, 'Opus tier'),
    millionFlat: true,
  }),
  claude('claude-sonnet-4-6', ['claude-sonnet-4.6'], 3, 15, {
    maxOutputTokens: 64000,
    minCacheableTokens: 1024,
    energy: estimatedEnergy(60, 400, 'mid Claude tier'),
    millionFlat: true,
  }),
  claude('claude-opus-4-1', ['claude-opus-4-1-20250805', 'claude-opus-4.1'], 15, 75, {
    maxOutputTokens: 32000,
    minCacheableTokens: 1024,
    energy: estimatedEnergy(200, 2000, 'largest Claude tier'),
    lifecycle: retired('2026-08-05', 'claude-opus-4-7'),
  }),
  claude('claude-opus-4', ['claude-opus-4-20250514', 'claude-opus-4-0', 'claude-4-opus'], 15, 75, {
    maxOutputTokens: 32000,
    minCacheableTokens: 1024,
    energy: estimatedEnergy(200, 2000, 'largest Claude tier'),
    lifecycle: retired('2026-05-14', 'claude-opus-4-7'),
  }),
  claude('claude-opus-4-5', ['claude-opus-4-5-20251101', 'claude-opus-4.5'], 5, 25, {
    maxOutputTokens: 64000,
    minCacheableTokens: 4096,
    energy: estimatedEnergy(100, 1000, 'Opus tier at one third of the Opus 4.1 price'),
  }),
  claude(
    'claude-sonnet-4-5',
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4.5', 'claude-4-5-sonnet'],
    3,
    15,
    {
      maxOutputTokens: 64000,
      minCacheableTokens: 1024,
      energy: estimatedEnergy(60, 400, 'mid Claude tier'),
      longContext: true,
    },
  ),
  claude('claude-sonnet-4', ['claude-sonnet-4-20250514', 'claude-sonnet-4-0', 'claude-4-sonnet'], 3, 15, {
    maxOutputTokens: 64000,
    minCacheableTokens: 1024,
    energy: estimatedEnergy(60, 400, 'mid Claude tier'),
    longContext: true,
    lifecycle: retired('2026-05-14', 'claude-sonnet-4-6'),
  }),
  claude(
    'claude-3-7-sonnet',
    ['claude-3-7-sonnet-20250219', 'claude-3-7-sonnet-latest', 'claude-3.7-sonnet'],
    3,
    15,
    {
      maxOutputTokens: 64000,
      minCacheableTokens: 1024,
      energy: estimatedEnergy(60, 400, 'mid Claude tier'),
      lifecycle: retired('2026-02-19', 'claude-sonnet-4-6'),
    },
  ),
  claude('claude-haiku-4-5', ['claude-haiku-4-5-20251001', 'claude-haiku-4.5', 'claude-4-5-haiku'], 1, 5, {
    maxOutputTokens: 64000,
    minCacheableTokens: 4096,
    energy: estimatedEnergy(20, 100, 'small Claude tier'),
  }),
  claude(
    'claude-3-5-haiku',
    ['claude-3-5-haiku-20241022', 'claude-3-5-haiku-latest', 'claude-3.5-haiku'],
    0.8,
    4,
    {
      maxOutputTokens: 8192,
      minCacheableTokens: 2048,
      energy: estimatedEnergy(20, 100, 'small Claude tier'),
    },
  ),
  // Haiku 3 is the exception to the multipliers: Anthropic lists $0.30 cache writes and $0.03 cache reads.
  withPrice(
    claude('claude-3-haiku', ['claude-3-haiku-20240307'], 0.25, 1.25, {
      maxOutputTokens: 4096,
      minCacheableTokens: 2048,
      energy: estimatedEnergy(8, 20, 'smallest Claude tier'),
    }),
    { input: 0.25, output: 1.25, cachedInput: 0.03, cacheWrite5m: 0.3, cacheWrite1h: 0.5 },
  ),
];
