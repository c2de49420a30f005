// Provider batch adapters by provider adapter id (`ProviderAdapter.id`): OpenAI-compatible Files + Batches,
// Anthropic Message Batches, Gemini batchGenerateContent. Undefined for an adapter with no batch API.
// Whether a given OpenAI-compatible server has `/v1/batches` (OpenAI, Groq, the emulator do; vLLM does
// not) is for configuration to say: `BATCH_PROVIDERS` lists the providers known to have one.
import type { ProviderName } from '../config/schema.js';
import { anthropicBatchAdapter } from './anthropic/batch.js';
import type { ProviderBatchAdapter } from './batch-types.js';
import { geminiBatchAdapter } from './gemini/batch.js';
import { openaiBatchAdapter } from './openai-compatible/batch.js';

const ADAPTERS: Readonly<Record<string, ProviderBatchAdapter>> = {
  'openai-compatible': openaiBatchAdapter,
  anthropic: anthropicBatchAdapter,
  gemini: geminiBatchAdapter,
};

/** The batch adapter for a provider adapter id (`openai-compatible`, `anthropic`, `gemini`). */
export function batchAdapterFor(providerAdapterId: string): ProviderBatchAdapter | undefined {
  return Object.hasOwn(ADAPTERS, providerAdapterId) ? ADAPTERS[providerAdapterId] : undefined;
}

/** Hosted providers whose API has a batch endpoint in their adapter's format (documented, ~50% off). */
export const BATCH_PROVIDERS: ReadonlySet<ProviderName> = new Set<ProviderName>([
  'openai',
  'anthropic',
  'gemini',
  'groq',
]);
