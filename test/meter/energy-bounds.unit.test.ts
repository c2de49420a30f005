// Energy with uncertainty: every label has low ≤ central ≤ high; the band is narrow for an open model of known
// architecture and wide for a closed one; native precision (gpt-oss MXFP4) lowers the figure; CO2e comes
// location-based and market-based, with the accelerators' embodied emissions as a separate figure.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/index.js';
import { makeUsage, meter } from '../../src/meter/index.js';

const catalog = loadCatalog();
const usage = makeUsage({ inputTokens: 100, outputTokens: 500 });
const label = (model: string, extra: Record<string, unknown> = {}) =>
  meter(model, usage, { catalog, ...extra });

describe('energy bounds and CO2e bases', () => {
  it('brackets the central figure, narrow for open weights and wide for closed models', () => {
    for (const id of [
      'gpt-4o',
      'claude-sonnet-4-5',
      'llama-3.3-70b',
      'groq/gpt-oss-120b',
      'deepseek-flash',
    ]) {
      const l = label(id);
      assert.ok(l.energyWhLow > 0 && l.energyWhLow <= l.energyWh && l.energyWh <= l.energyWhHigh, id);
    }
    const open = label('llama-3.3-70b');
    const closed = label('gpt-4o');
    const spread = (l: typeof open) => l.energyWhHigh / l.energyWhLow;
    assert.ok(spread(open) < 3, `open spread ${spread(open)}`);
    assert.ok(spread(closed) > 6, `closed spread ${spread(closed)}`);
  });

  it('puts GPT-4o within the published range (Epoch AI ~0.3 Wh for a 500-token reply)', () => {
    const l = label('gpt-4o');
    assert.ok(l.energyWh > 0.15 && l.energyWh < 0.6, `${l.energyWh}`);
    assert.ok(l.energyWhLow < 0.3 && l.energyWhHigh > 0.3);
  });

  it('meters gpt-oss at its native MXFP4, not fp8', () => {
    const native = label('together/gpt-oss-120b');
    assert.match(native.energyMethod, /mxfp4/);
    const fp8 = meter('gpt-oss-fp8', usage, {
      catalog: loadCatalog({
        prices: [
          {
            ...catalog.price('together/gpt-oss-120b'),
            id: 'gpt-oss-fp8',
            aliases: [],
            energy: { modelFacts: 'gpt-oss-120b', precision: 'fp8', estimated: false },
          },
        ],
      }),
    });
    assert.ok(native.energyWh < fp8.energyWh / 1.5, `${native.energyWh} vs ${fp8.energyWh}`);
  });

  it('gives location-based, market-based and embodied CO2e separately', () => {
    const world = label('llama-3.3-70b');
    assert.equal(world.co2eMarketG, world.co2eG, 'no residual mix for world: market = location');
    assert.ok(world.embodiedCo2eG > 0 && world.embodiedCo2eG < world.co2eG);
    const norway = label('llama-3.3-70b', { region: 'norway' });
    assert.ok(norway.co2eMarketG > 10 * norway.co2eG, 'Norway residual mix far above its hydro grid');
    const contracted = label('llama-3.3-70b', { marketGCo2ePerKwh: 0 });
    assert.equal(contracted.co2eMarketG, 0);
    assert.equal(contracted.co2eG, world.co2eG);
  });
});
