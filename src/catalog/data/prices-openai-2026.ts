// OpenAI's 2026 models, US dollars per million tokens. Requests whose prompt exceeds 272k input tokens are
// billed whole at 2× input and 1.5× output (GPT-5.4 onward). GPT-6 lists a cache-write price (1.25× input).
// Sources: OpenAI's pricing page as read by @pydantic/genai-prices 0.1.8 (2026-09-23) and LiteLLM's price
// file (2026-07-24); GPT-6 Sol/Luna from OpenAI's 2026-09-22 launch prices, GPT-6.1 Sol from its model page
// (2026-09-30). Parameter counts are undisclosed: energy bases are estimates with ×/÷2 ranges.
import type { ModelPriceInput, PriceTier } from '../schema.js';
import { estimatedEnergy, usd } from './price-helpers.js';
import { OPENAI_SRC, openai } from './prices-openai.js';

const REASON = { tools: true, vision: true, jsonMode: true, promptCaching: true, reasoning: true };

/** A tier with the >272k long-context surcharge (2× input and cache, 1.5× output). */
function over272k(t: PriceTier): NonNullable<ModelPriceInput['longContext']> {
  const lc: NonNullable<ModelPriceInput['longContext']> = {
    thresholdTokens: 272000,
    input: usd(t.input * 2),
    output: usd(t.output * 1.5),
  };
  if (t.cachedInput !== undefined) lc.cachedInput = usd(t.cachedInput * 2);
  if (t.cacheWrite5m !== undefined) lc.cacheWrite5m = usd(t.cacheWrite5m * 2);
  return lc;
}

function gpt(
  id: string,
  price: PriceTier,
  energy: ModelPriceInput['energy'],
  opts: { long?: boolean; context?: number; asOf?: string; source?: string } = {},
): ModelPriceInput {
  const entry = openai(
    id,
    [],
    price,
    {
      contextWindow: opts.context ?? 1050000,
      maxOutputTokens: 128000,
      capabilities: REASON,
      energy,
      asOf: opts.asOf ?? '2026-09',
      source: opts.source ?? OPENAI_SRC,
    },
    true,
  );
  if (opts.long) entry.longContext = over272k(price);
  return entry;
}

const frontier = (why: string) => estimatedEnergy(100, 800, why);
const mini = estimatedEnergy(20, 100, 'mini tier');
const nano = estimatedEnergy(4, 20, 'nano tier');

export const OPENAI_2026_PRICES: ModelPriceInput[] = [
  gpt('gpt-5.2', { input: 1.75, output: 14, cachedInput: 0.175 }, frontier('GPT-5-class MoE'), {
    context: 400000,
  }),
  gpt('gpt-5.4', { input: 2.5, output: 15, cachedInput: 0.25 }, frontier('GPT-5-class MoE'), { long: true }),
  gpt('gpt-5.4-mini', { input: 0.75, output: 4.5, cachedInput: 0.075 }, mini, { context: 400000 }),
  gpt('gpt-5.4-nano', { input: 0.2, output: 1.25, cachedInput: 0.02 }, nano, { context: 400000 }),
  gpt('gpt-5.5', { input: 5, output: 30, cachedInput: 0.5 }, frontier('largest GPT-5 tier'), { long: true }),
  gpt(
    'gpt-6-astra',
    { input: 10, output: 50, cachedInput: 1, cacheWrite5m: 12.5 },
    estimatedEnergy(200, 2000, 'flagship priced at 5× GPT-6 Sol'),
    { long: true },
  ),
  gpt(
    'gpt-6-sol',
    { input: 2, output: 10, cachedInput: 0.2, cacheWrite5m: 2.5 },
    frontier('mid GPT-6 tier'),
    { long: true },
  ),
  gpt('gpt-6-luna', { input: 0.1, output: 0.5, cachedInput: 0.01, cacheWrite5m: 0.125 }, nano, {
    long: true,
  }),
  gpt('gpt-6.1-sol', { input: 2, output: 10, cachedInput: 0.1 }, frontier('mid GPT-6 tier'), {
    long: true,
    asOf: '2026-09-30',
    source: 'https://developers.openai.com/api/docs/models/gpt-6.1-sol (as read 2026-10-01 by third parties)',
  }),
];
