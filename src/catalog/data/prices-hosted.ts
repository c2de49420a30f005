// Open-weight models on hosted inference APIs (Together, Groq, Fireworks, Cerebras, SambaNova, Baseten,
// Replicate), US dollars per million tokens. Ids are `<provider>/<short name>`; the provider's own model id
// is an alias. A bare short name (`llama-3.3-70b`) resolves to the Together entry. Energy basis: the
// model-facts entry. Together, Groq and Fireworks re-checked for 2026 against @pydantic/genai-prices 0.1.8;
// Cerebras against genai-prices, SambaNova against LiteLLM (2026-07-24). Anyscale Endpoints (a 2023–24
// serverless LLM API) was discontinued in 2024 and is not listed.
import type { ModelPriceInput } from '../schema.js';
import { openWeights } from './price-helpers.js';

const CAPS = { tools: true, vision: false, jsonMode: true, promptCaching: false, reasoning: false };
const SRC: Record<string, string> = {
  together: 'https://www.together.ai/pricing',
  groq: 'https://groq.com/pricing',
  fireworks: 'https://fireworks.ai/pricing#serverless-pricing',
  cerebras:
    'https://www.cerebras.ai/pricing (inference API); cross-checked with @pydantic/genai-prices 0.1.8',
  sambanova: 'https://cloud.sambanova.ai/pricing; as carried by LiteLLM (2026-07-24)',
  baseten: 'https://www.baseten.co/pricing (Model APIs); cross-checked with @pydantic/genai-prices 0.1.8',
  replicate:
    'https://replicate.com/pricing (per-token language models); 2025 figures, not re-confirmed in 2026 ' +
    '(neither cross-check source lists them)',
};

type HostingProvider = 'together' | 'groq' | 'fireworks' | 'cerebras' | 'sambanova' | 'baseten' | 'replicate';

function hosted(
  provider: HostingProvider,
  short: string,
  aliases: string[],
  price: ModelPriceInput['price'],
  facts: string,
  contextWindow: number,
  extra: Partial<ModelPriceInput> = {},
): ModelPriceInput {
  const tokenizer = facts.startsWith('llama')
    ? 'llama3'
    : facts.startsWith('qwen')
      ? 'qwen'
      : facts.startsWith('deepseek')
        ? 'deepseek'
        : facts.startsWith('mixtral')
          ? 'mistral'
          : 'o200k';
  return {
    id: `${provider}/${short}`,
    provider,
    aliases,
    price,
    contextWindow,
    capabilities: { ...CAPS, promptCaching: price.cachedInput !== undefined },
    tokenizer,
    energy: openWeights(facts),
    source: SRC[provider] ?? provider,
    asOf: provider === 'replicate' ? '2025-06' : '2026-09',
    ...extra,
  };
}

