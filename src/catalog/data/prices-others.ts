// DeepSeek, Mistral and xAI API list prices, US dollars per million tokens. Re-checked for 2026 against
// @pydantic/genai-prices 0.1.8 (2026-09-23) and LiteLLM (2026-07-24). Floating `-latest` names
// (mistral-large-latest, grok-4-latest, ...) are not aliases: the gateway prices the model the response names.
import type { Lifecycle, ModelPriceInput, PriceTier } from '../schema.js';
import { estimatedEnergy, openWeights, scaled } from './price-helpers.js';

const CHAT = { tools: true, vision: false, jsonMode: true, promptCaching: false, reasoning: false };

const DEEPSEEK_SRC =
  'https://api-docs.deepseek.com/quick_start/pricing (2026-10: deepseek-flash = DeepSeek-V4.1-Flash-1017, ' +
  'deepseek-v4-pro = DeepSeek-V4-Pro-0813; peak 01:00–04:00 and 06:00–10:00 UTC Monday–Friday, off-peak half)';
const DEEPSEEK_RETIRED: Lifecycle = {
  retired: '2026-07-24',
  replacement: 'deepseek-flash',
  source:
    'https://api-docs.deepseek.com/news/news260424 (deepseek-chat / deepseek-reasoner served by V4-Flash from ' +
    '2026-04-24 and retired after 2026-07-24 15:59 UTC)',
};

/** DeepSeek V4 (open weights, MIT): 284B/13B Flash and 1.6T/49B Pro; experts stored in FP4, the rest in FP8. */
const v4Energy = (activeParamsB: number, totalParamsB: number, which: string): ModelPriceInput['energy'] => ({
  activeParamsB,
  totalParamsB,
  estimated: false,
  precision: 'mxfp4',
  note: `DeepSeek-V4-${which}: ${totalParamsB}B MoE, ${activeParamsB}B active (model card); FP4 expert weights`,
});

/** DeepSeek's peak hours (weekdays; Chinese public holidays, which are off-peak, are not modelled). */
const peak = (price: PriceTier): NonNullable<ModelPriceInput['windows']> =>
  (
    [
      ['01:00', '04:00'],
      ['06:00', '10:00'],
    ] as const
  ).map(([startUtc, endUtc]) => ({
    name: 'peak',
    startUtc,
    endUtc,
    days: [1, 2, 3, 4, 5],
    price,
    source: DEEPSEEK_SRC,
    asOf: '2026-10',
  }));

const deepseek = (
  id: string,
  aliases: string[],
  price: ModelPriceInput['price'],
  energy: ModelPriceInput['energy'],
  extra: Partial<ModelPriceInput> = {},
): ModelPriceInput => ({
  id,
  provider: 'deepseek',
  aliases,
  price,
  contextWindow: 1000000,
  maxOutputTokens: 384000,
  capabilities: { ...CHAT, promptCaching: true, reasoning: true },
  minCacheableTokens: 64,
  tokenizer: 'deepseek',
  energy,
  source: DEEPSEEK_SRC,
  asOf: '2026-10',
  ...extra,
});

const MISTRAL_SRC =
  'https://mistral.ai/pricing#api-pricing; https://docs.mistral.ai/getting-started/models/; cross-checked with ' +
  '@pydantic/genai-prices 0.1.8';

const mistral = (
  id: string,
  aliases: string[],
  input: number,
  output: number,
  extra: Pick<ModelPriceInput, 'contextWindow' | 'energy'> & Partial<ModelPriceInput>,
  cachedInput?: number,
): ModelPriceInput => ({
  id,
  provider: 'mistral',
  aliases,
  price: cachedInput === undefined ? { input, output } : { input, output, cachedInput },
  batch: scaled(cachedInput === undefined ? { input, output } : { input, output, cachedInput }, 0.5),
  capabilities: { ...CHAT, promptCaching: cachedInput !== undefined },
  tokenizer: 'mistral',
  source: MISTRAL_SRC,
  asOf: '2026-09',
  ...extra,
});

const XAI_SRC = 'https://docs.x.ai/docs/models; cross-checked with @pydantic/genai-prices 0.1.8';
const XAI_RETIRED = 'xAI model retirement dates as carried by LiteLLM deprecation_date (2026-07-24)';
const xaiRetired = (date: string, replacement: string): Lifecycle => ({
  retired: date,
  replacement,
  source: XAI_RETIRED,
});
const GROK_CAPS = { tools: true, vision: false, jsonMode: true, promptCaching: true, reasoning: true };

