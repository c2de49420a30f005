// fast-check arbitraries shared by the protocol translators' round-trip tests.
import fc from 'fast-check';
import { makeUsage, type Usage } from '../../../src/meter/usage.js';

/** A consistent usage record: cached ≤ input, reasoning ≤ output. */
export const usageArb: fc.Arbitrary<Usage> = fc
  .record({
    input: fc.integer({ min: 0, max: 100_000 }),
    cached: fc.integer({ min: 0, max: 100_000 }),
    output: fc.integer({ min: 0, max: 10_000 }),
    reasoning: fc.integer({ min: 0, max: 10_000 }),
  })
  .map((u) =>
    makeUsage({
      inputTokens: u.input,
      cacheReadTokens: Math.min(u.cached, u.input),
      outputTokens: u.output,
      reasoningTokens: Math.min(u.reasoning, u.output),
    }),
  );
