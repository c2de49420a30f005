// OpenAI usage objects ↔ canonical Usage. Tolerates what OpenAI-compatible servers report in the wild:
// `prompt_tokens_details.cached_tokens` (OpenAI, vLLM), `prompt_cache_hit_tokens` (DeepSeek), missing parts.
import { makeUsage, type Usage } from '../../meter/usage.js';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;

/** A non-negative integer count, or 0 for anything else. */
export const tokenCount = (v: unknown): number =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;

/** Canonical usage from an OpenAI `usage` object (chat or embeddings); undefined when absent. */
export function usageFromOpenAI(raw: unknown): Usage | undefined {
  const u = obj(raw);
  if (!u) return undefined;
  const input = tokenCount(u['prompt_tokens']);
  const output = tokenCount(u['completion_tokens']);
  const pd = obj(u['prompt_tokens_details']);
  const cd = obj(u['completion_tokens_details']);
  const cached = Math.min(input, tokenCount(pd?.['cached_tokens'] ?? u['prompt_cache_hit_tokens']));
  const written = Math.min(input - cached, tokenCount(pd?.['cache_write_tokens']));
  return makeUsage({
    inputTokens: input,
    cacheReadTokens: cached,
    cacheWrite5mTokens: written,
    outputTokens: output,
    reasoningTokens: Math.min(output, tokenCount(cd?.['reasoning_tokens'])),
  });
}

/** Canonical usage → the OpenAI `usage` object written to clients (defined with the canonical types). */
export { toOpenAIUsage } from '../canonical.js';
