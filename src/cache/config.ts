// Cache configuration: one zod schema for the exact cache, the semantic cache and provider prompt caching,
// parsed once at start-up; a bad field stops start-up with its path named.
import { z } from 'zod';
import { MarginError } from '../errors/index.js';

const modelRule = z
  .object({
    /** `deterministic`: cache only temperature-0 or seeded requests; `always`; `off`. */
    mode: z.enum(['deterministic', 'always', 'off']).default('deterministic'),
    ttlS: z.number().positive().optional(),
  })
  .strict();

export const exactCacheSchema = z
  .object({
    enabled: z.boolean().default(true),
    backend: z.enum(['memory', 'redis']).default('memory'),
    /** Memory backend bound, bytes (entries are evicted least-recently-used first above it). */
    maxBytes: z
      .number()
      .int()
      .positive()
      .default(64 * 1024 * 1024),
    ttlS: z.number().positive().default(3600),
    mode: z.enum(['deterministic', 'always', 'off']).default('deterministic'),
    redis: z
      .object({
        url: z.string().min(1).default('redis://127.0.0.1:6379'),
        keyPrefix: z.string().default('margin:cache:'),
      })
      .strict()
      .default({ url: 'redis://127.0.0.1:6379', keyPrefix: 'margin:cache:' }),
    /** Per-model overrides keyed by the model name the client asked for. */
    models: z.record(z.string(), modelRule).default({}),
  })
  .strict();

const localEmbedder = z
  .object({ kind: z.literal('local'), dim: z.number().int().min(16).max(4096).default(256) })
  .strict();
const providerEmbedder = z
  .object({
    kind: z.literal('provider'),
    /** OpenAI-compatible base URL, e.g. `https://api.openai.com/v1`. */
    baseUrl: z.url(),
    model: z.string().min(1),
    /** Environment variable holding the API key (never the key itself). */
    apiKeyEnv: z.string().optional(),
    timeoutMs: z.number().int().positive().default(2000),
  })
  .strict();

export const semanticCacheSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** Requested model (or route) names the semantic cache applies to; `*` for all. Opt-in. */
    models: z.array(z.string().min(1)).default([]),
    embedder: z
      .discriminatedUnion('kind', [localEmbedder, providerEmbedder])
      .default({ kind: 'local', dim: 256 }),
    /** Largest share of hits allowed to be wrong; picks the threshold from the fitted table. */
    targetWrongHitRate: z.number().gt(0).max(0.5).default(0.02),
    /** Overrides the fitted threshold (cosine similarity); for provider embedders calibrate first. */
    threshold: z.number().gt(0).max(1).optional(),
    maxEntriesPerNamespace: z.number().int().positive().default(100_000),
    ttlS: z.number().positive().default(86_400),
    /** `auto`: HNSW (usearch) when it loads, else brute force. */
    index: z.enum(['auto', 'hnsw', 'brute']).default('auto'),
    /** `redis`: entries are shared by every replica through a Redis stream (each keeps its own index). */
    backend: z.enum(['memory', 'redis']).default('memory'),
    redis: z
      .object({
        url: z
          .string()
          .regex(/^rediss?:\/\/\S*$/i, 'must be a redis:// or rediss:// URL')
          .default('redis://127.0.0.1:6379'),
        keyPrefix: z.string().default('margin:semantic:'),
      })
      .strict()
      .default({ url: 'redis://127.0.0.1:6379', keyPrefix: 'margin:semantic:' }),
  })
  .strict();

export const promptCachingSchema = z
  .object({
    /** `auto` (default): add cache_control breakpoints to long stable prefixes of Anthropic requests. */
    anthropic: z.enum(['auto', 'off']).default('auto'),
    /** `auto` (default): send a stable per-tenant `prompt_cache_key` to OpenAI models that support caching. */
    openai: z.enum(['auto', 'off']).default('auto'),
  })
  .strict();

export const cacheConfigSchema = z
  .object({
    exactCache: exactCacheSchema.default(exactCacheSchema.parse({})),
    semanticCache: semanticCacheSchema.default(semanticCacheSchema.parse({})),
    promptCaching: promptCachingSchema.default(promptCachingSchema.parse({})),
  })
  .strict();

export type ExactCacheConfig = z.infer<typeof exactCacheSchema>;
export type SemanticCacheConfig = z.infer<typeof semanticCacheSchema>;
export type PromptCachingConfig = z.infer<typeof promptCachingSchema>;
export type CacheConfig = z.infer<typeof cacheConfigSchema>;
export type CacheConfigInput = z.input<typeof cacheConfigSchema>;

/** Parses cache config; throws MARGIN_ERR_CONFIG naming the first bad field (e.g. `exactCache.maxBytes`). */
export function parseCacheConfig(raw: unknown = {}): CacheConfig {
  const res = cacheConfigSchema.safeParse(raw ?? {});
  if (res.success) return res.data;
  const issue = res.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  throw new MarginError(
    'MARGIN_ERR_CONFIG',
    `Invalid cache config at '${path}': ${issue?.message ?? 'invalid'}`,
    {
      param: path,
    },
  );
}
