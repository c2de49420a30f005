// Exact-cache keys: sha256 of the canonical JSON of every request field that can change the answer,
// namespaced by tenant and wire protocol so one customer never receives another's answer.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

export type CacheProtocol = 'openai' | 'anthropic' | 'gemini';

/**
 * Fields that never change the answer and are left out of the key. Everything else (including fields
 * Margin does not know) is kept: an unknown field can only split the cache, never merge two answers.
 */
export const NON_SEMANTIC_FIELDS: ReadonlySet<string> = new Set([
  'stream',
  'stream_options',
  'user',
  'metadata',
  'store',
  'prompt_cache_key',
  'service_tier',
  'safety_identifier',
]);

/** The part of a request body that determines the answer, with non-semantic fields removed. */
export function answerFields(body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!NON_SEMANTIC_FIELDS.has(k)) out[k] = v;
  return out;
}

/** sha256 hex of a string. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Namespace prefix for one tenant and protocol (`-` stands for the anonymous tenant). */
export function namespaceOf(tenant: string | null, protocol: CacheProtocol): string {
  return `${tenant === null ? '-' : encodeURIComponent(tenant)}:${protocol}`;
}

/** The exact-cache key of a request: `<tenant>:<protocol>:<sha256 of canonical answer fields>`. */
export function exactCacheKey(
  body: Readonly<Record<string, unknown>>,
  tenant: string | null,
  protocol: CacheProtocol,
): string {
  return `${namespaceOf(tenant, protocol)}:${sha256(canonicalJson(answerFields(body)))}`;
}
