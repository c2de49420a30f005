// Helpers for writing price entries: multiples rounded to 1e-6 $/M so derived prices print exactly.
import type { ModelPriceInput, PriceTier } from '../schema.js';

/** Rounds a $/M figure to a millionth of a dollar (removes float noise like 0.30000000000000004). */
export const usd = (x: number): number => Math.round(x * 1e6) / 1e6;

/** A tier scaled by `f` (e.g. 0.5 for a 50% batch discount), every listed price scaled. */
export function scaled(t: PriceTier, f: number): PriceTier {
  const out: PriceTier = { input: usd(t.input * f), output: usd(t.output * f) };
  if (t.cachedInput !== undefined) out.cachedInput = usd(t.cachedInput * f);
  if (t.cacheWrite5m !== undefined) out.cacheWrite5m = usd(t.cacheWrite5m * f);
  if (t.cacheWrite1h !== undefined) out.cacheWrite1h = usd(t.cacheWrite1h * f);
  return out;
}

/** Anthropic's cache multipliers: read 0.1x, 5-minute write 1.25x, 1-hour write 2x the input price. */
export function anthropicTier(input: number, output: number): PriceTier {
  return {
    input,
    output,
    cachedInput: usd(input * 0.1),
    cacheWrite5m: usd(input * 1.25),
    cacheWrite1h: usd(input * 2),
  };
}

export const CAPS_CHAT = {
  tools: true,
  vision: false,
  jsonMode: true,
  promptCaching: false,
  reasoning: false,
};
export const CAPS_ALL = { tools: true, vision: true, jsonMode: true, promptCaching: true, reasoning: true };

/**
 * Energy basis for a closed model: an estimated parameter count, flagged as such, with a plausible range of
 * ×/÷ `spread` around it (undisclosed sizes are uncertain by about a factor of two either way).
 */
export function estimatedEnergy(
  activeParamsB: number,
  totalParamsB: number,
  why: string,
  spread = 2,
): ModelPriceInput['energy'] {
  const r = (x: number): [number, number] => [usd(x / spread), usd(x * spread)];
  return {
    activeParamsB,
    totalParamsB,
    estimated: true,
    activeParamsRangeB: r(activeParamsB),
    totalParamsRangeB: r(totalParamsB),
    note:
      `Not disclosed by the provider; order-of-magnitude estimate (${why}) following the EcoLogits methodology ` +
      '(ecologits.ai: parameter counts inferred from public reporting and price tier, with uncertainty ranges)',
  };
}

/** Energy basis for an open-weight model served by a provider: the model-facts entry. */
export function openWeights(modelFacts: string): ModelPriceInput['energy'] {
  return { modelFacts, estimated: false };
}
