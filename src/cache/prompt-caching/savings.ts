// Net saving of provider prompt caching for one request, priced by the one meter (computeCost): what cache
// reads saved against plain input, minus what cache writes cost above plain input (Anthropic: 1.25× / 2×).
import type { ModelPrice } from '../../catalog/schema.js';
import { computeCost } from '../../meter/cost.js';
import type { Usage } from '../../meter/usage.js';

export interface PromptCacheSaving {
  /** Dollars cache reads saved versus paying plain input for those tokens. */
  readSavingUsd: number;
  /** Dollars cache writes cost above plain input (negative if a provider prices writes below input). */
  writeExtraUsd: number;
  /** readSavingUsd − writeExtraUsd: what caching saved on this request overall. */
  netUsd: number;
  /** Cost actually billed, and the cost of the same request with no caching at all. */
  billedUsd: number;
  uncachedUsd: number;
}

/** Prompt-cache saving for one request's usage at a model's prices. */
export function promptCacheSaving(price: ModelPrice, usage: Usage): PromptCacheSaving {
  const billed = computeCost(price, usage).costUsd.total;
  const readsAsInput = computeCost(price, { ...usage, cacheReadTokens: 0 }).costUsd.total;
  const noCache = computeCost(price, {
    ...usage,
    cacheReadTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
  }).costUsd.total;
  const readSavingUsd = readsAsInput - billed;
  const writeExtraUsd = readsAsInput - noCache;
  return { readSavingUsd, writeExtraUsd, netUsd: noCache - billed, billedUsd: billed, uncachedUsd: noCache };
}

/** Sums savings over many requests (e.g. a ledger month). */
export function sumSavings(items: readonly PromptCacheSaving[]): PromptCacheSaving {
  const z: PromptCacheSaving = {
    readSavingUsd: 0,
    writeExtraUsd: 0,
    netUsd: 0,
    billedUsd: 0,
    uncachedUsd: 0,
  };
  for (const s of items) {
    z.readSavingUsd += s.readSavingUsd;
    z.writeExtraUsd += s.writeExtraUsd;
    z.netUsd += s.netUsd;
    z.billedUsd += s.billedUsd;
    z.uncachedUsd += s.uncachedUsd;
  }
  return z;
}
