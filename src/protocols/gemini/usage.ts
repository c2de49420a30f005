// Gemini `usageMetadata` → canonical Usage. promptTokenCount already includes cachedContentTokenCount;
// thoughtsTokenCount is billed as output but reported apart from candidatesTokenCount, so output is the sum.
import { makeUsage, type Usage } from '../../meter/usage.js';
import { count, obj } from '../anthropic-messages/narrow.js';

/** Usage from a Gemini usageMetadata object, or undefined when absent. */
export function usageFromGemini(meta: unknown): Usage | undefined {
  const m = obj(meta);
  if (!m) return undefined;
  const prompt = count(m['promptTokenCount']) ?? 0;
  // Tool-use prompt tokens (grounding, code execution) are extra input, not part of promptTokenCount.
  const toolPrompt = count(m['toolUsePromptTokenCount']) ?? 0;
  const cached = count(m['cachedContentTokenCount']) ?? 0;
  const candidates = count(m['candidatesTokenCount']) ?? 0;
  const thoughts = count(m['thoughtsTokenCount']) ?? 0;
  const input = prompt + toolPrompt;
  return makeUsage({
    inputTokens: input,
    cacheReadTokens: Math.min(cached, input),
    outputTokens: candidates + thoughts,
    reasoningTokens: thoughts,
  });
}

/** Gemini usageMetadata for a canonical Usage (for a Gemini-speaking client). */
export function toGeminiUsage(u: Usage): Record<string, number> {
  const out: Record<string, number> = {
    promptTokenCount: u.inputTokens,
    candidatesTokenCount: u.outputTokens - u.reasoningTokens,
    totalTokenCount: u.inputTokens + u.outputTokens,
  };
  if (u.cacheReadTokens > 0) out['cachedContentTokenCount'] = u.cacheReadTokens;
  if (u.reasoningTokens > 0) out['thoughtsTokenCount'] = u.reasoningTokens;
  return out;
}
