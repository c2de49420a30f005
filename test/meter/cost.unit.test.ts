import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modelPriceSchema } from '../../src/catalog/schema.js';
import { computeCost, makeUsage } from '../../src/meter/index.js';

// A synthetic price entry with round numbers so every expected value is computed by hand below.
const price = modelPriceSchema.parse({
  id: 'test-model',
  provider: 'test',
  price: { input: 3, output: 15, cachedInput: 0.3, cacheWrite5m: 3.75, cacheWrite1h: 6 },
  batch: { input: 1.5, output: 7.5, cachedInput: 0.15, cacheWrite5m: 1.875, cacheWrite1h: 3 },
  longContext: {
    thresholdTokens: 200_000,
    input: 6,
    output: 22.5,
    cachedInput: 0.6,
    cacheWrite5m: 7.5,
    cacheWrite1h: 12,
  },
  contextWindow: 1_000_000,
  source: 'unit test',
  asOf: '2026-11',
});

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} != ${b}`);

describe('computeCost', () => {
  it('prices every token class separately', () => {
    const u = makeUsage({
      inputTokens: 10_000,
      cacheReadTokens: 4_000,
      cacheWrite5mTokens: 2_000,
      cacheWrite1hTokens: 1_000,
      outputTokens: 3_000,
      reasoningTokens: 1_000,
    });
    const { costUsd, tier } = computeCost(price, u);
    assert.equal(tier, 'standard');
    close(costUsd.input, (3_000 * 3) / 1e6); // 0.009
    close(costUsd.cachedInput, (4_000 * 0.3) / 1e6); // 0.0012
    close(costUsd.cacheWrite, (2_000 * 3.75 + 1_000 * 6) / 1e6); // 0.0135
    close(costUsd.output, (2_000 * 15) / 1e6); // 0.03
    close(costUsd.reasoning, (1_000 * 15) / 1e6); // 0.015
    close(costUsd.total, 0.009 + 0.0012 + 0.0135 + 0.03 + 0.015);
  });

  it('uses batch prices for a batch request', () => {
    const { costUsd, tier } = computeCost(
      price,
      makeUsage({ inputTokens: 100_000, outputTokens: 100_000, kind: 'batch' }),
    );
    assert.equal(tier, 'batch');
    close(costUsd.total, 0.15 + 0.75);
  });

  it('switches the whole request to the long-context tier above the threshold', () => {
    const below = computeCost(price, makeUsage({ inputTokens: 200_000, outputTokens: 1_000 }));
    close(below.costUsd.total, 0.6 + 0.015);
    const above = computeCost(price, makeUsage({ inputTokens: 200_001, outputTokens: 1_000 }));
    assert.equal(above.tier, 'standard+long-context');
    close(above.costUsd.total, (200_001 * 6) / 1e6 + (1_000 * 22.5) / 1e6);
  });

  it('applies the batch discount to long-context prices', () => {
    const r = computeCost(price, makeUsage({ inputTokens: 300_000, outputTokens: 0, kind: 'batch' }));
    assert.equal(r.tier, 'batch+long-context');
    close(r.costUsd.total, 0.3 * 6 * 0.5);
  });

  it('rejects usage whose parts exceed the totals', () => {
    assert.throws(
      () => computeCost(price, makeUsage({ inputTokens: 10, cacheReadTokens: 11 })),
      /cannot exceed/,
    );
    assert.throws(
      () => computeCost(price, makeUsage({ outputTokens: 1, reasoningTokens: 2 })),
      /cannot exceed/,
    );
    assert.throws(() => computeCost(price, makeUsage({ inputTokens: -1 })), /non-negative/);
  });
});

describe('meter without an energy basis', () => {
  it('throws by default and returns the dollars with zero energy when energy is optional', async () => {
    const { loadCatalog } = await import('../../src/catalog/index.js');
    const { meter } = await import('../../src/meter/index.js');
    const catalog = loadCatalog({
      prices: [
        {
          id: 'private',
          provider: 'self-hosted',
          price: { input: 1, output: 2 },
          contextWindow: 8192,
          source: 'test',
          asOf: '2026-11',
        },
      ],
    });
    const usage = makeUsage({ inputTokens: 1_000_000, outputTokens: 1_000_000 });
    assert.throws(() => meter('private', usage, { catalog }), /no energy basis/);
    const label = meter('private', usage, { catalog, requireEnergy: false });
    close(label.costUsd.total, 3);
    assert.equal(label.energyWh, 0);
    assert.equal(label.co2eG, 0);
    assert.equal(label.estimated, true);
  });
});