export const OTHER_PRICES: ModelPriceInput[] = [
  // Off-peak rates, with the peak (double) rates in time-of-day windows.
  deepseek(
    'deepseek-flash',
    [
      'deepseek/deepseek-flash',
      'deepseek-v4.1-flash',
      // Legacy names: still accepted, served by V4.1 Flash and billed at its price.
      'deepseek-v4-flash',
      'deepseek-v4-flash-vision-exp',
      'deepseek/deepseek-v4-flash',
    ],
    { input: 0.15, output: 0.6, cachedInput: 0.003 },
    v4Energy(13, 284, 'Flash'),
    { windows: peak({ input: 0.3, output: 1.2, cachedInput: 0.006 }) },
  ),
  deepseek(
    'deepseek-v4-pro',
    ['deepseek/deepseek-v4-pro', 'deepseek-v4-pro-0813'],
    { input: 0.66, output: 1.98, cachedInput: 0.022 },
    v4Energy(49, 1600, 'Pro'),
    { windows: peak({ input: 1.32, output: 3.96, cachedInput: 0.044 }) },
  ),
  // Retired: last billed as V4-Flash ($0.14 / $0.28, cache hit $0.0028 since 2026-04-26).
  deepseek(
    'deepseek-chat',
    ['deepseek-v3.2', 'deepseek-v3.2-chat', 'deepseek/deepseek-chat'],
    { input: 0.14, output: 0.28, cachedInput: 0.0028 },
    v4Energy(13, 284, 'Flash'),
    { lifecycle: DEEPSEEK_RETIRED, asOf: '2026-07' },
  ),
  deepseek(
    'deepseek-reasoner',
    ['deepseek-v3.2-reasoner', 'deepseek/deepseek-reasoner'],
    { input: 0.14, output: 0.28, cachedInput: 0.0028 },
    v4Energy(13, 284, 'Flash'),
    { lifecycle: DEEPSEEK_RETIRED, asOf: '2026-07' },
  ),
  mistral('mistral-large', ['mistral-large-2411', 'mistral-large-2407', 'mistral-large-2'], 2, 6, {
    contextWindow: 131072,
    energy: {
      activeParamsB: 123,
      totalParamsB: 123,
      estimated: false,
      note: 'Mistral Large 2: 123B dense (open weights)',
    },
  }),
  mistral(
    'mistral-large-3',
    ['mistral-large-2512'],
    0.5,
    1.5,
    {
      contextWindow: 262144,
      energy: {
        activeParamsB: 41,
        totalParamsB: 675,
        estimated: false,
        note: 'Mistral Large 3: 675B MoE, 41B active',
      },
    },
    0.05,
  ),
  mistral(
    'mistral-medium',
    ['mistral-medium-2505', 'mistral-medium-2508', 'mistral-medium-3', 'mistral-medium-3-1'],
    0.4,
    2,
    {
      contextWindow: 131072,
      capabilities: { ...CHAT, vision: true, promptCaching: true },
      energy: estimatedEnergy(40, 120, 'between Small (24B) and Large'),
    },
    0.04,
  ),
  mistral(
    'mistral-medium-3-5',
    ['mistral-medium-3.5'],
    1.5,
    7.5,
    {
      contextWindow: 262144,
      capabilities: { ...CHAT, vision: true, promptCaching: true },
      energy: estimatedEnergy(40, 200, 'Medium tier, priced at 3.75× Medium 3.1'),
    },
    0.15,
  ),
  mistral(
    'mistral-small-2603',
    ['mistral-small-4'],
    0.15,
    0.6,
    {
      contextWindow: 262144,
      capabilities: { ...CHAT, vision: true, promptCaching: true },
      energy: estimatedEnergy(24, 24, 'Small tier (Small 3.x was 24B dense)'),
    },
    0.015,
  ),
  mistral('mistral-small', ['mistral-small-2506', 'mistral-small-3-2'], 0.1, 0.3, {
    contextWindow: 131072,
    capabilities: { ...CHAT, vision: true },
    energy: {
      activeParamsB: 24,
      totalParamsB: 24,
      estimated: false,
      note: 'Mistral Small 3.2: 24B dense (open weights)',
    },
  }),
  mistral(
    'codestral',
    ['codestral-2501', 'codestral-2508'],
    0.3,
    0.9,
    {
      contextWindow: 256000,
      energy: estimatedEnergy(22, 22, 'first Codestral was 22B dense'),
    },
    0.03,
  ),
  mistral('open-mistral-nemo', ['mistral-nemo', 'open-mistral-nemo-2407'], 0.15, 0.15, {
    contextWindow: 131072,
    energy: {
      activeParamsB: 12.2,
      totalParamsB: 12.2,
      estimated: false,
      note: 'Mistral NeMo: 12B dense (open weights)',
    },
  }),
  mistral('open-mixtral-8x7b', ['mistral/mixtral-8x7b', 'mixtral-8x7b-instruct'], 0.7, 0.7, {
    contextWindow: 32768,
    energy: openWeights('mixtral-8x7b'),
  }),
  mistral('open-mixtral-8x22b', ['mistral/mixtral-8x22b', 'mixtral-8x22b-instruct'], 2, 6, {
    contextWindow: 65536,
    energy: openWeights('mixtral-8x22b'),
  }),
  {
    id: 'grok-4.3',
    provider: 'xai',
    aliases: ['xai/grok-4.3'],
    price: { input: 1.25, output: 2.5, cachedInput: 0.2 },
    longContext: { thresholdTokens: 200000, input: 2.5, output: 5, cachedInput: 0.4 },
    contextWindow: 1000000,
    capabilities: { ...GROK_CAPS, vision: true },
    tokenizer: 'o200k',
    energy: estimatedEnergy(100, 1000, 'Grok 4 family'),
    source: XAI_SRC,
    asOf: '2026-09',
  },
  {
    id: 'grok-4.6',
    provider: 'xai',
    aliases: ['xai/grok-4.6'],
    price: { input: 2, output: 6, cachedInput: 0.5 },
    longContext: { thresholdTokens: 200000, input: 4, output: 12, cachedInput: 1 },
    contextWindow: 500000,
    capabilities: { ...GROK_CAPS, vision: true },
    tokenizer: 'o200k',
    energy: estimatedEnergy(150, 1500, 'Grok 4 family, top tier'),
    source: XAI_SRC,
    asOf: '2026-09',
  },
  {
    id: 'grok-4',
    provider: 'xai',
    aliases: ['grok-4-0709', 'xai/grok-4'],
    lifecycle: xaiRetired('2026-05-15', 'grok-4.3'),
    price: { input: 3, output: 15, cachedInput: 0.75 },
    longContext: { thresholdTokens: 128000, input: 6, output: 30, cachedInput: 0.75 },
    contextWindow: 256000,
    capabilities: { ...GROK_CAPS, vision: true },
    tokenizer: 'o200k',
    energy: estimatedEnergy(300, 3000, 'Grok-1 was 314B MoE; later Groks reported larger'),
    source: XAI_SRC,
    asOf: '2026-09',
  },
  {
    id: 'grok-4-fast-reasoning',
    provider: 'xai',
    aliases: ['grok-4-fast', 'grok-4-fast-non-reasoning', 'xai/grok-4-fast'],
    lifecycle: xaiRetired('2026-05-15', 'grok-4.3'),
    price: { input: 0.2, output: 0.5, cachedInput: 0.05 },
    longContext: { thresholdTokens: 128000, input: 0.4, output: 1, cachedInput: 0.05 },
    contextWindow: 2000000,
    capabilities: { ...GROK_CAPS, vision: true },
    tokenizer: 'o200k',
    energy: estimatedEnergy(30, 300, 'fast tier'),
    source: XAI_SRC,
    asOf: '2026-09',
  },
  {
    id: 'grok-code-fast-1',
    provider: 'xai',
    aliases: ['grok-code-fast', 'grok-code-fast-1-0825'],
    lifecycle: xaiRetired('2026-05-15', 'grok-4.3'),
    price: { input: 0.2, output: 1.5, cachedInput: 0.02 },
    contextWindow: 256000,
    capabilities: GROK_CAPS,
    tokenizer: 'o200k',
    energy: estimatedEnergy(30, 300, 'fast tier'),
    source: XAI_SRC,
    asOf: '2026-09',
  },
  {
    id: 'grok-3',
    provider: 'xai',
    aliases: ['grok-3-latest', 'grok-3-beta', 'xai/grok-3'],
    lifecycle: xaiRetired('2026-05-15', 'grok-4.3'),
    price: { input: 3, output: 15, cachedInput: 0.75 },
    contextWindow: 131072,
    capabilities: { ...GROK_CAPS, reasoning: false },
    tokenizer: 'o200k',
    energy: estimatedEnergy(300, 3000, 'Grok-1 was 314B MoE; later Groks reported larger'),
    source: XAI_SRC,
    asOf: '2026-09',
  },
  {
    id: 'grok-3-mini',
    provider: 'xai',
    aliases: ['grok-3-mini-latest', 'grok-3-mini-beta', 'xai/grok-3-mini'],
    lifecycle: xaiRetired('2026-02-28', 'grok-4.3'),
    price: { input: 0.3, output: 0.5, cachedInput: 0.075 },
    contextWindow: 131072,
    capabilities: GROK_CAPS,
    tokenizer: 'o200k',
    energy: estimatedEnergy(20, 100, 'mini tier'),
    source: XAI_SRC,
    asOf: '2026-09',
  },
];
