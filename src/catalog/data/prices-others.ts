// DeepSeek, Mistral and xAI API list prices, US dollars per million tokens.
import type { ModelPriceInput } from '../schema.js';
import { estimatedEnergy, openWeights, scaled } from './price-helpers.js';

const CHAT = { tools: true, vision: false, jsonMode: true, promptCaching: false, reasoning: false };

const DEEPSEEK_SRC =
  'https://api-docs.deepseek.com/quick_start/pricing (DeepSeek-V3.2: one price for deepseek-chat and ' +
  'deepseek-reasoner since 2025-09; off-peak discount discontinued)';

const deepseek = (
  id: string,
  aliases: string[],
  facts: string,
  reasoning: boolean,
  maxOut: number,
): ModelPriceInput => ({
  id,
  provider: 'deepseek',
  aliases,
  price: { input: 0.28, output: 0.42, cachedInput: 0.028 },
  contextWindow: 128000,
  maxOutputTokens: maxOut,
  capabilities: { ...CHAT, promptCaching: true, reasoning },
  minCacheableTokens: 64,
  tokenizer: 'deepseek',
  energy: openWeights(facts),
  source: DEEPSEEK_SRC,
  asOf: '2025-12',
});

const MISTRAL_SRC = 'https://mistral.ai/pricing#api-pricing; https://docs.mistral.ai/getting-started/models/';

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
  asOf: '2025-11',
  ...extra,
});

const XAI_SRC = 'https://docs.x.ai/docs/models';
const GROK_CAPS = { tools: true, vision: false, jsonMode: true, promptCaching: true, reasoning: true };

export const OTHER_PRICES: ModelPriceInput[] = [
  deepseek(
    'deepseek-chat',
    ['deepseek-v3.2', 'deepseek-v3.2-chat', 'deepseek/deepseek-chat'],
    'deepseek-v3',
    false,
    8192,
  ),
  deepseek(
    'deepseek-reasoner',
    ['deepseek-v3.2-reasoner', 'deepseek/deepseek-reasoner'],
    'deepseek-r1',
    true,
    64000,
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
    ['mistral-large-2512', 'mistral-large-latest'],
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
  mistral('mistral-small', ['mistral-small-2506', 'mistral-small-latest', 'mistral-small-3-2'], 0.1, 0.3, {
    contextWindow: 131072,
    capabilities: { ...CHAT, vision: true },
    energy: {
      activeParamsB: 24,
      totalParamsB: 24,
      estimated: false,
      note: 'Mistral Small 3.2: 24B dense (open weights)',
    },
  }),
  mistral('codestral', ['codestral-latest', 'codestral-2501', 'codestral-2508'], 0.3, 0.9, {
    contextWindow: 256000,
    energy: estimatedEnergy(22, 22, 'first Codestral was 22B dense'),
  }),
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
    id: 'grok-4',
    provider: 'xai',
    aliases: ['grok-4-0709', 'grok-4-latest', 'xai/grok-4'],
    price: { input: 3, output: 15, cachedInput: 0.75 },
    longContext: { thresholdTokens: 128000, input: 6, output: 30, cachedInput: 0.75 },
    contextWindow: 256000,
    capabilities: { ...GROK_CAPS, vision: true },
    tokenizer: 'o200k',
    energy: estimatedEnergy(300, 3000, 'Grok-1 was 314B MoE; later Groks reported larger'),
    source: XAI_SRC,
    asOf: '2025-11',
  },
  {
    id: 'grok-4-fast-reasoning',
    provider: 'xai',
    aliases: ['grok-4-fast', 'grok-4-fast-non-reasoning', 'grok-4-fast-reasoning-latest', 'xai/grok-4-fast'],
    price: { input: 0.2, output: 0.5, cachedInput: 0.05 },
    longContext: { thresholdTokens: 128000, input: 0.4, output: 1, cachedInput: 0.05 },
    contextWindow: 2000000,
    capabilities: { ...GROK_CAPS, vision: true },
    tokenizer: 'o200k',
    energy: estimatedEnergy(30, 300, 'fast tier'),
    source: XAI_SRC,
    asOf: '2025-11',
  },
  {
    id: 'grok-code-fast-1',
    provider: 'xai',
    aliases: ['grok-code-fast', 'grok-code-fast-1-0825'],
    price: { input: 0.2, output: 1.5, cachedInput: 0.02 },
    contextWindow: 256000,
    capabilities: GROK_CAPS,
    tokenizer: 'o200k',
    energy: estimatedEnergy(30, 300, 'fast tier'),
    source: XAI_SRC,
    asOf: '2025-11',
  },
  {
    id: 'grok-3',
    provider: 'xai',
    aliases: ['grok-3-latest', 'grok-3-beta', 'xai/grok-3'],
    price: { input: 3, output: 15, cachedInput: 0.75 },
    contextWindow: 131072,
    capabilities: { ...GROK_CAPS, reasoning: false },
    tokenizer: 'o200k',
    energy: estimatedEnergy(300, 3000, 'Grok-1 was 314B MoE; later Groks reported larger'),
    source: XAI_SRC,
    asOf: '2025-11',
  },
  {
    id: 'grok-3-mini',
    provider: 'xai',
    aliases: ['grok-3-mini-latest', 'grok-3-mini-beta', 'xai/grok-3-mini'],
    price: { input: 0.3, output: 0.5, cachedInput: 0.075 },
    contextWindow: 131072,
    capabilities: GROK_CAPS,
    tokenizer: 'o200k',
    energy: estimatedEnergy(20, 100, 'mini tier'),
    source: XAI_SRC,
    asOf: '2025-11',
  },
];
