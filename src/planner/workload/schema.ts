// The workload file's schema (zod): traffic, tokens, caching, latency targets, candidates, fleet policy,
// pricing model and optional claims to check. Every field has a documented default or is required.
import { z } from 'zod';
import { precisionSchema } from '../../catalog/schema.js';

const numberError = {
  error: (iss: { input?: unknown }) => (iss.input === undefined ? 'is required' : 'must be a number'),
};
const positive = (what = 'must be > 0') => z.number(numberError).finite().positive(what);
const share = z.number(numberError).finite().min(0, 'must be ≥ 0').max(1, 'must be ≤ 1');

/** A token count: a plain mean, or a distribution given by mean and/or percentiles. */
export const tokenDistSchema = z.union([
  positive(),
  z
    .object({
      mean: positive().optional(),
      p50: positive().optional(),
      p90: positive().optional(),
      p99: positive().optional(),
      /** Explicit histogram: token counts with weights (overrides mean/percentiles). */
      buckets: z
        .array(z.object({ tokens: positive(), weight: positive() }).strict())
        .min(1)
        .optional(),
    })
    .strict()
    .refine((d) => d.mean !== undefined || d.p50 !== undefined || d.buckets !== undefined, {
      message: 'give mean, p50 or buckets',
    })
    .superRefine((d, ctx) => {
      // Percentiles must rise: p50 ≤ p90 ≤ p99 (a p50 above the p90 is a typo, not a distribution).
      const given = (['p50', 'p90', 'p99'] as const).filter((k) => d[k] !== undefined);
      for (let i = 1; i < given.length; i++) {
        const lo = given[i - 1] as 'p50' | 'p90' | 'p99';
        const hi = given[i] as 'p50' | 'p90' | 'p99';
        if ((d[lo] as number) > (d[hi] as number)) {
          ctx.addIssue({
            code: 'custom',
            path: [hi],
            message: `must be ≥ ${lo} (${d[lo]}): percentiles rise with the rank`,
          });
        }
      }
    }),
]);

const growthSchema = z.union([
  /** Compound growth per month (0.1 = +10%/month). */
  z.object({ monthly: z.number().finite().min(-0.99, 'must be > -1').max(10, 'must be ≤ 10') }).strict(),
  /** Explicit multiplier per month, relative to requestsPerDay (month 1 = first entry). */
  z.object({ perMonth: z.array(z.number().finite().nonnegative('must be ≥ 0')).min(1) }).strict(),
  /** Ramp from development to production: `from` → `to` requests/day over `months`, then flat (from
   * requestsPerDay to `to` when that is given too, e.g. measured by --trace or --from-ledger). */
  z.object({ from: positive(), to: positive(), months: z.number().int().positive('must be > 0') }).strict(),
]);

export const trafficSchema = z
  .object({
    /** Average requests per day in month 1 (ignored when `hourly` is given in absolute mode). */
    requestsPerDay: positive().optional(),
    /** 24 values for a typical day: absolute requests per hour (sum = requests/day) or a relative shape. */
    hourly: z.array(z.number().finite().nonnegative('must be ≥ 0')).length(24, 'needs 24 values').optional(),
    /** Built-in day shape when `hourly` is absent. */
    shape: z.enum(['flat', 'consumer', 'business', 'api']).default('consumer'),
    /** 7 relative weights, Monday first; or a weekend factor. Defaults to a 0.8 weekend. */
    weekly: z.array(z.number().finite().nonnegative('must be ≥ 0')).length(7, 'needs 7 values').optional(),
    weekendFactor: z.number().finite().min(0, 'must be ≥ 0').max(5).default(0.8),
    growth: growthSchema.default({ monthly: 0 }),
    /** Share of requests that can wait hours (batch API prices; self-hosted fills the quiet hours). */
    deferrableShare: share.default(0),
    /** How long deferrable requests may wait, hours: the deadline the deferral scheduler plans them to. */
    deferrableDeadlineHours: positive()
      .max(24 * 30, 'must be ≤ 720')
      .default(24),
  })
  .strict()
  .refine((t) => t.requestsPerDay !== undefined || t.hourly !== undefined || 'from' in t.growth, {
    message: 'is required (or give traffic.hourly, or growth.from/to)',
    path: ['requestsPerDay'],
  });

