// The gateway's config file schema (margin.yaml), parsed once at start with zod. Every field has a default
// so that an empty file is valid; the `cache` and `router` sections use their own modules' schemas.
import { z } from 'zod';
import { cacheConfigSchema } from '../cache/config.js';
import { precisionSchema } from '../catalog/schema.js';
import { routerConfigSchema } from '../router/config.js';

/** Provider names a model entry may use (see src/providers/registry.ts). */
export const PROVIDER_NAMES = [
  'openai',
  'anthropic',
  'gemini',
  'deepseek',
  'together',
  'groq',
  'mistral',
  'fireworks',
  'xai',
  'vllm',
  'sglang',
  'ollama',
  'trtllm',
  'openai-compatible',
  'cerebras',
  'sambanova',
  'baseten',
] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** `cache: off`: no response cache and no provider prompt caching. */
const CACHE_OFF = {
  exactCache: { enabled: false },
  semanticCache: { enabled: false },
  promptCaching: { anthropic: 'off', openai: 'off' },
} as const;

const usdPerMTok = z.number().nonnegative().finite();
const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();

/** A price override for one model, US dollars per million tokens (becomes a catalog layer). */
export const priceOverrideSchema = z.strictObject({
  input: usdPerMTok,
  output: usdPerMTok,
  cachedInput: usdPerMTok.optional(),
  cacheWrite5m: usdPerMTok.optional(),
  cacheWrite1h: usdPerMTok.optional(),
  /** Energy basis: an open-weight model id in the catalog, or an active parameter count (billions). */
  modelFacts: z.string().min(1).optional(),
  activeParamsB: z.number().positive().optional(),
});

