// OpenAI API list prices, US dollars per million tokens (Standard tier; Batch = 50%; Flex where offered).
// Re-checked for 2026 against @pydantic/genai-prices 0.1.8 (2026-09-23) and LiteLLM's price file
// (2026-07-24); the GPT-5.2+ and GPT-6 entries are in prices-openai-2026.ts.
import type { ModelPriceInput, PriceTier } from '../schema.js';
import { estimatedEnergy, scaled } from './price-helpers.js';

export const OPENAI_SRC =
  'https://developers.openai.com/api/docs/pricing (formerly platform.openai.com/docs/pricing); cross-checked ' +
  'with @pydantic/genai-prices 0.1.8';
const SRC = OPENAI_SRC;
const AS_OF = '2026-09';
const CHAT = { tools: true, vision: true, jsonMode: true, promptCaching: true, reasoning: false };
const REASON = { ...CHAT, reasoning: true };

export function openai(
  id: string,
  aliases: string[],
  price: PriceTier,
  extra: Partial<ModelPriceInput> & Pick<ModelPriceInput, 'contextWindow' | 'energy'>,
  flex = false,
): ModelPriceInput {
  const entry: ModelPriceInput = {
    id,
    provider: 'openai',
    aliases,
    price,
    batch: scaled(price, 0.5),
    capabilities: CHAT,
    minCacheableTokens: 1024,
    tokenizer: 'o200k',
    source: SRC,
    asOf: AS_OF,
    ...extra,
  };
  if (flex) entry.flex = scaled(price, 0.5);
  return entry;
}

