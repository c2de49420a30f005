// `npm run eval:deferral` on a committed fixture (test/fixtures/deferral, the first 300 rows of the Azure
// conversation trace): the same replay code, asserting relationships rather than figures.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../../src/catalog/index.js';
import { replayDeferral } from '../../src/deferral/schedule/replay.js';
import { readTrace } from '../../src/traces/read.js';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

const catalog = loadCatalog();
const trace = readTrace(join(repoRoot(), 'test', 'fixtures', 'deferral', 'azure-conv-first300.csv'));
const H = 3_600_000;

describe('eval:deferral replay (fixture)', () => {
  it('meets every deadline and never costs more under the cost objective, nor emits more under carbon', () => {
    const base = { catalog, share: 0.3, deadlineMs: 24 * H, starts: 3 };
    const cost = replayDeferral(trace.requests, { ...base, objective: 'cost' });
    const carbon = replayDeferral(trace.requests, { ...base, objective: 'carbon' });
    const balanced = replayDeferral(trace.requests, { ...base, objective: 'balanced' });
    for (const r of [cost, carbon, balanced]) {
      assert.equal(r.deadlinesMissed, 0);
      assert.equal(r.requests, 900);
      assert.ok(r.jobs > 200 && r.jobs < 340, `jobs ${r.jobs}`); // ≈ 30% of 900
    }
    // Provider batches at half price make the deferred share cost close to half.
    assert.ok(cost.deferredCostShare < 0.7 && cost.costShareOfImmediate < 0.95, JSON.stringify(cost));
    assert.ok(cost.co2eShareOfImmediate < 1.05); // a batch runs some time in its 24 h: about the daily mean
    assert.ok(carbon.deferredCo2eShare < 1 && carbon.co2eShareOfImmediate <= 1, JSON.stringify(carbon));
    assert.ok(carbon.co2eShareOfImmediate <= cost.co2eShareOfImmediate + 1e-9);
    assert.ok(balanced.costShareOfImmediate <= 1);
  });

  it('a deadline shorter than the batch turnaround leaves only price windows and clean hours', () => {
    const r = replayDeferral(trace.requests, {
      catalog,
      share: 0.5,
      deadlineMs: 6 * H,
      objective: 'cost',
      starts: 2,
    });
    assert.equal(r.modes['provider-batch'] ?? 0, 0);
    assert.equal(r.deadlinesMissed, 0);
    assert.ok(r.costShareOfImmediate <= 1);
  });
});
