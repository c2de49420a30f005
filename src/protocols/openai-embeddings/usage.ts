// Usage of an OpenAI Embeddings response: `usage.prompt_tokens` is the whole bill (no output tokens).
import type { Usage } from '../../meter/usage.js';
import { usageFromOpenAI } from '../openai-chat/usage.js';

/** Canonical usage from an embeddings response body; undefined when it carries none. */
export function usageFromEmbeddings(json: unknown): Usage | undefined {
  const u = (json as { usage?: unknown } | null)?.usage;
  return usageFromOpenAI(u);
}