export const tokensSchema = z
  .object({
    input: tokenDistSchema,
    output: tokenDistSchema,
    /** Longest prompt + output a deployment must hold (default: the largest bucket). */
    maxContext: z.number().int().positive('must be > 0').optional(),
  })
  .strict();

export const cacheSchema = z
  .object({
    /** Share of input tokens that repeat a cached prefix (provider prompt cache / engine prefix cache). */
    prefixShare: share.default(0),
    /** Share of requests answered by the gateway's response cache (no model call at all). */
    responseHitShare: share.default(0),
    /** API options: share of input tokens written to the provider's prompt cache (a prefix's first use or
     * a use after its 5-minute TTL lapsed), billed at the write price; at most 1 − prefixShare. */
    writeShare: share.optional(),
    /** API options, instead of writeShare: distinct cacheable prefixes in use per day (system prompts ×
     * tenants, live conversations); the write share then follows from the calls per prefix and the TTL. */
    distinctPrefixesPerDay: positive().optional(),
  })
  .strict()
  .refine((c) => c.writeShare === undefined || c.prefixShare + c.writeShare <= 1 + 1e-12, {
    message: 'prefixShare + writeShare must be ≤ 1 (reads and writes are both shares of input tokens)',
    path: ['writeShare'],
  });

export const latencySchema = z
  .object({
    /** Target time to first token, seconds (p95). */
    ttftP95S: positive().optional(),
    /** Target time per output token, seconds. */
    tpotS: positive().optional(),
  })
  .strict();

const selfHostedSchema = z
  .object({
    models: z.array(z.string().min(1)).min(1, 'needs at least one model'),
    hardware: z.array(z.string().min(1)).min(1, 'needs at least one hardware id'),
    counts: z.array(z.number().int().positive('must be > 0')).min(1).default([1, 2, 4, 8]),
    precisions: z.array(precisionSchema).min(1).default(['bf16', 'fp8']),
    engines: z
      .array(z.enum(['vllm', 'sglang', 'trtllm', 'llamacpp', 'generic']))
      .min(1)
      .default(['vllm']),
    tiers: z
      .array(z.enum(['hyperscaler', 'marketplace', 'onprem', 'edge']))
      .min(1)
      .default(['hyperscaler', 'marketplace', 'onprem']),
    /**
     * Per-device power limits to compare, W (nvidia-smi -pl, MaxQ; above the TDP only for custom thermals):
     * each becomes its own option. A compute-bound replica lowers its clocks to fit, losing less throughput
     * than it saves power. Default: each device at its TDP.
     */
    powerLimitsW: z.array(positive()).min(1).optional(),
    /** Rental commitments allowed when picking GPU offers (spot is interruptible: only when asked). */
    commitments: z
      .array(z.enum(['on-demand', 'spot', '1y', '3y']))
      .min(1)
      .default(['on-demand']),
  })
  .strict();

export const candidatesSchema = z
  .object({
    /** API model ids, or `all` for every priced model in the catalog. */
    api: z.union([z.literal('all'), z.array(z.string().min(1))]).default([]),
    selfHosted: selfHostedSchema.optional(),
    /** Regions allowed (data residency); self-hosted options are built per region. */
    regions: z.array(z.string().min(1)).min(1).default(['world']),
  })
  .strict();

export const fleetSchema = z
  .object({
    /** `autoscaled`: replicas follow the hourly demand; `fixed`: sized for each month's peak. */
    mode: z.enum(['autoscaled', 'fixed']).default('autoscaled'),
    minReplicas: z.number().int().nonnegative('must be ≥ 0').default(1),
    /** Optional cap on the arrival rate per replica as a share of its saturation capacity. With a TTFT
     * target the M/M/c queue sets the headroom and this only caps it further; without one, default 0.8. */
    targetUtilisation: z.number().finite().gt(0, 'must be > 0').max(1, 'must be ≤ 1').optional(),
    /** On-premise / edge purchase amortised over this many years. */
    amortisationYears: positive().default(3),
    /** Extra on-premise cost per device-hour (hosting, ops), US dollars. */
    onpremOverheadPerDeviceHour: z.number().finite().nonnegative().default(0.15),
  })
  .strict();

