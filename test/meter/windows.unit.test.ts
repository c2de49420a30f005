import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/index.js';
import { modelPriceSchema } from '../../src/catalog/schema.js';
import { activeWindow, computeCost, makeUsage, meter, windowEdges } from '../../src/meter/index.js';

// DeepSeek's historical off-peak shape (16:30–00:30 UTC, 50% off chat, explicit rates) on round numbers.
const price = modelPriceSchema.parse({
  id: 'night-model',
  provider: 'test',
  price: { input: 2, output: 8, cachedInput: 0.5 },
  batch: { input: 1, output: 4 },
  longContext: { thresholdTokens: 100_000, input: 4, output: 16 },
  windows: [
    {
      name: 'off-peak',
      startUtc: '16:30',
      endUtc: '00:30',
      multiplier: 0.5,
      source: 'unit test',
      asOf: '2026-01',
    },
    {
      name: 'weekend',
      startUtc: '00:00',
      endUtc: '00:00',
      days: [0],
      price: { input: 1, output: 2 },
      kinds: ['sync', 'batch'],
      validFrom: '2026-01-01',
      validUntil: '2026-07-01',
      source: 'unit test',
      asOf: '2026-01',
    },
  ],
  contextWindow: 200_000,
  source: 'unit test',
  asOf: '2026-01',
});

const at = (iso: string) => Date.parse(iso);
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} != ${b}`);
const u = makeUsage({ inputTokens: 50_000, outputTokens: 50_000 }); // standard: 0.1 + 0.4 = $0.50

describe('time-of-day price windows', () => {
  it('prices a request by the window it ran in, wrapping past midnight', () => {
    // Tuesday 2026-03-03.
    assert.equal(computeCost(price, u, at('2026-03-03T12:00:00Z')).tier, 'standard');
    const evening = computeCost(price, u, at('2026-03-03T16:30:00Z'));
    assert.equal(evening.tier, 'standard+off-peak');
    close(evening.costUsd.total, 0.25);
    close(evening.rates.cachedInput, 0.25);
    assert.equal(computeCost(price, u, at('2026-03-04T00:29:59Z')).tier, 'standard+off-peak');
    assert.equal(computeCost(price, u, at('2026-03-04T00:30:00Z')).tier, 'standard');
  });

  it('ignores windows when the time is not given (every existing caller unchanged)', () => {
    const r = computeCost(price, u);
    assert.equal(r.tier, 'standard');
    close(r.costUsd.total, 0.5);
  });

  it('applies a window only to the kinds it lists, and explicit rates replace the tier', () => {
    const batch = makeUsage({ ...u, kind: 'batch' });
    assert.equal(computeCost(price, batch, at('2026-03-03T20:00:00Z')).tier, 'batch');
    // Sunday 2026-03-08 inside the validity range: the weekend window (listed second) holds all day, but
    // the off-peak window is checked first in the evening.
    const sundayNoon = computeCost(price, batch, at('2026-03-08T12:00:00Z'));
    assert.equal(sundayNoon.tier, 'batch+weekend');
    close(sundayNoon.costUsd.total, 0.05 + 0.1);
    assert.equal(computeCost(price, u, at('2026-03-08T20:00:00Z')).tier, 'standard+off-peak');
    // After validUntil the weekend window is gone.
    assert.equal(computeCost(price, batch, at('2026-07-05T12:00:00Z')).tier, 'batch');
  });

  it('a wrapped window belongs to the day it starts on', () => {
    const w = modelPriceSchema.parse({
      ...price,
      windows: [
        {
          startUtc: '22:00',
          endUtc: '02:00',
          days: [1],
          multiplier: 0,
          source: 'unit test',
          asOf: '2026-01',
        },
      ],
    }).windows;
    assert.ok(activeWindow(w, 'sync', at('2026-03-02T23:00:00Z'))); // Monday night
    assert.ok(activeWindow(w, 'sync', at('2026-03-03T01:00:00Z'))); // its Tuesday morning part
    assert.equal(activeWindow(w, 'sync', at('2026-03-02T01:00:00Z')), undefined); // Sunday night's part
  });

  it('scales the long-context tier by the window', () => {
    const big = makeUsage({ inputTokens: 200_000, outputTokens: 0 });
    const r = computeCost(price, big, at('2026-03-03T20:00:00Z'));
    assert.equal(r.tier, 'standard+off-peak+long-context');
    close(r.costUsd.total, (200_000 * 2) / 1e6);
  });

  it('lists the instants where the price may change', () => {
    const from = at('2026-03-03T00:00:00Z');
    const edges = windowEdges(price.windows, from, from + 86_400_000);
    assert.deepEqual(
      edges.map((t) => new Date(t).toISOString().slice(11, 16)),
      ['00:00', '00:30', '16:30'],
    );
  });

  it('rejects a window with both or neither of price and multiplier, and bad times', () => {
    const base = { startUtc: '01:00', endUtc: '02:00', source: 'x', asOf: '2026-01' };
    for (const w of [base, { ...base, multiplier: 0.5, price: { input: 1, output: 1 } }]) {
      assert.throws(
        () => modelPriceSchema.parse({ ...price, windows: [w] }),
        /exactly one of price or multiplier/,
      );
    }
    assert.throws(() =>
      modelPriceSchema.parse({ ...price, windows: [{ ...base, startUtc: '25:00', multiplier: 1 }] }),
    );
  });

  it('the meter passes the time through; catalog entries without windows price as before', () => {
    const catalog = loadCatalog({ prices: [price] });
    const l = meter('night-model', u, { catalog, requireEnergy: false, at: at('2026-03-03T20:00:00Z') });
    assert.equal(l.tier, 'standard+off-peak');
    close(l.costUsd.total, 0.25);
  });
});
