import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildDemand,
  DAYS_PER_MONTH,
  HOURS_PER_MONTH,
  shiftDeferrable,
} from '../../src/planner/workload/demand.js';
import { parseWorkload } from '../../src/planner/workload/load.js';

const traffic = (t: Record<string, unknown>) =>
  parseWorkload({ traffic: t, tokens: { input: 1, output: 1 }, candidates: { api: ['x'] } }).traffic;

const sum = (a: ArrayLike<number>, from = 0, to = a.length) => {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i] ?? 0;
  return s;
};

describe('demand curve', () => {
  it('each month sums to requests/day × days, for every shape', () => {
    for (const shape of ['flat', 'consumer', 'business', 'api']) {
      const d = buildDemand(traffic({ requestsPerDay: 24_000, shape }), 12);
      assert.equal(d.requests.length, 12 * HOURS_PER_MONTH);
      for (let m = 0; m < 12; m++) {
        const s = sum(d.requests, m * HOURS_PER_MONTH, (m + 1) * HOURS_PER_MONTH);
        assert.ok(Math.abs(s - 24_000 * DAYS_PER_MONTH) < 1e-6 * s, `${shape} month ${m + 1}: ${s}`);
      }
      assert.ok(Math.abs(sum(d.requests) - 24_000 * 365) < 1e-3);
    }
  });

  it('shapes the day and the week', () => {
    const d = buildDemand(traffic({ requestsPerDay: 2400, shape: 'business', weekendFactor: 0 }), 1);
    assert.ok((d.requests[10] ?? 0) > 10 * (d.requests[3] ?? 0), 'office hours are busier than 03:00');
    assert.equal(sum(d.requests, 5 * 24, 7 * 24), 0, 'weekend is empty with weekendFactor 0');
  });

  it('an absolute hourly curve sets requests/day', () => {
    const hourly = Array.from({ length: 24 }, (_, h) => (h < 12 ? 100 : 300));
    const d = buildDemand(traffic({ hourly, weekendFactor: 1 }), 1);
    assert.ok(Math.abs((d.perDay[0] ?? 0) - 4800) < 1e-9);
    assert.ok(Math.abs((d.requests[13] ?? 0) / (d.requests[1] ?? 1) - 3) < 1e-9);
  });

  it('compounds monthly growth', () => {
    const d = buildDemand(traffic({ requestsPerDay: 1000, growth: { monthly: 0.1 } }), 12);
    assert.ok(Math.abs((d.perDay[11] ?? 0) - 1000 * 1.1 ** 11) < 1e-6);
    assert.ok(Math.abs((d.monthly[3] ?? 0) / (d.monthly[2] ?? 1) - 1.1) < 1e-9);
  });

  it('ramps from development to production, then stays flat', () => {
    const d = buildDemand(traffic({ growth: { from: 100, to: 10_000, months: 3 } }), 6);
    assert.deepEqual(
      Array.from(d.perDay).map((v) => Math.round(v)),
      [100, 1000, 10_000, 10_000, 10_000, 10_000],
    );
  });

  it('a ramp runs from requestsPerDay (measured traffic) to its absolute target, never past it', () => {
    // The target is absolute: multiplying a measured rate by to/from overshot it 20× (issue 12).
    const d = buildDemand(traffic({ requestsPerDay: 500, growth: { from: 100, to: 10_000, months: 3 } }), 4);
    assert.deepEqual(
      Array.from(d.perDay).map((v) => Math.round(v)),
      [500, 2236, 10_000, 10_000],
    );
    const above = buildDemand(
      traffic({ requestsPerDay: 50_000, growth: { from: 100, to: 10_000, months: 3 } }),
      3,
    );
    assert.deepEqual(Array.from(above.perDay), [50_000, 50_000, 50_000]);
  });

  it('explicit per-month multipliers repeat their last value', () => {
    const d = buildDemand(traffic({ requestsPerDay: 10, growth: { perMonth: [1, 2, 5] } }), 5);
    assert.deepEqual(Array.from(d.perDay), [10, 20, 50, 50, 50]);
  });

  it('deferrable work fills the quiet hours: same total, lower peak, higher trough', () => {
    const d = buildDemand(traffic({ requestsPerDay: 24_000, shape: 'consumer' }), 1);
    const shifted = shiftDeferrable(d.requests, 0.3);
    const days = Math.floor(d.requests.length / 24) * 24;
    assert.ok(Math.abs(sum(shifted, 0, days) - sum(d.requests, 0, days)) < 1e-6);
    const peak = (a: Float64Array) => Math.max(...a.subarray(0, 24));
    const trough = (a: Float64Array) => Math.min(...a.subarray(0, 24));
    assert.ok(peak(shifted) < peak(d.requests));
    assert.ok(trough(shifted) > trough(d.requests));
    // A full share flattens each day completely.
    const flat = shiftDeferrable(d.requests, 1);
    assert.ok(Math.abs(peak(flat) - trough(flat)) < 1e-9);
  });
});
