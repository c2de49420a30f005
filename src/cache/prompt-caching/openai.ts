// OpenAI prompt caching is automatic; a stable `prompt_cache_key` per tenant (and per stable prefix:
// system/developer messages and tools) routes requests that share a prefix to the same cache.
import { canonicalJson } from '../canonical-json.js';
import { sha256 } from '../key.js';

/** The prompt_cache_key for a canonical request from `tenant`: stable across requests sharing the prefix. */
export function promptCacheKey(req: Readonly<Record<string, unknown>>, tenant: string | null): string {
  const messages = Array.isArray(req.messages)
    ? (req.messages as Array<{ role?: unknown; content?: unknown }>)
    : [];
  const stable: unknown[] = [];
  for (const m of messages) {
    if (m.role !== 'system' && m.role !== 'developer') break;
    stable.push(m.content);
  }
  const digest = sha256(
    canonicalJson({ tenant, model: req.model, system: stable, tools: req.tools ?? null }),
  );
  return `margin-${digest.slice(0, 32)}`;
}

/** A copy of the request with a prompt_cache_key set (a client's own key is kept). */
export function withPromptCacheKey<T extends Readonly<Record<string, unknown>>>(
  req: T,
  tenant: string | null,
): T & { prompt_cache_key: string } {
  if (typeof req.prompt_cache_key === 'string' && req.prompt_cache_key !== '') {
    return { ...req, prompt_cache_key: req.prompt_cache_key };
  }
  return { ...req, prompt_cache_key: promptCacheKey(req, tenant) };
}
