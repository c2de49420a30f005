import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binomialCdf, interval, lowerBound, upperBound } from '../../src/cache/semantic/bounds.js';
import { calibrateThreshold, type LabelledScore, pointAt } from '../../src/cache/semantic/calibrate.js';
import { thresholdFor } from '../../src/cache/semantic/threshold.js';
import { THRESHOLD_MODEL } from '../../src/cache/semantic/threshold-model.js';

/** Scores 1.000, 0.999, … with labels given as a string of 1/0 from the top. */
function ladder(labels: string): LabelledScore[] {
  return [...labels].map((c, i) => ({ score: 1 - i / 1000, label: c === '1' ? 1 : 0 }));
}

describe('Clopper–Pearson bounds', () => {
  it('match known values', () => {
    // 0 of n: the "rule of three" upper bound 1 − δ^(1/n).
    assert.ok(Math.abs(upperBound(0, 100, 0.05) - 0.0295) < 1e-4, String(upperBound(0, 100, 0.05)));
    // 2 of 100 at 95% two-sided: 0.24%–7.04% (R: binom.test(2, 100)).
    const [lo, hi] = interval(2, 100);
    assert.ok(Math.abs(lo - 0.00243) < 1e-4 && Math.abs(hi - 0.07038) < 1e-4, `${lo} ${hi}`);
    assert.equal(lowerBound(0, 10, 0.05), 0);
    assert.equal(upperBound(0, 0, 0.05), 1);
    assert.ok(Math.abs(binomialCdf(1, 10, 0.5) - 11 / 1024) < 1e-12);
    // Stable far out in the tail and for large n.
    assert.ok(upperBound(400, 20_000, 0.1) > 0.02 && upperBound(400, 20_000, 0.1) < 0.022);
  });
});

describe('threshold calibration', () => {
  it('stops at the first cut whose upper bound passes the target (fixed-sequence), from a label-blind start', () => {
    // δ = 0.1, target 2%: a clean sample needs ⌈ln 0.1 / ln 0.98⌉ = 114 hits before any cut is tested.
    const s = ladder(`${'1'.repeat(150)}${'0'.repeat(3)}${'1'.repeat(300)}${'0'.repeat(50)}`);
    const t = calibrateThreshold(s, 0.02, { delta: 0.1 });
    const p = pointAt(s, t);
    assert.ok(p.hits >= 114, String(p.hits));
    assert.ok(upperBound(p.wrongHits, p.hits, 0.1) <= 0.02);
    // The next cut down fails the bound: the scan stops there and never reaches the clean run below it.
    const next = pointAt(s, (s[p.hits] as LabelledScore).score);
    assert.ok(upperBound(next.wrongHits, next.hits, 0.1) > 0.02);
    assert.ok(p.hits < 450);
  });

  it('returns +Infinity when the first tested cut fails, or the sample is too small to certify', () => {
    assert.equal(calibrateThreshold(ladder('1'.repeat(100)), 0.02), Number.POSITIVE_INFINITY);
    assert.equal(
      calibrateThreshold(ladder(`0${'1'.repeat(200)}`), 0.02, { delta: 0.1 }),
      Number.POSITIVE_INFINITY,
    );
  });

  it('never cuts between tied scores', () => {
    const s: LabelledScore[] = [
      ...Array.from({ length: 200 }, () => ({ score: 0.9, label: 1 as const })),
      { score: 0.8, label: 0 },
      { score: 0.8, label: 0 },
      { score: 0.8, label: 1 },
    ];
    // 2 wrong of 203 fails the bound; taking only the right one at 0.8 would pass, but 0.8 is one cut.
    assert.equal(calibrateThreshold(s, 0.02), 0.9);
  });

  it('reads the shipped table conservatively', () => {
    const t2 = thresholdFor(THRESHOLD_MODEL, 0.02);
    assert.ok(Number.isFinite(t2) && t2 > 0 && t2 <= 1);
    assert.equal(thresholdFor(THRESHOLD_MODEL, 0.025), t2);
    assert.ok(thresholdFor(THRESHOLD_MODEL, 0.1) <= t2);
    assert.equal(thresholdFor(THRESHOLD_MODEL, 0.001), Number.POSITIVE_INFINITY);
  });
});
