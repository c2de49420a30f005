// Usage of the OpenAI Responses API: `usage.{input_tokens, input_tokens_details.cached_tokens, output_tokens,
// output_tokens_details.reasoning_tokens}` on the response body or on the `response.completed` stream event.
import { makeUsage, type Usage } from '../../meter/usage.js';
import { tokenCount } from '../openai-chat/usage.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;

/** Canonical usage from a Responses API `usage` object. */
export function usageFromResponsesUsage(raw: unknown): Usage | undefined {
  const u = obj(raw);
  if (!u) return undefined;
  const input = tokenCount(u.input_tokens);
  const output = tokenCount(u.output_tokens);
  return makeUsage({
    inputTokens: input,
    cacheReadTokens: Math.min(input, tokenCount(obj(u.input_tokens_details)?.cached_tokens)),
    outputTokens: output,
    reasoningTokens: Math.min(output, tokenCount(obj(u.output_tokens_details)?.reasoning_tokens)),
  });
}

/** Canonical usage from a Responses API response body. */
export function usageFromResponse(json: unknown): Usage | undefined {
  return usageFromResponsesUsage(obj(json)?.usage);
}
