import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  erlangC,
  maxArrivalRate,
  meanWait,
  type ReplicaQueue,
  ttftQuantile,
  waitQuantile,
} from '../../src/planner/fleet/queueing.js';
import { makeRng } from '../../src/util/rng.js';

const close = (a: number, b: number, tol = 1e-9) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

describe('Erlang C', () => {
  it('c = 1 reduces to M/M/1: P(wait) = ρ, mean wait = ρ/(μ − λ)', () => {
    for (const rho of [0.1, 0.5, 0.9]) close(erlangC(1, rho), rho);
    // μ = 2/s (S = 0.5 s), λ = 1.5/s → ρ = 0.75, mean wait = 0.75 / 0.5 = 1.5 s.
    const q: ReplicaQueue = { servers: 1, serviceS: 0.5, ttftS: 0 };
    close(meanWait(q, 1.5), 1.5);
  });

  it('matches hand-computed multi-server values', () => {
    // M/M/2, a = 1: B = 0.2, C = 0.2 / (1 − 0.5 × 0.8) = 1/3 (= 2ρ²/(1+ρ) with ρ = 0.5).
    close(erlangC(2, 1), 1 / 3);
    // M/M/4, a = 3: C = (81/24 × 4) / (1 + 3 + 4.5 + 4.5 + 13.5) = 13.5 / 26.5 = 27/53.
    close(erlangC(4, 3), 27 / 53);
    // M/M/10, a = 8 (factorial formula, computed independently).
    close(erlangC(10, 8), 0.4091801507964435, 1e-12);
  });

  it('is 0 with no load, 1 at or above capacity, and rises with load', () => {
    assert.equal(erlangC(8, 0), 0);
    assert.equal(erlangC(8, 8), 1);
    assert.equal(erlangC(8, 9), 1);
    let prev = 0;
    for (let a = 0.5; a < 8; a += 0.5) {
      const c = erlangC(8, a);
      assert.ok(c > prev);
      prev = c;
    }
    assert.throws(() => erlangC(0, 1), RangeError);
    assert.throws(() => erlangC(2.5, 1), RangeError);
  });

  it('stays finite and in [0, 1] for large slot counts', () => {
    for (const c of [256, 1024, 2048]) {
      const v = erlangC(c, 0.95 * c);
      assert.ok(v > 0 && v < 1, `c=${c}: ${v}`);
    }
  });
});

describe('p95 waiting time and TTFT', () => {
  it('M/M/1: t95 = ln(ρ/0.05) / (μ − λ)', () => {
    const q: ReplicaQueue = { servers: 1, serviceS: 1, ttftS: 0.3 };
    // ρ = 0.5: ln(10) / 0.5.
    close(waitQuantile(q, 0.5), 2 * Math.log(10));
    close(ttftQuantile(q, 0.5), 0.3 + 2 * Math.log(10));
    // P(wait) = 0.04 ≤ 5%: the p95 request does not wait.
    assert.equal(waitQuantile(q, 0.04), 0);
    assert.equal(waitQuantile(q, 1), Number.POSITIVE_INFINITY);
  });

  it('maxArrivalRate inverts the p95 TTFT and is 0 when TTFT alone misses the target', () => {
    const q: ReplicaQueue = { servers: 16, serviceS: 10, ttftS: 0.4 };
    for (const target of [0.5, 1, 2, 5]) {
      const lambda = maxArrivalRate(q, target);
      assert.ok(lambda > 0 && lambda < 1.6);
      assert.ok(ttftQuantile(q, lambda) <= target + 1e-9);
      assert.ok(ttftQuantile(q, lambda * 1.001) > target);
    }
    assert.equal(maxArrivalRate(q, 0.39), 0);
    // A looser target admits more load.
    assert.ok(maxArrivalRate(q, 5) > maxArrivalRate(q, 1));
  });

  it('agrees with a seeded M/M/c simulation (P(wait) and the p95 wait)', () => {
    const rng = makeRng(7);
    const exp = (rate: number) => -Math.log(1 - rng()) / rate;
    const c = 4;
    const q: ReplicaQueue = { servers: c, serviceS: 1, ttftS: 0 };
    const lambda = 3.4; // ρ = 0.85
    const free = new Float64Array(c); // time each slot frees up
    const waits: number[] = [];
    let t = 0;
    for (let i = 0; i < 200_000; i++) {
      t += exp(lambda);
      let k = 0;
      for (let j = 1; j < c; j++) if ((free[j] ?? 0) < (free[k] ?? 0)) k = j;
      const start = Math.max(t, free[k] ?? 0);
      free[k] = start + exp(1);
      if (i >= 10_000) waits.push(start - t); // skip the warm-up
    }
    const waited = waits.filter((w) => w > 0).length / waits.length;
    waits.sort((a, b) => a - b);
    const p95 = waits[Math.floor(0.95 * waits.length)] ?? 0;
    const predicted = erlangC(c, lambda);
    assert.ok(Math.abs(waited - predicted) < 0.03, `P(wait) sim ${waited} vs ${predicted}`);
    const t95 = waitQuantile(q, lambda);
    assert.ok(Math.abs(p95 - t95) / t95 < 0.1, `p95 wait sim ${p95} vs ${t95}`);
  });
});
