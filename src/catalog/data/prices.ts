// API model prices, US dollars per million tokens, one file per provider group. Each entry cites the
// provider's pricing page; cross-checked against @pydantic/genai-prices and LiteLLM's price file.
import type { ModelPriceInput } from '../schema.js';
import { ANTHROPIC_PRICES } from './prices-anthropic.js';
import { GOOGLE_PRICES } from './prices-google.js';
import { HOSTED_PRICES } from './prices-hosted.js';
import { OPENAI_PRICES } from './prices-openai.js';
import { OPENAI_2026_PRICES } from './prices-openai-2026.js';
import { OTHER_PRICES } from './prices-others.js';

export const PRICES: ModelPriceInput[] = [
  ...OPENAI_PRICES,
  ...OPENAI_2026_PRICES,
  ...ANTHROPIC_PRICES,
  ...GOOGLE_PRICES,
  ...OTHER_PRICES,
  ...HOSTED_PRICES,
];
