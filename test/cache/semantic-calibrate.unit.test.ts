import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  calibrateThreshold,
  type LabelledScore,
  pointAt,
  wrongRateUpperBound,
} from '../../src/cache/semantic/calibrate.js';
import { thresholdFor } from '../../src/cache/semantic/threshold.js';
import { THRESHOLD_MODEL } from '../../src/cache/semantic/threshold-model.js';

/** Scores 1.00, 0.99, … with labels given as a string of 1/0 from the top. */
function ladder(labels: string): LabelledScore[] {
  return [...labels].map((c, i) => ({ score: 1 - i / 100, label: c === '1' ? 1 : 0 }));
}

describe('threshold calibration', () => {
  it('computes the conformal (+1) estimate and the Wilson upper bound', () => {
    assert.equal(wrongRateUpperBound(0, 9, 0), 0.1);
    assert.equal(wrongRateUpperBound(1, 99, 0), 0.02);
    const w = wrongRateUpperBound(2, 100, 1.28);
    assert.ok(w > 0.02 && w < 0.06, String(w));
    assert.equal(wrongRateUpperBound(0, 0, 1.28), 1);
  });

  it('picks the lowest threshold whose bound stays under the target', () => {
    // 49 right, then 1 wrong, then 50 right, then 50 wrong.
    const s = ladder(`${'1'.repeat(49)}0${'1'.repeat(50)}${'0'.repeat(50)}`);
    const t = calibrateThreshold(s, 0.02, { z: 0, minHits: 1 });
    // (1 + 1) / (n + 1) ≤ 0.02 needs n ≥ 99: exactly the first 100 items.
    assert.equal(t, s[99]?.score);
    const p = pointAt(s, t);
    assert.deepEqual([p.hits, p.wrongHits], [100, 1]);
    assert.equal(p.hitRate, 100 / 150);
  });

  it('returns +Infinity when no threshold meets the target', () => {
    assert.equal(calibrateThreshold(ladder('0101010101'), 0.02, { minHits: 1 }), Number.POSITIVE_INFINITY);
  });

  it('never cuts between tied scores', () => {
    const s: LabelledScore[] = [
      ...Array.from({ length: 50 }, () => ({ score: 0.9, label: 1 as const })),
      { score: 0.8, label: 0 },
      { score: 0.8, label: 1 },
    ];
    assert.equal(calibrateThreshold(s, 0.02, { z: 0 }), 0.9);
  });

  it('reads the shipped table conservatively', () => {
    const t2 = thresholdFor(THRESHOLD_MODEL, 0.02);
    assert.ok(Number.isFinite(t2) && t2 > 0 && t2 <= 1);
    assert.equal(thresholdFor(THRESHOLD_MODEL, 0.025), t2);
    assert.ok(thresholdFor(THRESHOLD_MODEL, 0.1) <= t2);
    assert.equal(thresholdFor(THRESHOLD_MODEL, 0.001), Number.POSITIVE_INFINITY);
  });
});
