import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/index.js';
import { monthlyPeaks, replicasFor, simulateFleet } from '../../src/planner/fleet/capacity.js';
import { ttftQuantile } from '../../src/planner/fleet/queueing.js';
import type { SelfHostedProfile } from '../../src/planner/options/profile.js';
import { HOURS_PER_MONTH } from '../../src/planner/workload/demand.js';
import { parseWorkload } from '../../src/planner/workload/load.js';

const catalog = loadCatalog();
const region = { ...catalog.region('world'), pue: 1.5, gridGCo2ePerKwh: 400, electricityUsdPerKwh: 0.1 };

const policy = (p: Record<string, unknown> = {}) =>
  parseWorkload({
    traffic: { requestsPerDay: 1 },
    tokens: { input: 1, output: 1 },
    candidates: { api: ['x'] },
    fleet: p,
  }).fleet;

function profile(over: Partial<SelfHostedProfile> = {}): SelfHostedProfile {
  return {
    kind: 'self-hosted',
    feasible: true,
    deployment: {} as SelfHostedProfile['deployment'],
    op: {} as SelfHostedProfile['op'],
    rpsPerReplica: 2,
    queue: { servers: 4, serviceS: 2, ttftS: 0.2 },
    sizingRps: 2,
    sizedBy: 'targetUtilisation',
    busyW: 1000,
    idleW: 200,
    usdPerReplicaHour: 3,
    paysElectricity: false,
    bought: false,
    notes: [],
    ...over,
  };
}

describe('fleet sizing', () => {
  it('replicas = ceil(demand / sizing rate per replica), at least the minimum', () => {
    // 1 req/s per replica = 3,600 calls/hour per replica.
    assert.equal(replicasFor(3600, 1, 1), 1);
    assert.equal(replicasFor(3601, 1, 1), 2);
    assert.equal(replicasFor(36_000, 1, 1), 10);
    assert.equal(replicasFor(0, 1, 1), 1);
    assert.equal(replicasFor(0, 1, 0), 0);
  });

  it('autoscaled: cost, energy and utilisation follow the hour', () => {
    const calls = new Float64Array(HOURS_PER_MONTH);
    for (let h = 0; h < calls.length; h++) calls[h] = h % 2 === 0 ? 7200 : 14_400; // 2 or 4 req/s
    const p = policy({ minReplicas: 0 });
    const t = simulateFleet({
      calls,
      peaks: monthlyPeaks(calls, 1),
      months: 1,
      profile: profile(),
      policy: p,
      region,
    });
    // Even hours: 1 replica, odd hours: 2 replicas, each fully busy.
    const replicaHours = (HOURS_PER_MONTH / 2) * 3;
    assert.equal(t.replicaHours[0], replicaHours);
    assert.ok(Math.abs((t.costUsd[0] ?? 0) - replicaHours * 3) < 1e-6);
    assert.ok(Math.abs((t.kWh[0] ?? 0) - (replicaHours * 1000 * 1.5) / 1000) < 1e-6);
    assert.ok(Math.abs((t.co2eKg[0] ?? 0) - (t.kWh[0] ?? 0) * 0.4) < 1e-9);
    assert.ok(Math.abs((t.utilisation[0] ?? 0) - 1) < 1e-12);
    assert.equal(t.peakReplicas[0], 2);
  });

  it('fixed: sized for the month’s peak, idle power in the quiet hours', () => {
    const calls = new Float64Array(HOURS_PER_MONTH);
    for (let h = 0; h < calls.length; h++) calls[h] = h % 2 === 0 ? 0 : 14_400;
    const p = policy({ mode: 'fixed', minReplicas: 0 });
    const t = simulateFleet({
      calls,
      peaks: monthlyPeaks(calls, 1),
      months: 1,
      profile: profile(),
      policy: p,
      region,
    });
    assert.equal(t.replicaHours[0], 2 * HOURS_PER_MONTH);
    // Half the hours at 2 × 1000 W, half at 2 × 200 W idle, × PUE 1.5.
    const kWh = ((HOURS_PER_MONTH / 2) * (2000 + 400) * 1.5) / 1000;
    assert.ok(Math.abs((t.kWh[0] ?? 0) - kWh) < 1e-6);
    assert.ok(Math.abs((t.utilisation[0] ?? 0) - 0.5) < 1e-12);
  });

  it('records the most loaded hour per replica and its p95 TTFT', () => {
    const calls = new Float64Array(HOURS_PER_MONTH);
    for (let h = 0; h < calls.length; h++) calls[h] = h % 2 === 0 ? 3600 : 9000; // 1 or 2.5 req/s
    const prof = profile({ sizingRps: 1.5 });
    const t = simulateFleet({
      calls,
      peaks: monthlyPeaks(calls, 1),
      months: 1,
      profile: prof,
      policy: policy({ minReplicas: 0 }),
      region,
    });
    // 1 req/s on 1 replica; 2.5 req/s on 2 replicas = 1.25 req/s each: the busiest per replica is 1.25.
    assert.ok(Math.abs((t.maxLoadRps[0] ?? 0) - 1.25) < 1e-12);
    assert.ok(Math.abs((t.p95TtftS[0] ?? 0) - ttftQuantile(prof.queue, 1.25)) < 1e-12);
    assert.ok((t.p95TtftS[0] ?? 0) > 0.2);
  });

  it('bought capacity: capex follows the largest fleet so far, electricity is paid', () => {
    const calls = new Float64Array(2 * HOURS_PER_MONTH);
    calls[5] = 14_400; // one busy hour in month 1 needs 2 replicas
    const p = policy({ minReplicas: 1 });
    const t = simulateFleet({
      calls,
      peaks: monthlyPeaks(calls, 2),
      months: 2,
      profile: profile({ bought: true, paysElectricity: true }),
      policy: p,
      region,
    });
    // Month 2 is idle at 1 replica, yet 2 bought replicas are paid for; electricity for the 1 powered one.
    const kWh2 = (HOURS_PER_MONTH * 200 * 1.5) / 1000;
    assert.ok(Math.abs((t.kWh[1] ?? 0) - kWh2) < 1e-6);
    assert.ok(Math.abs((t.costUsd[1] ?? 0) - (2 * 3 * HOURS_PER_MONTH + kWh2 * 0.1)) < 1e-6);
  });
});
