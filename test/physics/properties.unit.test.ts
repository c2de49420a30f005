import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../src/catalog/index.js';
import type { Precision } from '../../src/catalog/schema.js';
import {
  bestOperatingPoint,
  explain,
  maxConcurrency,
  memoryFit,
  operatingPoint,
  requestEnergy,
} from '../../src/physics/index.js';

const PRECISIONS: Precision[] = ['bf16', 'fp8', 'int8', 'int4', 'fp4'];
const finite = (o: object, what: string): void => {
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'number') assert.ok(Number.isFinite(v), `${what}: ${k} = ${v}`);
  }
};

describe('every catalog model × hardware × precision', () => {
  it('gives finite numbers or a reason, never NaN/Infinity', () => {
    const cat = defaultCatalog();
    let feasible = 0;
    for (const model of cat.models.all) {
      for (const hardware of cat.hardware.all) {
        for (const precision of PRECISIONS) {
          for (const count of [1, 2, 8]) {
            const d = { model, hardware, count, precision };
            const what = `${model.id}/${hardware.id}/${precision}/x${count}`;
            const fit = memoryFit(d);
            finite(fit, what);
            if (!fit.fits) assert.ok(fit.reason && !/NaN|Infinity/.test(fit.reason), what);
            const w = { inputTokens: 1000, outputTokens: 250 };
            const maxC = maxConcurrency(d, w);
            assert.ok(Number.isInteger(maxC) && maxC >= 0, what);
            const op = operatingPoint(d, { ...w, concurrency: 32 });
            finite(op, what);
            if (op.feasible) {
              feasible++;
              assert.ok(op.outputTokS > 0 && op.tpotS > 0 && op.powerW > 0, what);
            } else assert.ok(op.reason.length > 0 && !/NaN|Infinity/.test(op.reason), what);
          }
        }
      }
    }
    assert.ok(feasible > 100, `only ${feasible} feasible combinations`);
  });

  it('explain and bestOperatingPoint stay finite on a sample', () => {
    const cat = defaultCatalog();
    for (const model of cat.models.all) {
      const d = { model, hardware: cat.device('h100-sxm'), count: 8, precision: 'fp8' as const };
      const text = explain(d, { inputTokens: 2000, outputTokens: 500 }).join('\n');
      assert.ok(!/NaN|Infinity/.test(text), `${model.id}: ${text}`);
      const best = bestOperatingPoint(d, { inputTokens: 2000, outputTokens: 500 }, { ttftS: 2, tpotS: 0.05 });
      finite(best, model.id);
    }
  });

  it('requestEnergy is finite, positive, grows with tokens and discounts cached tokens', () => {
    const cat = defaultCatalog();
    const hardware = cat.device('h100-sxm');
    for (const [active, total] of [
      [8, 8],
      [70, 70],
      [37, 671],
      [400, 2000],
    ] as const) {
      const basis = { activeParamsB: active, totalParamsB: total, hardware, precision: 'fp8' as const };
      const small = requestEnergy(basis, { prefillTokens: 100, cachedTokens: 0, outputTokens: 50 });
      const big = requestEnergy(basis, { prefillTokens: 4000, cachedTokens: 0, outputTokens: 800 });
      const cached = requestEnergy(basis, { prefillTokens: 100, cachedTokens: 3900, outputTokens: 800 });
      assert.ok(small.itWh > 0 && Number.isFinite(big.itWh), `${active}/${total}: ${small.method}`);
      assert.ok(big.itWh > small.itWh);
      assert.ok(cached.itWh < big.itWh);
    }
  });
});