export const OPENAI_PRICES: ModelPriceInput[] = [
  openai(
    'gpt-4o',
    ['gpt-4o-2024-08-06', 'gpt-4o-2024-11-20'],
    { input: 2.5, output: 10, cachedInput: 1.25 },
    {
      contextWindow: 128000,
      maxOutputTokens: 16384,
      energy: estimatedEnergy(100, 440, 'GPT-4-class MoE'),
    },
  ),
  openai(
    'gpt-4o-mini',
    ['gpt-4o-mini-2024-07-18'],
    { input: 0.15, output: 0.6, cachedInput: 0.075 },
    {
      contextWindow: 128000,
      maxOutputTokens: 16384,
      energy: estimatedEnergy(8, 40, 'small MoE'),
    },
  ),
  openai(
    'gpt-4.1',
    ['gpt-4.1-2025-04-14'],
    { input: 2, output: 8, cachedInput: 0.5 },
    {
      contextWindow: 1047576,
      maxOutputTokens: 32768,
      energy: estimatedEnergy(100, 440, 'GPT-4o-class'),
    },
  ),
  openai(
    'gpt-4.1-mini',
    ['gpt-4.1-mini-2025-04-14'],
    { input: 0.4, output: 1.6, cachedInput: 0.1 },
    {
      contextWindow: 1047576,
      maxOutputTokens: 32768,
      energy: estimatedEnergy(20, 100, 'mid-size'),
    },
  ),
  openai(
    'gpt-4.1-nano',
    ['gpt-4.1-nano-2025-04-14'],
    { input: 0.1, output: 0.4, cachedInput: 0.025 },
    {
      contextWindow: 1047576,
      maxOutputTokens: 32768,
      energy: estimatedEnergy(4, 20, 'small'),
    },
  ),
  openai(
    'o3',
    ['o3-2025-04-16'],
    { input: 2, output: 8, cachedInput: 0.5 },
    {
      contextWindow: 200000,
      maxOutputTokens: 100000,
      capabilities: REASON,
      energy: estimatedEnergy(100, 440, 'GPT-4o-class reasoning model'),
    },
    true,
  ),
  openai(
    'o3-pro',
    ['o3-pro-2025-06-10'],
    { input: 20, output: 80 },
    {
      contextWindow: 200000,
      maxOutputTokens: 100000,
      capabilities: { ...REASON, promptCaching: false },
      energy: estimatedEnergy(100, 440, 'o3 with more compute per request'),
    },
  ),
  openai(
    'o3-mini',
    ['o3-mini-2025-01-31'],
    { input: 1.1, output: 4.4, cachedInput: 0.55 },
    {
      contextWindow: 200000,
      maxOutputTokens: 100000,
      capabilities: { ...REASON, vision: false },
      energy: estimatedEnergy(20, 100, 'mini reasoning model'),
    },
  ),
  openai(
    'o4-mini',
    ['o4-mini-2025-04-16'],
    { input: 1.1, output: 4.4, cachedInput: 0.275 },
    {
      contextWindow: 200000,
      maxOutputTokens: 100000,
      capabilities: REASON,
      energy: estimatedEnergy(20, 100, 'mini reasoning model'),
    },
    true,
  ),
  openai(
    'o1',
    ['o1-2024-12-17'],
    { input: 15, output: 60, cachedInput: 7.5 },
    {
      contextWindow: 200000,
      maxOutputTokens: 100000,
      capabilities: REASON,
      energy: estimatedEnergy(100, 440, 'GPT-4o-class reasoning model'),
    },
  ),
  openai(
    'gpt-5',
    ['gpt-5-2025-08-07'],
    { input: 1.25, output: 10, cachedInput: 0.125 },
    {
      contextWindow: 400000,
      maxOutputTokens: 128000,
      capabilities: REASON,
      energy: estimatedEnergy(100, 600, 'frontier MoE'),
    },
    true,
  ),
  openai(
    'gpt-5-mini',
    ['gpt-5-mini-2025-08-07'],
    { input: 0.25, output: 2, cachedInput: 0.025 },
    {
      contextWindow: 400000,
      maxOutputTokens: 128000,
      capabilities: REASON,
      energy: estimatedEnergy(20, 100, 'mini reasoning model'),
    },
    true,
  ),
  openai(
    'gpt-5-nano',
    ['gpt-5-nano-2025-08-07'],
    { input: 0.05, output: 0.4, cachedInput: 0.005 },
    {
      contextWindow: 400000,
      maxOutputTokens: 128000,
      capabilities: REASON,
      energy: estimatedEnergy(4, 20, 'nano reasoning model'),
    },
    true,
  ),
  openai(
    'gpt-5.1',
    ['gpt-5.1-2025-11-13'],
    { input: 1.25, output: 10, cachedInput: 0.125 },
    {
      contextWindow: 400000,
      maxOutputTokens: 128000,
      capabilities: REASON,
      energy: estimatedEnergy(100, 600, 'frontier MoE'),
    },
    true,
  ),
  openai(
    'gpt-4-turbo',
    ['gpt-4-turbo-2024-04-09'],
    { input: 10, output: 30 },
    {
      contextWindow: 128000,
      maxOutputTokens: 4096,
      capabilities: { ...CHAT, promptCaching: false },
      tokenizer: 'cl100k',
      energy: estimatedEnergy(220, 1760, 'GPT-4 MoE as widely reported'),
    },
  ),
  openai(
    'gpt-3.5-turbo',
    ['gpt-3.5-turbo-0125'],
    { input: 0.5, output: 1.5 },
    {
      contextWindow: 16385,
      maxOutputTokens: 4096,
      capabilities: { tools: true, vision: false, jsonMode: true, promptCaching: false, reasoning: false },
      tokenizer: 'cl100k',
      energy: estimatedEnergy(20, 20, 'dense, widely reported ~20B'),
    },
  ),
  openai(
    'text-embedding-3-small',
    [],
    { input: 0.02, output: 0 },
    {
      contextWindow: 8191,
      capabilities: { tools: false, vision: false, jsonMode: false, promptCaching: false, reasoning: false },
      tokenizer: 'cl100k',
      energy: estimatedEnergy(0.3, 0.3, 'small embedding encoder'),
    },
  ),
  openai(
    'text-embedding-3-large',
    [],
    { input: 0.13, output: 0 },
    {
      contextWindow: 8191,
      capabilities: { tools: false, vision: false, jsonMode: false, promptCaching: false, reasoning: false },
      tokenizer: 'cl100k',
      energy: estimatedEnergy(1.5, 1.5, 'embedding encoder'),
    },
  ),
];