export const HOSTED_PRICES: ModelPriceInput[] = [
  hosted(
    'together',
    'llama-3.3-70b',
    [
      'llama-3.3-70b',
      'meta-llama/Llama-3.3-70B-Instruct-Turbo',
      'together/meta-llama/Llama-3.3-70B-Instruct-Turbo',
    ],
    { input: 0.88, output: 0.88 },
    'llama-3.3-70b',
    131072,
  ),
  hosted(
    'together',
    'llama-3.1-8b',
    [
      'llama-3.1-8b',
      'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo',
      'together/meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo',
    ],
    { input: 0.18, output: 0.18 },
    'llama-3.1-8b',
    131072,
  ),
  hosted(
    'together',
    'llama-3.1-70b',
    ['llama-3.1-70b', 'meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo'],
    { input: 0.88, output: 0.88 },
    'llama-3.1-70b',
    131072,
  ),
  hosted(
    'together',
    'llama-3.1-405b',
    [
      'llama-3.1-405b',
      'meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo',
      'together/meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo',
    ],
    { input: 3.5, output: 3.5 },
    'llama-3.1-405b',
    130815,
  ),
  hosted(
    'together',
    'llama-4-maverick',
    ['llama-4-maverick', 'meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8'],
    { input: 0.27, output: 0.85 },
    'llama-4-maverick',
    1048576,
    { capabilities: { ...CAPS, vision: true } },
  ),
  hosted(
    'together',
    'llama-4-scout',
    ['llama-4-scout', 'meta-llama/Llama-4-Scout-17B-16E-Instruct'],
    { input: 0.18, output: 0.59 },
    'llama-4-scout',
    1048576,
    { capabilities: { ...CAPS, vision: true } },
  ),
  hosted(
    'together',
    'deepseek-v3',
    ['deepseek-v3', 'deepseek-ai/DeepSeek-V3', 'together/deepseek-ai/DeepSeek-V3'],
    { input: 1.25, output: 1.25 },
    'deepseek-v3',
    131072,
  ),
  hosted(
    'together',
    'deepseek-r1',
    ['deepseek-r1', 'deepseek-ai/DeepSeek-R1', 'together/deepseek-ai/DeepSeek-R1'],
    { input: 3, output: 7 },
    'deepseek-r1',
    163840,
    { capabilities: { ...CAPS, reasoning: true } },
  ),
  hosted(
    'together',
    'qwen3-235b',
    ['qwen3-235b', 'qwen3-235b-a22b', 'Qwen/Qwen3-235B-A22B-Instruct-2507-tput'],
    { input: 0.2, output: 0.6 },
    'qwen3-235b-a22b',
    262144,
  ),
  hosted(
    'together',
    'gpt-oss-120b',
    ['gpt-oss-120b', 'together/openai/gpt-oss-120b'],
    { input: 0.15, output: 0.6 },
    'gpt-oss-120b',
    131072,
    { capabilities: { ...CAPS, reasoning: true } },
  ),
  hosted(
    'groq',
    'llama-3.3-70b-versatile',
    ['llama-3.3-70b-versatile', 'groq/llama-3.3-70b'],
    { input: 0.59, output: 0.79 },
    'llama-3.3-70b',
    131072,
  ),
  hosted(
    'groq',
    'llama-3.1-8b-instant',
    ['llama-3.1-8b-instant', 'groq/llama-3.1-8b'],
    { input: 0.05, output: 0.08 },
    'llama-3.1-8b',
    131072,
  ),
  hosted(
    'groq',
    'llama-4-scout',
    ['groq/meta-llama/llama-4-scout-17b-16e-instruct'],
    { input: 0.11, output: 0.34 },
    'llama-4-scout',
    131072,
  ),
  hosted(
    'groq',
    'gpt-oss-120b',
    ['groq/openai/gpt-oss-120b'],
    { input: 0.15, output: 0.6, cachedInput: 0.075 },
    'gpt-oss-120b',
    131072,
    { capabilities: { ...CAPS, reasoning: true, promptCaching: true } },
  ),
  hosted(
    'groq',
    'gpt-oss-20b',
    ['gpt-oss-20b', 'groq/openai/gpt-oss-20b'],
    { input: 0.075, output: 0.3, cachedInput: 0.0375 },
    'gpt-oss-20b',
    131072,
    { capabilities: { ...CAPS, reasoning: true, promptCaching: true } },
  ),
  hosted(
    'groq',
    'qwen3-32b',
    ['qwen3-32b', 'qwen/qwen3-32b', 'groq/qwen/qwen3-32b'],
    { input: 0.29, output: 0.59 },
    'qwen3-32b',
    131072,
    { capabilities: { ...CAPS, reasoning: true } },
  ),
  hosted(
    'fireworks',
    'gpt-oss-120b',
    ['accounts/fireworks/models/gpt-oss-120b'],
    { input: 0.15, output: 0.6, cachedInput: 0.015 },
    'gpt-oss-120b',
    131072,
    { capabilities: { ...CAPS, reasoning: true, promptCaching: true } },
  ),
  hosted(
    'fireworks',
    'llama-v3p1-8b-instruct',
    ['accounts/fireworks/models/llama-v3p1-8b-instruct', 'fireworks/llama-3.1-8b'],
    { input: 0.2, output: 0.2 },
    'llama-3.1-8b',
    131072,
  ),
  hosted(
    'fireworks',
    'qwen3-235b-a22b',
    ['accounts/fireworks/models/qwen3-235b-a22b', 'fireworks/qwen3-235b'],
    { input: 0.22, output: 0.88 },
    'qwen3-235b-a22b',
    131072,
  ),
  hosted(
    'fireworks',
    'deepseek-v3-0324',
    ['accounts/fireworks/models/deepseek-v3-0324', 'fireworks/deepseek-v3'],
    { input: 0.9, output: 0.9 },
    'deepseek-v3',
    163840,
  ),
  hosted(
    'cerebras',
    'gpt-oss-120b',
    ['cerebras/openai/gpt-oss-120b'],
    { input: 0.35, output: 0.75 },
    'gpt-oss-120b',
    131072,
    { capabilities: { ...CAPS, reasoning: true } },
  ),
  hosted(
    'sambanova',
    'gpt-oss-120b',
    ['sambanova/openai/gpt-oss-120b'],
    { input: 0.22, output: 0.59 },
    'gpt-oss-120b',
    131072,
    { capabilities: { ...CAPS, reasoning: true } },
  ),
  hosted(
    'sambanova',
    'llama-3.3-70b',
    ['sambanova/Meta-Llama-3.3-70B-Instruct', 'Meta-Llama-3.3-70B-Instruct'],
    { input: 0.6, output: 1.2 },
    'llama-3.3-70b',
    131072,
  ),
  hosted(
    'baseten',
    'gpt-oss-120b',
    ['baseten/openai/gpt-oss-120b'],
    { input: 0.1, output: 0.5 },
    'gpt-oss-120b',
    128000,
    { capabilities: { ...CAPS, reasoning: true } },
  ),
  hosted(
    'replicate',
    'llama-3-70b',
    ['replicate/meta/meta-llama-3-70b-instruct', 'meta/meta-llama-3-70b-instruct'],
    { input: 0.65, output: 2.75 },
    'llama-3-70b',
    8192,
  ),
  hosted(
    'replicate',
    'llama-3-8b',
    ['replicate/meta/meta-llama-3-8b-instruct', 'meta/meta-llama-3-8b-instruct'],
    { input: 0.05, output: 0.25 },
    'llama-3-8b',
    8192,
  ),
];
