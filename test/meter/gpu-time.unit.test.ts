// GPU-time pricing: a request pays its share of a replica-hour (1/requests-per-second of replica time at the
// measured concurrency), so a replica fully used for an hour bills exactly its hourly price; the measured
// concurrency is the time-average number in flight (Little's law).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/index.js';
import { ConcurrencyGauge } from '../../src/gateway/concurrency.js';
import { meterGpuTime, smallestReplica } from '../../src/meter/gpu-time.js';
import { makeUsage } from '../../src/meter/index.js';
import { operatingPoint } from '../../src/physics/index.js';

const c = loadCatalog();
const d = smallestReplica(c.model('llama-3.1-8b'), c.device('l40s'), 'bf16');
assert.ok(d);
const basis = { id: 'my-llama', deployment: d, usdPerReplicaHour: 3.6, priceBasis: 'declared $3.6/h' };
const usage = makeUsage({ inputTokens: 1000, outputTokens: 200 });

describe('GPU-time pricing', () => {
  it('bills the replica-hour exactly: cost × requests per second × 3600 = $/hour', () => {
    for (const concurrency of [1, 8, 64]) {
      const l = meterGpuTime(basis, usage, concurrency, c.region('world'));
      const op = operatingPoint(d, { inputTokens: 1000, outputTokens: 200, concurrency });
      assert.ok(op.feasible);
      assert.ok(Math.abs(l.costUsd.total * op.requestsPerS * 3600 - 3.6) < 1e-9, `c=${concurrency}`);
      assert.equal(l.tier, 'gpu-time');
      assert.ok(l.energyWhLow < l.energyWh && l.energyWh < l.energyWhHigh);
    }
    const alone = meterGpuTime(basis, usage, 1, c.region('world')).costUsd.total;
    const busy = meterGpuTime(basis, usage, 64, c.region('world')).costUsd.total;
    assert.ok(alone > 10 * busy, 'an idle replica costs each request far more');
  });

  it('measures concurrency as busy time over the last minute', () => {
    const g = new ConcurrencyGauge();
    const t = 1_000_000_000_000;
    assert.equal(g.current(t), 1);
    for (let i = 0; i < 4; i++) g.record(t - 60_000, t); // four requests in flight the whole minute
    assert.ok(Math.abs(g.current(t) - 4) < 0.05, `${g.current(t)}`);
    g.record(t - 120_000, t - 90_000); // outside the window
    assert.ok(Math.abs(g.current(t) - 4) < 0.05);
    assert.ok(g.current(t + 120_000) === 1, 'an idle minute later');
  });
});
