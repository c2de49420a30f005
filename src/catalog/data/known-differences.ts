// Every difference between the shipped catalog and the two price databases it is cross-checked against
// (LiteLLM's price file, @pydantic/genai-prices), each with why the catalog keeps its own figure. The test
// test/catalog/cross-check.unit.test.ts fails on any difference missing here and on any entry here that no
// longer differs; `margin catalog check` marks these as known.

export interface KnownDifference {
  source: 'litellm' | 'genai-prices';
  /** Catalog id. */
  id: string;
  /** Field as `margin catalog check` names it (input, output, cachedInput, cacheWrite5m, cacheWrite1h,
   * longContext.thresholdTokens, longContext.input, longContext.output). */
  field: string;
  reason: string;
}

const each = (
  source: KnownDifference['source'],
  id: string,
  fields: string[],
  reason: string,
): KnownDifference[] => fields.map((field) => ({ source, id, field, reason }));

const DEEPSEEK_V41 =
  'DeepSeek moved deepseek-flash to V4.1 Flash on 2026-09-10 with peak/off-peak pricing; the catalog lists the ' +
  "peak rates from DeepSeek's page (off-peak is half), this snapshot predates V4.1 or lists the off-peak/older rates";
const DEEPSEEK_WRITE =
  'LiteLLM lists a $0 cache-write price; DeepSeek reports no cache writes (a miss is billed as input), so the ' +
  'catalog leaves it unset';
const THRESHOLD =
  'off by one token: genai-prices starts its tier at 271,999 / 199,999 tokens; the providers bill the higher ' +
  "tier above 272,000 / 200,000 input tokens (exactly 272,000 is short-context), which is the catalog's threshold";

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  // LiteLLM (../shared/prices, 2026-07-24; test fixture test/fixtures/litellm-2026-07-24-subset.json)
  ...each(
    'litellm',
    'claude-3-haiku',
    ['cacheWrite1h'],
    "LiteLLM lists $6 (a copy of Sonnet's); Anthropic lists $0.50 for Haiku 3's 1-hour cache writes",
  ),
  ...each(
    'litellm',
    'gemini-3.6-flash',
    ['input', 'output', 'cachedInput'],
    'LiteLLM carries the $1.50 / $7.50 launch list price; Google bills $0.75 / $3.75 until 2027-01-01 ' +
      '(genai-prices), which the catalog uses',
  ),
  ...each(
    'litellm',
    'mistral-medium',
    ['input', 'output'],
    "LiteLLM's mistral/mistral-medium is the 2023 mistral-medium-2312 ($2.70 / $8.10); the catalog's " +
      'mistral-medium is Medium 3 / 3.1 ($0.40 / $2)',
  ),
  ...each(
    'litellm',
    'open-mistral-nemo',
    ['input', 'output'],
    "LiteLLM lists $0.30; Mistral's page and genai-prices list $0.15 for Mistral NeMo",
  ),
  ...each(
    'litellm',
    'together/qwen3-235b',
    ['output'],
    'LiteLLM lists $6 output (a decimal slip); Together lists $0.60 for Qwen3-235B-A22B-Instruct-2507 tput',
  ),
  ...each(
    'litellm',
    'fireworks/llama-v3p1-8b-instruct',
    ['input', 'output'],
    'LiteLLM lists $0.10; Fireworks prices 4B–16B models at $0.20 (genai-prices agrees)',
  ),
  ...each('litellm', 'deepseek-flash', ['input', 'output', 'cachedInput'], DEEPSEEK_V41),
  ...each('litellm', 'deepseek-v4-pro', ['input', 'output', 'cachedInput'], DEEPSEEK_V41),
  ...each('litellm', 'deepseek-flash', ['cacheWrite5m'], DEEPSEEK_WRITE),
  ...each('litellm', 'deepseek-v4-pro', ['cacheWrite5m'], DEEPSEEK_WRITE),
  // @pydantic/genai-prices 0.1.8 (2026-09-23)
  ...each('genai-prices', 'deepseek-flash', ['input', 'output', 'cachedInput'], DEEPSEEK_V41),
  ...each(
    'genai-prices',
    'open-mixtral-8x22b',
    ['input', 'output'],
    "genai-prices lists a reseller's $0.90; Mistral listed open-mixtral-8x22b at $2 / $6",
  ),
  ...each(
    'genai-prices',
    'fireworks/gpt-oss-120b',
    ['cachedInput'],
    'genai-prices lists $0.014; Fireworks bills cached prompt tokens at 10% of input, $0.015 (LiteLLM agrees)',
  ),
  ...['gpt-5.4', 'gpt-5.5', 'gpt-6-astra', 'grok-4.3', 'grok-4.6'].flatMap((id) =>
    each('genai-prices', id, ['longContext.thresholdTokens'], THRESHOLD),
  ),
];
