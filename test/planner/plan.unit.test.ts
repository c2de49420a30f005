import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../src/catalog/index.js';
import { cheapestOffer } from '../../src/catalog/offers.js';
import { computeCost, makeUsage } from '../../src/meter/index.js';
import { defaultPhysics } from '../../src/planner/physics-port.js';
import { runPlan } from '../../src/planner/plan.js';
import { planRows } from '../../src/planner/report/rows.js';
import { HOURS_PER_MONTH } from '../../src/planner/workload/demand.js';
import { parseWorkload } from '../../src/planner/workload/load.js';
import { fakePhysics } from './helpers.js';

const catalog = defaultCatalog();

const workload = (over: Record<string, unknown> = {}) =>
  parseWorkload({
    traffic: { requestsPerDay: 100_000, shape: 'consumer', growth: { monthly: 0.1 } },
    tokens: { input: 1000, output: 200 },
    candidates: { api: ['gpt-4o'] },
    ...over,
  });

describe('runPlan', () => {
  it('an API option costs exactly what the shared meter says, per call × calls', () => {
    const plan = runPlan({ workload: workload(), catalog, physics: defaultPhysics });
    const r = plan.results.find((x) => x.option.id === 'api:gpt-4o')!;
    const perCall = computeCost(catalog.price('gpt-4o'), makeUsage({ inputTokens: 1000, outputTokens: 200 }))
      .costUsd.total;
    for (let m = 0; m < 12; m++) {
      const expected = (plan.view.demand.monthly[m] ?? 0) * perCall;
      assert.ok(Math.abs((r.months.costUsd[m] ?? 0) - expected) < 1e-6 * expected, `month ${m + 1}`);
    }
    assert.ok(Math.abs(r.usdPerQuery - perCall) < 1e-12);
    assert.ok(Math.abs(r.usdPerMTok - (perCall / 1200) * 1e6) < 1e-9);
  });

  it('cached prefixes and the deferrable share use the meter’s cached and batch prices', () => {
    const w = workload({
      cache: { prefixShare: 0.5 },
      traffic: { requestsPerDay: 1000, deferrableShare: 0.4 },
      tokens: { input: 2000, output: 200 },
    });
    const plan = runPlan({ workload: w, catalog, physics: defaultPhysics });
    const p = plan.results[0]!.profile;
    assert.ok(p.kind === 'api' && p.feasible);
    const price = catalog.price('gpt-4o');
    const u = (kind: 'sync' | 'batch') =>
      makeUsage({ inputTokens: 2000, cacheReadTokens: 1000, outputTokens: 200, kind });
    const expected =
      0.6 * computeCost(price, u('sync')).costUsd.total + 0.4 * computeCost(price, u('batch')).costUsd.total;
    assert.ok(Math.abs(p.usdPerCall - expected) < 1e-12);
  });

  it('infeasible options carry the reason and the numbers, never a throughput', () => {
    const w = workload({
      candidates: {
        api: [],
        selfHosted: {
          models: ['llama-3.1-70b'],
          hardware: ['l4'],
          counts: [1],
          precisions: ['bf16', 'int4'],
          tiers: ['marketplace'],
        },
      },
    });
    const plan = runPlan({ workload: w, catalog, physics: defaultPhysics });
    assert.equal(plan.results.length, 2);
    for (const r of plan.results) {
      assert.equal(r.profile.feasible, false);
      if (!r.profile.feasible) assert.match(r.profile.reason, /needs \d+ GB.*24 GB/);
      assert.equal(r.costUsd, 0);
    }
    for (const row of planRows(plan, 10)) {
      assert.equal(row['feasible'], false);
      assert.equal(row['usd_per_1m_tok'], null);
      assert.equal(row['ttft_p95_s'], null);
    }
  });

  it('sizes the fleet as ceil(peak calls / (capacity × planned utilisation))', () => {
    const w = workload({
      traffic: { requestsPerDay: 864_000, shape: 'flat', weekendFactor: 1 }, // 10 req/s all the time
      fleet: { targetUtilisation: 0.5, minReplicas: 1 },
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
    });
    const plan = runPlan({ workload: w, catalog, physics: fakePhysics(3) });
    const r = plan.results[0]!;
    assert.equal(r.profile.feasible, true);
    // 10 / (3 × 0.5) = 6.67 → 7 replicas every hour.
    assert.equal(r.peakReplicas, 7);
    // The marketplace tier takes the cheapest GPU-cloud or marketplace on-demand offer (Vast.ai, $1.87/h).
    const hourly = cheapestOffer(catalog, {
      hardware: 'h100-sxm',
      commitments: ['on-demand'],
      kinds: ['neocloud', 'marketplace'],
    })!.usdPerGpuHour;
    assert.equal(hourly, 1.87);
    assert.ok(Math.abs((r.months.costUsd[0] ?? 0) - 7 * hourly * HOURS_PER_MONTH) < 1e-6);
    assert.ok(Math.abs(r.utilisation - 10 / 21) < 1e-9);
  });

  it('ranks feasible options by total cost, infeasible last', () => {
    const w = workload({
      candidates: {
        api: ['gpt-4o', 'gpt-4o-mini'],
        selfHosted: {
          models: ['llama-3.1-70b'],
          hardware: ['l4'],
          counts: [1],
          precisions: ['bf16'],
          tiers: ['marketplace'],
        },
      },
    });
    const plan = runPlan({ workload: w, catalog, physics: defaultPhysics });
    assert.deepEqual(
      plan.results.map((r) => r.option.id),
      ['api:gpt-4o-mini', 'api:gpt-4o', 'llama-3.1-70b@l4x1:bf16:vllm:marketplace:world'],
    );
    assert.deepEqual(
      plan.results.map((r) => r.rank),
      [1, 2, 3],
    );
  });

  it('unknown ids list close matches', () => {
    assert.throws(
      () =>
        runPlan({
          workload: workload({ candidates: { api: ['gpt-4x'] } }),
          catalog,
          physics: defaultPhysics,
        }),
      /Did you mean/,
    );
    const sh = { models: ['llama-3.1-8b'], hardware: ['h100-sxn'] };
    assert.throws(
      () =>
        runPlan({ workload: workload({ candidates: { selfHosted: sh } }), catalog, physics: defaultPhysics }),
      /Unknown hardware 'h100-sxn'.*Did you mean/,
    );
    assert.throws(
      () =>
        runPlan({
          workload: workload({ candidates: { api: ['gpt-4o'], regions: ['mars'] } }),
          catalog,
          physics: defaultPhysics,
        }),
      /Unknown region/,
    );
  });
});

