// API model prices, US dollars per million tokens. Each entry cites the provider's pricing page.
import type { ModelPriceInput } from '../schema.js';

export const PRICES: ModelPriceInput[] = [
  {
    id: 'gpt-4o',
    provider: 'openai',
    aliases: ['gpt-4o-2024-08-06', 'gpt-4o-2024-11-20'],
    price: { input: 2.5, output: 10, cachedInput: 1.25 },
    batch: { input: 1.25, output: 5 },
    contextWindow: 128000,
    maxOutputTokens: 16384,
    capabilities: { tools: true, vision: true, jsonMode: true, promptCaching: true, reasoning: false },
    minCacheableTokens: 1024,
    tokenizer: 'o200k',
    energy: { activeParamsB: 100, totalParamsB: 440, estimated: true, note: 'EcoLogits-style estimate' },
    source: 'https://platform.openai.com/docs/pricing',
    asOf: '2026-11',
  },
];