export const modelSchema = z.strictObject({
  /**
   * Name clients send in `model`. A trailing `*` makes it a prefix pattern (`claude-*`, or `*` for every
   * model); the requested name is then sent upstream unless `upstreamModel` is set.
   */
  name: z.string().min(1),
  provider: z.enum(PROVIDER_NAMES),
  /** Defaults to the provider's public endpoint; required for `openai-compatible`. */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Environment variable holding the API key (defaults to the provider's, e.g. OPENAI_API_KEY). */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
    .optional(),
  /** Model id sent upstream (defaults to `name`). */
  upstreamModel: z.string().min(1).optional(),
  /**
   * How `POST /v1/responses` reaches this model (OpenAI-compatible providers only): `native` passes the body to
   * the upstream's own Responses API; `translate` goes through its chat completions (vLLM, Ollama, and
   * other servers without one). Default: native for `openai`, translate otherwise.
   */
  responsesApi: z.enum(['native', 'translate']).optional(),
  /** Extra headers sent upstream (e.g. `anthropic-version`, `OpenAI-Organization`). */
  headers: z.record(z.string(), z.string()).default({}),
  price: priceOverrideSchema.optional(),
  /** Configured model names tried in order when this one fails after its retries (429, 5xx, unreachable). */
  fallbacks: z.array(z.string().min(1)).default([]),
  /**
   * A self-hosted upstream's hardware: requests are then priced by GPU time (their share of a replica-hour
   * at the measured concurrency, from the physics model) instead of anyone's per-token list price.
   */
  hardware: z
    .strictObject({
      /** Catalog hardware id (`h100-sxm`, `l40s`, ...). */
      id: z.string().min(1),
      /** Devices in one replica. */
      gpus: positiveInt.default(1),
      /** What the replica costs, US dollars per hour (all its devices); or give `tier`. */
      usdPerHour: z.number().positive().finite().optional(),
      /** Price from the catalog instead: the cheapest on-demand offer of this kind, else the hardware's tier price. */
      tier: z.enum(['hyperscaler', 'marketplace', 'onprem']).optional(),
      /** Open-weight model served (catalog facts id), when `name` / `upstreamModel` is not one. */
      modelFacts: z.string().min(1).optional(),
      precision: precisionSchema.optional(),
      engine: z.enum(['vllm', 'sglang', 'trtllm', 'llamacpp', 'generic']).default('vllm'),
    })
    .optional(),
});

export const configSchema = z.strictObject({
  server: z
    .strictObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: nonNegativeInt.max(65535).default(8787),
      /** Largest request body accepted; larger ones get 413. */
      bodyLimitBytes: positiveInt.default(10 * 1024 * 1024),
      /** On SIGTERM/SIGINT, how long in-flight requests may take to finish before they are cut. */
      shutdownGraceMs: nonNegativeInt.default(30_000),
      /**
       * Also serve GET /metrics on this port, bound to 127.0.0.1 only and without a key (for a Prometheus
       * agent on the same host). /metrics on the main port needs an admin key whenever keys are on.
       */
      metricsPort: nonNegativeInt.max(65535).optional(),
    })
    .prefault({}),
  models: z.array(modelSchema).default([]),
  ledger: z
    .strictObject({
      /** `sqlite:./margin.db` (default), `postgres://…`, or `off` (no ledger; for benchmarks only). */
      url: z.string().min(1).default('sqlite:./margin.db'),
      flushIntervalMs: positiveInt.default(1000),
      batchSize: positiveInt.default(1000),
      /**
       * Folder of the append-only spool (records not yet in the store; written at the next start after a
       * crash or a store outage). Default: next to a SQLite file, ./margin-spool for Postgres; `off` = none.
       */
      spool: z.string().min(1).optional(),
    })
    .prefault({}),
  meter: z
    .strictObject({
      /** Grid region for CO2e (catalog region id). */
      region: z.string().min(1).default('world'),
      /** Accelerator assumed for API models' energy (catalog hardware id). */
      hardware: z.string().min(1).default('h100-sxm'),
      /**
       * Market-based intensity for this operator's electricity contracts, g CO2e/kWh (e.g. 0 with matched
       * renewable supply); default: the region's residual mix, else its location-based intensity.
       */
      marketGCo2ePerKwh: z.number().nonnegative().finite().optional(),
      /** Catalog prices older than this many days are flagged at start-up and by `margin price`. */
      maxPriceAgeDays: positiveInt.default(180),
    })
    .prefault({}),
  retries: z
    .strictObject({
      /** Retries per model after the first attempt (429, 5xx, connection errors). */
      max: nonNegativeInt.max(10).default(2),
      baseMs: nonNegativeInt.default(250),
      /** Longest single wait; a `retry-after` longer than this moves on to the fallbacks instead. */
      maxMs: nonNegativeInt.default(8000),
    })
    .prefault({}),
  timeouts: z
    .strictObject({
      connectMs: positiveInt.default(5000),
      /** Until the upstream's response headers arrive. */
      firstByteMs: positiveInt.default(120_000),
      /** Longest silence between two chunks of an upstream body. */
      idleMs: positiveInt.default(120_000),
    })
    .prefault({}),
  /**
   * Response caches and provider prompt caching (schema in src/cache/config.ts). Absent = the safe
   * defaults: the exact cache for deterministic requests in memory and provider prompt caching on, the
   * semantic cache off. `cache: off` switches all three off.
   */
  cache: z
    .preprocess((v) => (v === null ? {} : v === 'off' || v === false ? CACHE_OFF : v), cacheConfigSchema)
    .prefault({}),
  /** Virtual model names and their policies (schema in src/router/config.ts); absent = no routes. */
  router: z.preprocess((v) => (v === null ? {} : v), routerConfigSchema.optional()),
  governance: z
    .strictObject({
      /**
       * Key store holding the API keys (`margin keys --db`): a SQLite file, or `postgres://…?schema=name`
       * for replicas sharing one. Default: MARGIN_KEYS_DB, else the SQLite ledger's file, else ./margin.db.
       * With at least one active key, every request needs one; `off` never asks for keys.
       */
      keysDb: z.string().min(1).optional(),
      /**
       * Output cap (tokens) for every request whose key sets none: a larger or missing max_tokens is set to
       * it upstream, and budget reservations count it instead of the model's output limit.
       */
      maxOutputTokens: positiveInt.optional(),
      /**
       * Redis shared by every replica (`redis://…`): budgets, reservations and rate limits become global.
       * Absent: they are kept in each process.
       */
      redis: z
        .string()
        .regex(/^rediss?:\/\/\S*$/i, 'must be a redis:// or rediss:// URL')
        .optional(),
      /** Prefix of the governance keys in that Redis (replicas of one gateway share it). */
      redisKeyPrefix: z.string().default('margin:gov:'),
    })
    .prefault({}),
  /**
   * OpenTelemetry export (src/telemetry): a span per request and GenAI metrics over OTLP/HTTP. Off unless
   * `otlp.endpoint` or OTEL_EXPORTER_OTLP_ENDPOINT is set; off, the OTel packages are never loaded.
   */
  telemetry: z
    .strictObject({
      otlp: z
        .strictObject({
          /** Base URL of the OTLP/HTTP receiver (`/v1/traces`, `/v1/metrics` are appended). */
          endpoint: z.url(),
          headers: z.record(z.string(), z.string()).optional(),
          /** `service.name` of the resource (default OTEL_SERVICE_NAME, else `margin`). */
          serviceName: z.string().min(1).optional(),
          metricsIntervalMs: positiveInt.optional(),
        })
        .optional(),
    })
    .prefault({}),
  /** Responses API conversations kept for `previous_response_id` on upstreams without a Responses API. */
  responses: z
    .strictObject({
      /**
       * `auto` (beside the ledger: its SQLite file or Postgres database; in memory when the ledger is off),
       * `memory` (this process, last 10,000), a SQLite path or `sqlite:` URL, a `postgres://` URL, or `off`.
       */
      store: z.string().min(1).default('auto'),
      /** Days a stored response can be continued (OpenAI keeps them 30 days). */
      ttlDays: z.number().positive().default(30),
    })
    .prefault({}),
  /** Deferrable work (docs/deferral.md): batch APIs, `x-margin-defer` requests, the job store and worker. */
  deferral: z
    .strictObject({
      /** What the scheduler minimises before each job's deadline. */
      objective: z.enum(['cost', 'carbon', 'balanced']).default('cost'),
      /** `auto` (beside the ledger; in memory when the ledger is off), a SQLite path or URL, a Postgres URL. */
      store: z.string().min(1).default('auto'),
      /** Lines run at once through the live path, per gateway. */
      concurrency: positiveInt.default(8),
      /** A claimed line's lease (renewed while it runs); a dead process's lines are re-run after it. */
      leaseMs: positiveInt.default(30_000),
      /** How often the worker looks for due lines and polls provider batches. */
      tickMs: positiveInt.default(1000),
      /** Largest batch input file accepted by POST /v1/files (413 above it). */
      maxFileBytes: positiveInt.default(100 * 1024 * 1024),
      /** Most lines in one batch. */
      maxLines: positiveInt.default(50_000),
      /**
       * Turnaround a provider batch is planned with (OpenAI, Anthropic and Gemini promise 24 h); a job whose
       * deadline is nearer than this runs live.
       */
      providerBatchTurnaroundMs: positiveInt.default(86_400_000),
      /** HMAC-SHA256 secret that signs webhook callbacks (else MARGIN_WEBHOOK_SECRET). */
      webhookSecret: z.string().min(1).optional(),
      /**
       * Hourly carbon profiles replacing the catalog's typical weeks region by region: a JSON file path or an
       * http(s) URL read once at start (`{carbonProfiles: [{region, gPerKwh: 7×24, source, asOf}]}`); the
       * gateway does not start on one it cannot read (docs/deferral.md).
       */
      carbonProfiles: z.string().min(1).optional(),
    })
    .prefault({}),
});

export type GatewayConfig = z.infer<typeof configSchema>;
export type GatewayConfigInput = z.input<typeof configSchema>;
export type ModelConfig = z.infer<typeof modelSchema>;
export type PriceOverride = z.infer<typeof priceOverrideSchema>;