const usageDistSchema = z.union([
  z.object({ lognormalSigma: z.number().finite().min(0, 'must be ≥ 0').max(4, 'must be ≤ 4') }).strict(),
  /** Percentiles of queries per user per month; a lognormal is fitted through p50 and p90. */
  z.object({ p50: positive(), p90: positive() }).strict(),
  /** Explicit segments: share of users and their queries per month. */
  z
    .object({
      segments: z
        .array(z.object({ userShare: share, queries: z.number().finite().nonnegative() }).strict())
        .min(1),
    })
    .strict(),
]);

const volumeTierSchema = z
  .object({ above: z.number().finite().nonnegative('must be ≥ 0'), discount: share })
  .strict();

export const pricingSchema = z.discriminatedUnion('model', [
  z
    .object({
      model: z.literal('per-query'),
      pricePerQuery: positive(),
      /** Marginal discounts above this many queries per month. */
      volumeDiscounts: z.array(volumeTierSchema).default([]),
    })
    .strict(),
  z
    .object({
      model: z.literal('subscription'),
      pricePerUserMonth: positive(),
      /** Mean queries per user per month (sets the number of users from the demand). */
      queriesPerUserMonth: positive(),
      usage: usageDistSchema.default({ lognormalSigma: 1 }),
      /** Marginal discounts above this many users. */
      volumeDiscounts: z.array(volumeTierSchema).default([]),
    })
    .strict(),
  z
    .object({
      model: z.literal('credits'),
      pricePerCredit: positive(),
      creditsPerQuery: positive(),
      /** Share of sold credits never used (revenue without cost). */
      breakage: z.number().finite().min(0).max(0.9, 'must be ≤ 0.9').default(0),
      volumeDiscounts: z.array(volumeTierSchema).default([]),
    })
    .strict(),
]);

/**
 * Quality the product needs, on the catalog's quality scale (MMLU-Pro %): an absolute `floor`, or a
 * `reference` model and how many points below it are acceptable (`maxDrop`). Options below the floor are
 * ranked after every option that meets it.
 */
export const qualityFloorSchema = z
  .object({
    floor: z.number(numberError).finite().min(0, 'must be ≥ 0').max(100, 'must be ≤ 100').optional(),
    reference: z.string().min(1).optional(),
    maxDrop: z.number(numberError).finite().min(0, 'must be ≥ 0').max(100).default(0),
  })
  .strict()
  .refine((q) => q.floor !== undefined || q.reference !== undefined, {
    message: 'give floor (a score) or reference (a model id)',
  });

/** Route part of the traffic to a cheaper API model (what-if for the sensitivity table). */
export const routingSchema = z.object({ model: z.string().min(1), share: share.default(0) }).strict();

export const claimSchema = z
  .object({
    label: z.string().min(1),
    model: z.string().min(1),
    hardware: z.string().min(1),
    count: z.number().int().positive('must be > 0').default(1),
    precisions: z.array(precisionSchema).min(1).default(['bf16', 'fp8', 'int8', 'int4']),
    /** Claimed output tokens per second, per card. */
    tokS: positive(),
    /** Claimed US dollars per million output tokens. */
    usdPerMTok: positive().optional(),
  })
  .strict();

export const workloadSchema = z
  .object({
    name: z.string().min(1).default('workload'),
    description: z.string().optional(),
    horizonMonths: z.number().int().min(1, 'must be ≥ 1').max(60, 'must be ≤ 60').default(12),
    traffic: trafficSchema,
    tokens: tokensSchema,
    cache: cacheSchema.default({ prefixShare: 0, responseHitShare: 0 }),
    latency: latencySchema.default({}),
    candidates: candidatesSchema,
    fleet: fleetSchema.default({
      mode: 'autoscaled',
      minReplicas: 1,
      amortisationYears: 3,
      onpremOverheadPerDeviceHour: 0.15,
    }),
    pricing: pricingSchema.optional(),
    routing: routingSchema.optional(),
    claims: z.array(claimSchema).optional(),
    quality: qualityFloorSchema.optional(),
  })
  .strict();

export type Workload = z.infer<typeof workloadSchema>;
export type WorkloadInput = z.input<typeof workloadSchema>;
export type TokenDist = z.infer<typeof tokenDistSchema>;
export type Pricing = z.infer<typeof pricingSchema>;
export type Claim = z.infer<typeof claimSchema>;
export type QualityFloor = z.infer<typeof qualityFloorSchema>;
export type Traffic = z.infer<typeof trafficSchema>;
export type FleetPolicy = z.infer<typeof fleetSchema>;
