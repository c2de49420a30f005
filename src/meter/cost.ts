// Dollar cost of one request: usage × the catalog's price tiers (standard / batch / flex, time-of-day
// windows, long context).
import type { ModelPrice, PriceTier } from '../catalog/schema.js';
import { MarginError } from '../errors/index.js';
import { type Usage, usageProblem } from './usage.js';
import { activeWindow } from './windows.js';

export interface CostBreakdown {
  /** Uncached input tokens. */
  input: number;
  /** Input read from the prompt cache. */
  cachedInput: number;
  /** Input written to the prompt cache (5-minute and 1-hour TTLs together). */
  cacheWrite: number;
  /** Visible output tokens. */
  output: number;
  /** Reasoning tokens (billed at the output price). */
  reasoning: number;
  total: number;
}

/** Per-million prices applied to one request, every token class filled. */
export interface Rates {
  input: number;
  output: number;
  cachedInput: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
}

export interface CostResult {
  costUsd: CostBreakdown;
  /** Which tier priced the request, e.g. `standard`, `batch`, `standard+off-peak`, `standard+long-context`. */
  tier: string;
  /** Per-million prices actually applied. */
  rates: Rates;
  /** What the same request would cost with no prompt-cache effects (every input token at the input price). */
  uncachedUsd: number;
  notes: string[];
}

const PER_M = 1_000_000;

function scaleTier(t: PriceTier, base: PriceTier, scaled: PriceTier): PriceTier {
  // Applies the discount of `scaled` relative to `base` to tier `t` (e.g. batch × long context).
  const r = (k: keyof PriceTier): number | undefined => {
    const b = base[k];
    const s = scaled[k];
    const v = t[k];
    if (v === undefined) return undefined;
    if (b === undefined || s === undefined || b === 0) {
      return base.input === 0 ? v : (v * scaled.input) / base.input;
    }
    return (v * s) / b;
  };
  const out: PriceTier = { input: r('input') ?? 0, output: r('output') ?? 0 };
  const c = r('cachedInput');
  const w5 = r('cacheWrite5m');
  const w1 = r('cacheWrite1h');
  if (c !== undefined) out.cachedInput = c;
  if (w5 !== undefined) out.cacheWrite5m = w5;
  if (w1 !== undefined) out.cacheWrite1h = w1;
  return out;
}

function times(t: PriceTier, f: number): PriceTier {
  const out: PriceTier = { input: t.input * f, output: t.output * f };
  if (t.cachedInput !== undefined) out.cachedInput = t.cachedInput * f;
  if (t.cacheWrite5m !== undefined) out.cacheWrite5m = t.cacheWrite5m * f;
  if (t.cacheWrite1h !== undefined) out.cacheWrite1h = t.cacheWrite1h * f;
  return out;
}

/**
 * Chooses the price tier for a request and fills missing cache prices (documented fallbacks). `at` is when
 * the request ran (epoch ms): a time-of-day window in force then replaces or scales the tier; without
 * `at`, windows are ignored.
 */
export function ratesFor(
  price: ModelPrice,
  usage: Usage,
  at?: number,
): { rates: Rates; tier: string; notes: string[] } {
  const notes: string[] = [];
  let tier: PriceTier = price.price;
  let name = 'standard';
  const kindTier = usage.kind === 'batch' ? price.batch : usage.kind === 'flex' ? price.flex : undefined;
  if (usage.kind !== 'sync') {
    if (kindTier) {
      tier = kindTier;
      name = usage.kind;
    } else {
      notes.push(`${price.id} has no ${usage.kind} pricing; standard prices applied`);
    }
  }
  const window = at === undefined ? undefined : activeWindow(price.windows, usage.kind, at);
  if (window) {
    tier = window.price ?? times(tier, window.multiplier ?? 1);
    name += `+${window.name}`;
  }
  const lc = price.longContext;
  if (lc && usage.inputTokens > lc.thresholdTokens) {
    tier = name === 'standard' ? lc : scaleTier(lc, price.price, tier);
    name += '+long-context';
  }
  const cachedInput = tier.cachedInput ?? tier.input;
  if (tier.cachedInput === undefined && usage.cacheReadTokens > 0) {
    notes.push(`${price.id} lists no cached-input price; cache reads billed as input`);
  }
  const cacheWrite5m = tier.cacheWrite5m ?? tier.input;
  // Anthropic's 1-hour write costs 2× input; without a listed price fall back to the 5-minute price.
  const cacheWrite1h = tier.cacheWrite1h ?? cacheWrite5m;
  return {
    rates: { input: tier.input, output: tier.output, cachedInput, cacheWrite5m, cacheWrite1h },
    tier: name,
    notes,
  };
}

/** Cost of one request in US dollars, with a breakdown per token class; `at` = when it ran (price windows). */
export function computeCost(price: ModelPrice, usage: Usage, at?: number): CostResult {
  const problem = usageProblem(usage);
  if (problem) throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `Invalid usage: ${problem}`);
  const { rates, tier, notes } = ratesFor(price, usage, at);
  const uncachedInputTokens =
    usage.inputTokens - usage.cacheReadTokens - usage.cacheWrite5mTokens - usage.cacheWrite1hTokens;
  const visibleOutput = usage.outputTokens - usage.reasoningTokens;
  const costUsd: CostBreakdown = {
    input: (uncachedInputTokens * rates.input) / PER_M,
    cachedInput: (usage.cacheReadTokens * rates.cachedInput) / PER_M,
    cacheWrite:
      (usage.cacheWrite5mTokens * rates.cacheWrite5m + usage.cacheWrite1hTokens * rates.cacheWrite1h) / PER_M,
    output: (visibleOutput * rates.output) / PER_M,
    reasoning: (usage.reasoningTokens * rates.output) / PER_M,
    total: 0,
  };
  costUsd.total =
    costUsd.input + costUsd.cachedInput + costUsd.cacheWrite + costUsd.output + costUsd.reasoning;
  const uncachedUsd = (usage.inputTokens * rates.input + usage.outputTokens * rates.output) / PER_M;
  return { costUsd, tier, rates, uncachedUsd, notes };
}
