import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../src/catalog/index.js';
import { maxArrivalRate } from '../../src/planner/fleet/queueing.js';
import { sizeReplica } from '../../src/planner/options/queue-point.js';
import { defaultPhysics } from '../../src/planner/physics-port.js';
import { runPlan } from '../../src/planner/plan.js';
import { parseWorkload } from '../../src/planner/workload/load.js';
import { fakePhysics } from './helpers.js';

const catalog = defaultCatalog();
const d = {
  model: catalog.model('llama-3.1-8b'),
  hardware: catalog.device('h100-sxm'),
  count: 1,
  precision: 'bf16' as const,
};
const shape = { inputTokens: 1000, outputTokens: 200 };

const workload = (requestsPerDay: number, over: Record<string, unknown> = {}) =>
  parseWorkload({
    traffic: { requestsPerDay, shape: 'flat', weekendFactor: 1 },
    tokens: { input: 1000, output: 200 },
    candidates: {
      api: [],
      selfHosted: {
        models: ['llama-3.1-8b'],
        hardware: ['h100-sxm'],
        counts: [1],
        precisions: ['bf16'],
        tiers: ['marketplace'],
      },
    },
    horizonMonths: 1,
    ...over,
  });

describe('sizing a replica for a p95 TTFT target', () => {
  it('fake physics (10 slots, S = 10/3 s, TTFT 0.2 s): the rate is the M/M/10 p95 limit', () => {
    const s = sizeReplica(fakePhysics(3), d, shape, { ttftS: 0.5 }, undefined);
    assert.ok(!('feasible' in s));
    assert.equal(s.queue.servers, 10);
    const expected = maxArrivalRate({ servers: 10, serviceS: 10 / 3, ttftS: 0.2 }, 0.5);
    assert.ok(Math.abs(s.sizingRps - expected) < 1e-9);
    assert.equal(s.sizedBy, 'p95 TTFT');
    assert.ok(s.sizingRps < 3);
  });

  it('targetUtilisation caps the p95 rate; without a TTFT target it (or 0.8) sets the rate', () => {
    const capped = sizeReplica(fakePhysics(3), d, shape, { ttftS: 5 }, 0.5);
    assert.ok(!('feasible' in capped));
    assert.equal(capped.sizedBy, 'targetUtilisation');
    assert.ok(Math.abs(capped.sizingRps - 1.5) < 1e-9);
    const none = sizeReplica(fakePhysics(3), d, shape, {}, undefined);
    assert.ok(!('feasible' in none));
    assert.ok(Math.abs(none.sizingRps - 2.4) < 1e-9);
    assert.equal(none.p95Rps, undefined);
  });

  it('real physics: the chosen point meets the target and beats the largest-concurrency point', () => {
    const s = sizeReplica(defaultPhysics, d, shape, { ttftS: 0.3, tpotS: 0.05 }, undefined);
    assert.ok(!('feasible' in s));
    assert.ok(s.op.ttftS <= 0.3 && s.op.tpotS <= 0.05);
    const best = defaultPhysics.bestOperatingPoint(d, shape, { ttftS: 0.3, tpotS: 0.05 });
    assert.ok(best.feasible);
    const atBest = maxArrivalRate(
      { servers: best.concurrency, serviceS: best.concurrency / best.requestsPerS, ttftS: best.ttftS },
      0.3,
    );
    assert.ok(s.sizingRps >= atBest - 1e-9);
    assert.ok(s.sizingRps < s.op.requestsPerS);
  });
});

describe('fleet sizing with p95 TTFT', () => {
  const peak = (rpd: number, ttft: number, physics = fakePhysics(3)) => {
    const plan = runPlan({
      workload: workload(rpd, { latency: { ttftP95S: ttft } }),
      catalog,
      physics,
    });
    return plan.results[0]!;
  };

  it('more load needs more replicas at a tight target, and a tighter target needs more', () => {
    const low = peak(100_000, 0.25);
    const high = peak(1_000_000, 0.25);
    assert.ok(high.peakReplicas > low.peakReplicas);
    const loose = peak(1_000_000, 5);
    assert.ok(high.peakReplicas > loose.peakReplicas);
    // Flat 11.57 req/s: replicas = ceil(λ / the M/M/10 p95 rate).
    const rate = maxArrivalRate({ servers: 10, serviceS: 10 / 3, ttftS: 0.2 }, 0.25);
    assert.equal(high.peakReplicas, Math.ceil(1_000_000 / 86_400 / rate - 1e-9));
  });

  it('every hour’s p95 TTFT stays within the target (real physics)', () => {
    for (const ttft of [0.3, 1, 3]) {
      const r = peak(2_000_000, ttft, defaultPhysics);
      assert.ok(r.profile.feasible);
      assert.ok(r.p95TtftS !== null && r.p95TtftS <= ttft + 1e-9, `${r.p95TtftS} > ${ttft}`);
    }
  });
});
