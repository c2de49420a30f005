// Zod schemas for every catalog entry. Every entry must carry `source` and `asOf`: data without
// provenance is rejected at load time.
import { z } from 'zod';

const provenance = {
  /** Where the figure comes from (URL or document name). */
  source: z.string().min(3, 'source is required'),
  /** Date the figure was true (YYYY-MM or YYYY-MM-DD). */
  asOf: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'asOf must be YYYY-MM or YYYY-MM-DD'),
};

const usdPerMTok = z.number().nonnegative().finite();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
/** A low–high range of a quantity, low ≤ high. */
const range = z
  .tuple([z.number().positive(), z.number().positive()])
  .refine(([lo, hi]) => lo <= hi, 'low must be ≤ high');

export const precisionSchema = z.enum(['fp32', 'bf16', 'fp8', 'int8', 'int4', 'fp4', 'mxfp4']);

/** Deprecation and retirement of a model by its provider (requests to a retired model fail there). */
export const lifecycleSchema = z
  .object({
    /** Date the provider announced the model deprecated (still served). */
    deprecated: isoDate.optional(),
    /** Date the provider stopped serving it (or will: a future date is a scheduled retirement). */
    retired: isoDate.optional(),
    /** The provider's named successor, a catalog id where the catalog has it. */
    replacement: z.string().min(1).optional(),
    /** Where the dates come from. */
    source: z.string().min(3).optional(),
  })
  .strict();

