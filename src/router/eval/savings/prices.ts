// The per-token list prices RouterBench's `<model>|total_cost` columns were computed with (early-2024 API and
// Together prices), as gateway price overrides so the gateway's meter bills recorded answers as the data
// did. Derived from the data itself: least squares of total_cost on the cl100k token counts of prompt and
// response fits every model with zero error at these prices. RouteLLM's Mixtral is the same model as
// RouterBench's `mixtral-8x7b-chat` and gets its price.
import type { PriceOverride } from '../../../config/schema.js';

/** US dollars per million tokens. */
export const RECORDED_PRICES: Readonly<Record<string, PriceOverride>> = {
  'gpt-4-1106-preview': { input: 10, output: 30 },
  'gpt-3.5-turbo-1106': { input: 1, output: 2 },
  'claude-v1': { input: 8, output: 24 },
  'claude-v2': { input: 8, output: 24 },
  'claude-instant-v1': { input: 0.8, output: 2.4 },
  'meta/llama-2-70b-chat': { input: 0.9, output: 0.9 },
  'mistralai/mixtral-8x7b-chat': { input: 0.6, output: 0.6 },
  'mistralai/Mixtral-8x7B-Instruct-v0.1': { input: 0.6, output: 0.6 },
  'mistralai/mistral-7b-chat': { input: 0.2, output: 0.2 },
  'zero-one-ai/Yi-34B-Chat': { input: 0.8, output: 0.8 },
  'meta/code-llama-instruct-34b-chat': { input: 0.776, output: 0.776 },
  'WizardLM/WizardLM-13B-V1.2': { input: 0.3, output: 0.3 },
};

/** The learned router's reference head for a recorded model (its own name, or the same model's). */
export const ROUTER_REFERENCE: Readonly<Record<string, string>> = {
  'mistralai/Mixtral-8x7B-Instruct-v0.1': 'mistralai/mixtral-8x7b-chat',
};
