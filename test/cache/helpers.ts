// Shared fixtures for the cache tests.
import type { CacheEntry } from '../../src/cache/entry.js';
import { makeUsage } from '../../src/meter/usage.js';
import type { ChatResponse } from '../../src/protocols/canonical.js';

/** A small canonical chat response. */
export function chatResponse(content = 'Four.', id = 'chatcmpl-1'): ChatResponse {
  return {
    id,
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-4o',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
  };
}

/** A cache entry whose response text is `content` (padding makes entries a chosen size). */
export function entry(content = 'Four.', createdAt = 0): CacheEntry {
  return {
    protocol: 'openai',
    response: chatResponse(content) as unknown as Record<string, unknown>,
    usage: makeUsage({ inputTokens: 12, outputTokens: 3 }),
    label: null,
    servedModel: 'gpt-4o',
    provider: 'openai',
    createdAt,
  };
}

/** The id of a stored chat response (undefined when there is no entry). */
export function idOf(e: CacheEntry | undefined): string | undefined {
  return (e?.response as { id?: string } | undefined)?.id;
}

/** The first choice's text of a stored chat response. */
export function contentOf(e: CacheEntry | undefined): string | null | undefined {
  return (e?.response as ChatResponse | undefined)?.choices[0]?.message.content;
}