/** Prices for one tier of a model, all in US dollars per million tokens. */
export const priceTierSchema = z.object({
  input: usdPerMTok,
  output: usdPerMTok,
  /** Reading input from the provider's prompt cache. */
  cachedInput: usdPerMTok.optional(),
  /** Writing to the prompt cache with a 5-minute TTL (Anthropic) or the default TTL. */
  cacheWrite5m: usdPerMTok.optional(),
  /** Writing to the prompt cache with a 1-hour TTL (Anthropic). */
  cacheWrite1h: usdPerMTok.optional(),
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM (UTC, 00:00–24:00)');

/**
 * A time-of-day price window (e.g. DeepSeek's 16:30–00:30 UTC off-peak discount): requests that *run*
 * inside it are priced at its own rates (`price`) or at `multiplier` × the tier it applies to. Times are
 * UTC; a window whose end is before its start wraps past midnight and belongs to the day it starts on.
 */
export const priceWindowSchema = z
  .object({
    /** Short name used in the applied tier's label (`standard+off-peak`). */
    name: z.string().min(1).default('off-peak'),
    /** Start, inclusive, `HH:MM` UTC. */
    startUtc: hhmm,
    /** End, exclusive, `HH:MM` UTC; equal to `startUtc` = the whole day. */
    endUtc: hhmm,
    /** UTC weekdays the window starts on (0 = Sunday … 6 = Saturday); default every day. */
    days: z.array(z.number().int().min(0).max(6)).min(1).optional(),
    /** Rates inside the window, US dollars per million tokens (replace the tier applied to). */
    price: priceTierSchema.optional(),
    /** Or a factor on every rate of the tier applied to (0.5 = half price). */
    multiplier: z.number().nonnegative().finite().optional(),
    /** Request kinds it applies to (default: live requests only). */
    kinds: z
      .array(z.enum(['sync', 'batch', 'flex']))
      .min(1)
      .default(['sync']),
    /** Dates (YYYY-MM-DD, UTC) the window is in force: from inclusive, until exclusive; default always. */
    validFrom: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    validUntil: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    ...provenance,
  })
  .strict()
  .refine((w) => (w.price === undefined) !== (w.multiplier === undefined), {
    message: 'a price window needs exactly one of price or multiplier',
  });

export const modelPriceSchema = z
  .object({
    /** Provider's own model id, e.g. `gpt-4o`, `claude-sonnet-4-5`. */
    id: z.string().min(1),
    provider: z.string().min(1),
    /** Dated snapshots and common aliases that resolve to this entry. */
    aliases: z.array(z.string()).default([]),
    /** Standard (synchronous) prices. */
    price: priceTierSchema,
    /** Batch API prices (usually 50% of standard); absent when the provider has no batch API. */
    batch: priceTierSchema.optional(),
    /** Flex / low-priority tier prices, where offered. */
    flex: priceTierSchema.optional(),
    /** Prices once the prompt exceeds `thresholdTokens` input tokens (whole request billed at this tier). */
    longContext: priceTierSchema.extend({ thresholdTokens: z.number().int().positive() }).optional(),
    /** Time-of-day price windows (off-peak discounts), checked in order; the first that holds applies. */
    windows: z.array(priceWindowSchema).optional(),
    contextWindow: z.number().int().positive(),
    maxOutputTokens: z.number().int().positive().optional(),
    capabilities: z
      .object({
        tools: z.boolean().default(false),
        vision: z.boolean().default(false),
        jsonMode: z.boolean().default(false),
        promptCaching: z.boolean().default(false),
        reasoning: z.boolean().default(false),
      })
      .default({ tools: false, vision: false, jsonMode: false, promptCaching: false, reasoning: false }),
    /** Smallest prompt prefix the provider will cache (tokens). */
    minCacheableTokens: z.number().int().positive().optional(),
    /** Tokenizer family used for counting (`o200k`, `cl100k`, or an estimate family). */
    tokenizer: z.string().default('o200k'),
    /** Energy basis: id of an entry in the open-weight model facts, or an estimated parameter count. */
    energy: z
      .object({
        modelFacts: z.string().optional(),
        activeParamsB: z.number().positive().optional(),
        totalParamsB: z.number().positive().optional(),
        /** True when the parameter count is a published estimate, not a disclosed figure. */
        estimated: z.boolean().default(true),
        /** Plausible low–high parameter counts (billions) of an undisclosed model: sets the energy bounds. */
        activeParamsRangeB: range.optional(),
        totalParamsRangeB: range.optional(),
        /** Precision the provider is assumed to serve at (default: the facts' native precision, else fp8). */
        precision: precisionSchema.optional(),
        note: z.string().optional(),
      })
      .optional(),
    lifecycle: lifecycleSchema.optional(),
    ...provenance,
  })
  .strict();

export const modelFactsSchema = z
  .object({
    id: z.string().min(1),
    family: z.string().min(1),
    aliases: z.array(z.string()).default([]),
    paramsTotalB: z.number().positive(),
    paramsActiveB: z.number().positive(),
    layers: z.number().int().positive(),
    hiddenSize: z.number().int().positive(),
    attentionHeads: z.number().int().positive(),
    kvHeads: z.number().int().positive(),
    headDim: z.number().int().positive(),
    vocabSize: z.number().int().positive(),
    contextLength: z.number().int().positive(),
    /** Mixture of experts: total experts and experts active per token. */
    moe: z
      .object({
        experts: z.number().int().positive(),
        activePerToken: z.number().int().positive(),
        /** Layers with routed experts when not every layer has them (Llama 4 Maverick interleaves: 24 of 48). */
        layers: z.number().int().positive().optional(),
      })
      .optional(),
    /**
     * KV-cache elements per token per layer when attention is not plain GQA (e.g. DeepSeek MLA:
     * kv_lora_rank + rope dim = 576). Defaults to 2 × kvHeads × headDim.
     */
    kvElementsPerTokenPerLayer: z.number().int().positive().optional(),
    /** Layers that use sliding-window attention and their window (Gemma, gpt-oss). */
    slidingWindow: z
      .object({ layers: z.number().int().nonnegative(), window: z.number().int().positive() })
      .optional(),
    license: z.string().optional(),
    /** Precision the weights are released in (e.g. gpt-oss MoE weights in MXFP4, DeepSeek-V3 in FP8). */
    nativePrecision: precisionSchema.optional(),
    ...provenance,
  })
  .strict();

export const hardwareSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    vendor: z.string().min(1),
    aliases: z.array(z.string()).default([]),
    kind: z.enum(['datacenter', 'workstation', 'edge']),
    memoryGB: z.number().positive(),
    /** Memory bandwidth, GB/s. */
    bandwidthGBs: z.number().positive(),
    /** Dense (non-sparse) peak throughput in TFLOP/s (TOPS for int formats) by precision. */
    tflops: z.object({
      bf16: z.number().positive(),
      fp8: z.number().positive().optional(),
      int8: z.number().positive().optional(),
      int4: z.number().positive().optional(),
      fp4: z.number().positive().optional(),
    }),
    interconnect: z.object({
      kind: z.enum(['nvlink', 'pcie', 'infinity-fabric', 'ici', 'ethernet', 'unified']),
      /** Per-device scale-up bandwidth, GB/s (one direction). */
      bandwidthGBs: z.number().positive(),
      /** Largest tensor-parallel group on one fast link domain. */
      maxGroup: z.number().int().positive(),
    }),
    tdpW: z.number().positive(),
    /**
     * Power the silicon would draw at its rated clocks under the load that saturates an uncapped part, W,
     * when that exceeds the TDP (power-capped form factors of a larger part's die: H100 NVL/PCIe). Sets the
     * dynamic range of the power model; the TDP stays the limit, so such a part lowers its clocks sooner.
     * Defaults to the TDP.
     */
    fullClockPowerW: z.number().positive().optional(),
    /** Idle power, W (defaults to ~30% of TDP when unknown). */
    idleW: z.number().positive().optional(),
    /** US dollars per device-hour by tier, and purchase price for on-premise amortisation. */
    prices: z.object({
      hyperscalerPerHour: z.number().positive().optional(),
      marketplacePerHour: z.number().positive().optional(),
      purchaseUsd: z.number().positive().optional(),
    }),
    /** Manufacturing (embodied) emissions of one device with its share of the server, and its service life. */
    embodied: z
      .object({
        kgCo2ePerDevice: z.number().positive(),
        lifetimeYears: z.number().positive().max(15),
        source: z.string().min(3),
      })
      .strict()
      .optional(),
    ...provenance,
  })
  .strict();