describe('claims check', () => {
  it('compares per-card throughput and prices it at the catalog hourly rate', async () => {
    const { checkClaims } = await import('../../src/planner/claims.js');
    const claims = [
      {
        label: 'x',
        model: 'llama-3.1-8b',
        hardware: 'h100-sxm',
        count: 2,
        precisions: ['bf16' as const],
        tokS: 1000,
      },
      {
        label: 'y',
        model: 'llama-3.1-70b',
        hardware: 'l4',
        count: 1,
        precisions: ['bf16' as const],
        tokS: 400,
      },
    ];
    // Fake physics: 4 req/s × 300 output tokens = 1200 tok/s per replica of 2 cards.
    const out = checkClaims(claims, { inputTokens: 1000, outputTokens: 300 }, catalog, fakePhysics(4));
    const [a, b] = out;
    assert.equal(a!.fits, true);
    assert.equal(a!.plannerTokSPerCard, 600);
    assert.ok(Math.abs(a!.ratio! - 0.6) < 1e-12);
    const hourly = catalog.device('h100-sxm').prices.marketplacePerHour!;
    assert.ok(Math.abs(a!.plannerUsdPerMTok! - ((2 * hourly) / (1200 * 3600)) * 1e6) < 1e-9);
    assert.equal(b!.fits, false);
    assert.equal(b!.plannerTokS, null);
    assert.match(b!.reason, /needs .* GB/);
  });
});
