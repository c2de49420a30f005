// The planner's deferrable-share what-if goes through the deferral scheduler: a deadline shorter than the
// providers' 24-hour batch turnaround leaves no batch discount; DeepSeek's deferrable calls avoid its peak.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../src/catalog/index.js';
import { computeCost, makeUsage } from '../../src/meter/index.js';
import { defaultPhysics } from '../../src/planner/physics-port.js';
import { runPlan } from '../../src/planner/plan.js';
import { parseWorkload } from '../../src/planner/workload/load.js';

const catalog = defaultCatalog();

function apiProfileOf(model: string, traffic: Record<string, unknown>) {
  const w = parseWorkload({
    traffic: { requestsPerDay: 1000, ...traffic },
    tokens: { input: 2000, output: 200 },
    candidates: { api: [model] },
  });
  const p = runPlan({ workload: w, catalog, physics: defaultPhysics }).results[0]?.profile;
  assert.ok(p && p.kind === 'api' && p.feasible);
  return p;
}

describe('planner deferrable share through the scheduler', () => {
  const u = (kind: 'sync' | 'batch') => makeUsage({ inputTokens: 2000, outputTokens: 200, kind });
  const sync = computeCost(catalog.price('gpt-4o'), u('sync')).costUsd.total;
  const batch = computeCost(catalog.price('gpt-4o'), u('batch')).costUsd.total;

  it('24 h deadline: the deferrable share goes to the provider batch at the batch tier', () => {
    const p = apiProfileOf('gpt-4o', { deferrableShare: 0.4 });
    assert.ok(Math.abs(p.usdPerCall - (0.6 * sync + 0.4 * batch)) < 1e-12);
    assert.match(p.tier, /\+batch 40%/);
    assert.ok(p.notes.some((n) => /deferral scheduler \(cost, 24 h deadline\): provider-batch 100%/.test(n)));
  });

  it('6 h deadline: no batch finishes in time, so no batch discount', () => {
    const p = apiProfileOf('gpt-4o', { deferrableShare: 0.4, deferrableDeadlineHours: 6 });
    assert.ok(Math.abs(p.usdPerCall - sync) < 1e-12, `${p.usdPerCall} vs ${sync}`);
    assert.match(p.tier, /\+deferred 40%/);
  });

  it('DeepSeek: deferrable calls arriving in its weekday peak wait for the off-peak price', () => {
    const p = apiProfileOf('deepseek-flash', { deferrableShare: 1, deferrableDeadlineHours: 12 });
    const note = p.notes.find((n) => n.includes('deferral scheduler')) ?? '';
    // Peak is 7 of the week's 168 hours × 5 weekdays = 35 arrival hours: 35/168 ≈ 21% wait.
    assert.match(note, /now 79%, price-window 21%/);
    const offPeak = computeCost(catalog.price('deepseek-flash'), u('sync')).costUsd.total;
    assert.ok(Math.abs(p.usdPerCall - offPeak) < 1e-12);
  });
});
