// What one cache entry holds: the canonical (or native) response, its usage and the label it cost,
// serialised the same way by every backend; parsing is checked because Redis is shared storage.
import { z } from 'zod';
import type { Label } from '../meter/index.js';
import type { Usage } from '../meter/usage.js';
import type { CacheProtocol } from './key.js';

export interface CacheEntry {
  protocol: CacheProtocol;
  /** Canonical ChatResponse (openai) or the native Anthropic message body (anthropic). */
  response: Record<string, unknown>;
  usage: Usage;
  /** What the original answer cost; each hit records it as saved. Null when it could not be metered. */
  label: Label | null;
  /** Model that produced the answer. */
  servedModel: string | null;
  provider: string | null;
  createdAt: number;
}

const usageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  cacheReadTokens: z.number().int().nonnegative(),
  cacheWrite5mTokens: z.number().int().nonnegative(),
  cacheWrite1hTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  reasoningTokens: z.number().int().nonnegative(),
  kind: z.enum(['sync', 'batch', 'flex']),
  source: z.enum(['reported', 'estimated']),
});

const entrySchema = z.object({
  protocol: z.enum(['openai', 'anthropic']),
  response: z.record(z.string(), z.unknown()),
  usage: usageSchema,
  label: z
    .looseObject({
      model: z.string(),
      provider: z.string(),
      costUsd: z.looseObject({ total: z.number() }),
      energyWh: z.number(),
      co2eG: z.number(),
    })
    .nullable(),
  servedModel: z.string().nullable(),
  provider: z.string().nullable(),
  createdAt: z.number(),
});

/** Serialises an entry for storage. */
export function encodeEntry(entry: CacheEntry): string {
  return JSON.stringify(entry);
}

/** Parses a stored entry; undefined when the text is not a valid entry (treated as a miss). */
export function decodeEntry(text: string): CacheEntry | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const res = entrySchema.safeParse(raw);
  return res.success ? (res.data as unknown as CacheEntry) : undefined;
}

/** Dollars, watt-hours and grams CO2e a hit on this entry avoided. */
export function savedBy(entry: CacheEntry): { savedUsd: number; savedEnergyWh: number; savedCo2eG: number } {
  const l = entry.label;
  return l
    ? { savedUsd: l.costUsd.total, savedEnergyWh: l.energyWh, savedCo2eG: l.co2eG }
    : { savedUsd: 0, savedEnergyWh: 0, savedCo2eG: 0 };
}
