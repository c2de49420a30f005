// Google Gemini API (Developer API, paid tier) list prices, US dollars per million text tokens. Batch Mode is
// 50%; Gemini 2.5 Pro and 3 Pro bill the whole request at the higher tier once the prompt exceeds 200k tokens.
// Context-cache storage ($/M tokens/hour) is not modelled; only cached-token reads are. Re-checked for 2026
// against @pydantic/genai-prices 0.1.8 (2026-09-23) and LiteLLM (2026-07-24). Floating `-latest` names
// (gemini-flash-latest, gemini-flash-lite-latest) are deliberately not aliases: they move to each new Flash,
// so the gateway prices them by the concrete model the response names.
import type { Lifecycle, ModelPriceInput } from '../schema.js';
import { estimatedEnergy } from './price-helpers.js';

const SRC = 'https://ai.google.dev/gemini-api/docs/pricing; cross-checked with @pydantic/genai-prices 0.1.8';
const AS_OF = '2026-09';
const CAPS = { tools: true, vision: true, jsonMode: true, promptCaching: true, reasoning: true };
const RETIRED_SRC =
  'https://ai.google.dev/gemini-api/docs/deprecations (dates as carried by LiteLLM deprecation_date, 2026-07-24)';
const retired = (date: string, replacement: string): Lifecycle => ({
  retired: date,
  replacement,
  source: RETIRED_SRC,
});

/** A Gemini 3.x entry: batch at 50%, optional >200k tier. */
function gemini3(
  id: string,
  price: { input: number; output: number; cachedInput: number },
  energy: ModelPriceInput['energy'],
  extra: Partial<ModelPriceInput> = {},
): ModelPriceInput {
  return {
    id,
    provider: 'google',
    aliases: [`models/${id}`, `gemini/${id}`],
    price,
    batch: { input: price.input / 2, output: price.output / 2 },
    contextWindow: 1048576,
    maxOutputTokens: 65536,
    capabilities: CAPS,
    tokenizer: 'gemini',
    energy,
    source: SRC,
    asOf: AS_OF,
    ...extra,
  };
}

export const GOOGLE_PRICES: ModelPriceInput[] = [
  gemini3(
    'gemini-3.1-pro-preview',
    { input: 2, output: 12, cachedInput: 0.2 },
    estimatedEnergy(150, 1000, 'frontier sparse MoE'),
    { longContext: { thresholdTokens: 200000, input: 4, output: 18, cachedInput: 0.4 } },
  ),
  gemini3(
    'gemini-3.6-flash',
    { input: 0.75, output: 3.75, cachedInput: 0.075 },
    estimatedEnergy(30, 300, 'Flash tier'),
    {
      source:
        `${SRC}. Launched 2026-07 at a listed $1.50 / $7.50 (ai.google.dev whats-new-gemini-3.6); genai-prices ` +
        'carries $0.75 / $3.75 until 2027-01-01, then the list price: the current figure is used',
    },
  ),
  gemini3(
    'gemini-3.5-flash',
    { input: 1.5, output: 9, cachedInput: 0.15 },
    estimatedEnergy(30, 300, 'Flash tier'),
  ),
  gemini3(
    'gemini-3.5-flash-lite',
    { input: 0.3, output: 2.5, cachedInput: 0.03 },
    estimatedEnergy(8, 50, 'Flash-Lite tier'),
  ),
  gemini3(
    'gemini-3-flash-preview',
    { input: 0.5, output: 3, cachedInput: 0.05 },
    estimatedEnergy(20, 200, 'Flash tier'),
  ),
  gemini3(
    'gemini-3.1-flash-lite',
    { input: 0.25, output: 1.5, cachedInput: 0.025 },
    estimatedEnergy(8, 50, 'Flash-Lite tier'),
  ),
  {
    id: 'gemini-2.5-pro',
    provider: 'google',
    aliases: ['models/gemini-2.5-pro', 'gemini/gemini-2.5-pro'],
    price: { input: 1.25, output: 10, cachedInput: 0.125 },
    batch: { input: 0.625, output: 5 },
    longContext: { thresholdTokens: 200000, input: 2.5, output: 15, cachedInput: 0.25 },
    contextWindow: 1048576,
    maxOutputTokens: 65536,
    capabilities: CAPS,
    tokenizer: 'gemini',
    energy: estimatedEnergy(100, 600, 'frontier sparse MoE'),
    source: SRC,
    asOf: AS_OF,
  },
  {
    id: 'gemini-3-pro-preview',
    provider: 'google',
    aliases: ['models/gemini-3-pro-preview', 'gemini-3-pro'],
    price: { input: 2, output: 12, cachedInput: 0.2 },
    batch: { input: 1, output: 6 },
    longContext: { thresholdTokens: 200000, input: 4, output: 18, cachedInput: 0.4 },
    contextWindow: 1048576,
    maxOutputTokens: 65536,
    capabilities: CAPS,
    tokenizer: 'gemini',
    energy: estimatedEnergy(150, 1000, 'frontier sparse MoE'),
    lifecycle: retired('2026-03-09', 'gemini-3.1-pro-preview'),
    source: SRC,
    asOf: AS_OF,
  },
  {
    id: 'gemini-2.5-flash',
    provider: 'google',
    aliases: ['models/gemini-2.5-flash', 'gemini/gemini-2.5-flash'],
    price: { input: 0.3, output: 2.5, cachedInput: 0.03 },
    batch: { input: 0.15, output: 1.25 },
    contextWindow: 1048576,
    maxOutputTokens: 65536,
    capabilities: CAPS,
    tokenizer: 'gemini',
    energy: estimatedEnergy(20, 200, 'Flash tier'),
    source: SRC,
    asOf: AS_OF,
  },
  {
    id: 'gemini-2.5-flash-lite',
    provider: 'google',
    aliases: ['models/gemini-2.5-flash-lite', 'gemini/gemini-2.5-flash-lite'],
    price: { input: 0.1, output: 0.4, cachedInput: 0.01 },
    batch: { input: 0.05, output: 0.2 },
    contextWindow: 1048576,
    maxOutputTokens: 65536,
    capabilities: CAPS,
    tokenizer: 'gemini',
    energy: estimatedEnergy(8, 50, 'Flash-Lite tier'),
    source: SRC,
    asOf: AS_OF,
  },
  {
    id: 'gemini-2.0-flash',
    provider: 'google',
    aliases: ['gemini-2.0-flash-001', 'models/gemini-2.0-flash'],
    price: { input: 0.1, output: 0.4, cachedInput: 0.025 },
    batch: { input: 0.05, output: 0.2 },
    contextWindow: 1048576,
    maxOutputTokens: 8192,
    capabilities: { ...CAPS, reasoning: false },
    tokenizer: 'gemini',
    energy: estimatedEnergy(20, 200, 'Flash tier'),
    lifecycle: retired('2026-06-01', 'gemini-2.5-flash'),
    source: SRC,
    asOf: AS_OF,
  },
  {
    id: 'gemini-2.0-flash-lite',
    provider: 'google',
    aliases: ['gemini-2.0-flash-lite-001', 'models/gemini-2.0-flash-lite'],
    price: { input: 0.075, output: 0.3 },
    batch: { input: 0.0375, output: 0.15 },
    contextWindow: 1048576,
    maxOutputTokens: 8192,
    capabilities: { ...CAPS, reasoning: false, promptCaching: false },
    tokenizer: 'gemini',
    energy: estimatedEnergy(8, 50, 'Flash-Lite tier'),
    lifecycle: retired('2026-06-01', 'gemini-2.5-flash-lite'),
    source: SRC,
    asOf: AS_OF,
  },
];
