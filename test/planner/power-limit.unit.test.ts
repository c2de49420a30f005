// Comparing per-device power limits in a plan: each limit is its own option, the replica under a lower cap
// draws less power and serves fewer requests per second (the clock falls), and a limit at or below idle is
// skipped with its reason.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../src/catalog/index.js';
import { defaultPhysics } from '../../src/planner/physics-port.js';
import { runPlan } from '../../src/planner/plan.js';
import { optionName } from '../../src/planner/report/rows.js';
import { parseWorkload } from '../../src/planner/workload/load.js';

const catalog = defaultCatalog();
const plan = (powerLimitsW: number[]) =>
  runPlan({
    workload: parseWorkload({
      traffic: { requestsPerDay: 2_000_000 },
      tokens: { input: 2000, output: 300 },
      candidates: {
        selfHosted: {
          models: ['llama-3.1-70b'],
          hardware: ['h100-sxm'],
          counts: [2],
          precisions: ['fp8'],
          engines: ['trtllm'],
          tiers: ['marketplace'],
          powerLimitsW,
        },
      },
    }),
    catalog,
    physics: defaultPhysics,
  });

describe('power limits in the planner', () => {
  it('each limit is an option; a lower cap draws less and serves less per replica', () => {
    const p = plan([700, 450]);
    const at = (w: number) => p.results.find((r) => r.option.id.includes(`@${w}W:`));
    const full = at(700);
    const capped = at(450);
    assert.ok(full?.profile.feasible && capped?.profile.feasible);
    if (!full?.profile.feasible || !capped?.profile.feasible || full.profile.kind !== 'self-hosted') return;
    if (capped.profile.kind !== 'self-hosted') return;
    assert.equal(capped.profile.deployment.powerLimitW, 450);
    assert.ok(capped.profile.op.powerW <= 2 * 450 + 1e-6, `${capped.profile.op.powerW} W`);
    assert.ok(capped.profile.op.clockShare < full.profile.op.clockShare);
    assert.ok(capped.profile.busyW < full.profile.busyW);
    assert.ok(capped.profile.rpsPerReplica < full.profile.rpsPerReplica);
    // Power falls faster than throughput: less energy per request under the cap.
    assert.ok(
      capped.profile.busyW / capped.profile.rpsPerReplica < full.profile.busyW / full.profile.rpsPerReplica,
    );
    assert.match(optionName(capped), /on 2× h100-sxm at 450 W fp8, marketplace/);
  });

  it('a limit at or below the idle power is skipped with its reason', () => {
    const p = plan([150, 700]);
    assert.equal(p.results.filter((r) => r.option.kind === 'self-hosted').length, 1);
    const reasons = Object.keys(p.skipped);
    assert.ok(
      reasons.some((s) => /power limit 150 W is at or below h100-sxm's idle power/.test(s)),
      reasons.join('; '),
    );
  });
});