export const regionSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    aliases: z.array(z.string()).default([]),
    /** Grid carbon intensity, g CO2e per kWh (annual average, location based). */
    gridGCo2ePerKwh: z.number().nonnegative(),
    /** Industrial / data-centre electricity price, US dollars per kWh. */
    electricityUsdPerKwh: z.number().positive(),
    /** Typical data-centre power usage effectiveness. */
    pue: z.number().min(1).max(3),
    /**
     * Market-based intensity (GHG Protocol Scope 2): the residual mix left once certificates are sold,
     * g CO2e per kWh, for electricity bought without contractual instruments.
     */
    marketGCo2ePerKwh: z.number().nonnegative().optional(),
    marketSource: z.string().min(3).optional(),
    ...provenance,
  })
  .strict();

export const commitmentSchema = z.enum(['on-demand', 'spot', '1y', '3y']);

/** One rentable GPU offer: provider × accelerator × region × commitment, US dollars per GPU-hour. */
export const gpuOfferSchema = z
  .object({
    /** `<provider>/<instance or sku>/<region>/<commitment>`. */
    id: z.string().min(1),
    provider: z.string().min(1),
    /** Catalog hardware id. */
    hardware: z.string().min(1),
    /** Catalog region id (or `global` for marketplaces that price one rate everywhere). */
    region: z.string().min(1),
    commitment: commitmentSchema,
    usdPerGpuHour: z.number().positive().finite(),
    /** Instance type or SKU as the provider names it, and its GPU count. */
    instance: z.string().min(1),
    gpusPerInstance: z.number().int().positive(),
    /** `hyperscaler`, `neocloud` (GPU cloud) or `marketplace` (peer or community capacity). */
    kind: z.enum(['hyperscaler', 'neocloud', 'marketplace']),
    aliases: z.array(z.string()).default([]),
    /** True when the figure could not be confirmed on the provider's page (a reported or typical rate). */
    estimated: z.boolean().default(false),
    ...provenance,
  })
  .strict();

/** A public quality score of a model (a leaderboard or the model card), for the planner's cost–quality trade. */
export const qualitySchema = z
  .object({
    /** Catalog price id or open-weight facts id the score belongs to. */
    id: z.string().min(1),
    aliases: z.array(z.string()).default([]),
    /** Benchmark accuracy, percent (higher is better). */
    score: z.number().min(0).max(100),
    /** e.g. `MMLU-Pro`. */
    benchmark: z.string().min(1),
    /** True when the figure is a third-party or recalled figure not confirmed on its source here. */
    estimated: z.boolean().default(false),
    ...provenance,
  })
  .strict();

/**
 * A region's typical week of grid carbon intensity by UTC hour (the deferral scheduler's low-carbon signal):
 * `gPerKwh[dayOfWeek 0 = Sunday … 6][hourUtc 0 … 23]`, location based, g CO2e/kWh.
 */
export const carbonProfileSchema = z
  .object({
    /** Catalog region id (or alias). */
    region: z.string().min(1),
    gPerKwh: z
      .array(z.array(z.number().nonnegative().finite()).length(24, 'needs 24 hourly values'))
      .length(7, 'needs 7 days (Sunday first)'),
    /** True when the figures are a typical shape rather than measured hourly averages. */
    estimated: z.boolean().default(true),
    note: z.string().optional(),
    ...provenance,
  })
  .strict();

export type PriceTier = z.infer<typeof priceTierSchema>;
export type PriceWindow = z.infer<typeof priceWindowSchema>;
export type ModelPrice = z.infer<typeof modelPriceSchema>;
export type ModelPriceInput = z.input<typeof modelPriceSchema>;
export type ModelFacts = z.infer<typeof modelFactsSchema>;
export type ModelFactsInput = z.input<typeof modelFactsSchema>;
export type Precision = z.infer<typeof precisionSchema>;
export type Hardware = z.infer<typeof hardwareSchema>;
export type HardwareInput = z.input<typeof hardwareSchema>;
export type Region = z.infer<typeof regionSchema>;
export type Lifecycle = z.infer<typeof lifecycleSchema>;
export type Commitment = z.infer<typeof commitmentSchema>;
export type GpuOffer = z.infer<typeof gpuOfferSchema>;
export type GpuOfferInput = z.input<typeof gpuOfferSchema>;
export type Quality = z.infer<typeof qualitySchema>;
export type QualityInput = z.input<typeof qualitySchema>;
export type RegionInput = z.input<typeof regionSchema>;
export type CarbonProfileEntry = z.infer<typeof carbonProfileSchema>;
export type CarbonProfileInput = z.input<typeof carbonProfileSchema>;
