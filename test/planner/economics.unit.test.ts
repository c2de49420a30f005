import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  breakEvenPrice,
  discountedUnits,
  grossMargin,
  monthlyRevenue,
} from '../../src/planner/economics/revenue.js';
import { heavyUsers, topUsageShare } from '../../src/planner/economics/users.js';
import { lognormalTopShare, normCdf, normInv } from '../../src/planner/stats.js';
import type { Pricing } from '../../src/planner/workload/schema.js';

const near = (a: number, b: number, tol = 1e-9) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≉ ${b}`);

type Sub = Extract<Pricing, { model: 'subscription' }>;
const sub = (usage: Sub['usage'], volumeDiscounts: Sub['volumeDiscounts'] = []): Sub => ({
  model: 'subscription',
  pricePerUserMonth: 20,
  queriesPerUserMonth: 100,
  usage,
  volumeDiscounts,
});

describe('revenue and margin', () => {
  it('per query, with marginal volume discounts', () => {
    const p: Pricing = {
      model: 'per-query',
      pricePerQuery: 0.01,
      volumeDiscounts: [
        { above: 1000, discount: 0.1 },
        { above: 2000, discount: 0.5 },
      ],
    };
    // 1000 at full price + 1000 at 90% + 1000 at 50% = 2400 billed units.
    near(discountedUnits(3000, p.volumeDiscounts), 2400);
    near(monthlyRevenue(p, 3000), 24);
    near(monthlyRevenue(p, 500), 5);
    // Break-even: price × cost / revenue = 0.01 × 12 / 24.
    near(breakEvenPrice(p, 3000, 12), 0.005);
    near(grossMargin(24, 12), 0.5);
    near(grossMargin(0, 12), 0);
  });

  it('subscription: users = queries / queries per user', () => {
    const p = sub({ lognormalSigma: 1 });
    near(monthlyRevenue(p, 50_000), 500 * 20);
    near(breakEvenPrice(p, 50_000, 2500), 5);
    near(monthlyRevenue(p, 50_000, 0.5), 5000);
  });

  it('credits: breakage is revenue without cost', () => {
    const p: Pricing = {
      model: 'credits',
      pricePerCredit: 0.002,
      creditsPerQuery: 5,
      breakage: 0.2,
      volumeDiscounts: [],
    };
    // 1000 queries use 5000 credits; 6250 were sold.
    near(monthlyRevenue(p, 1000), 12.5);
  });
});

describe('heavy users', () => {
  it('normal quantiles round-trip', () => {
    for (const p of [0.01, 0.05, 0.5, 0.9, 0.99]) near(normCdf(normInv(p)), p, 1e-6);
    near(normInv(0.95), 1.6448536, 1e-6);
  });

  it('lognormal top-5% share: σ = 0 is exactly 5%, grows with σ', () => {
    near(lognormalTopShare(0, 0.05), 0.05, 1e-6);
    // σ = 1: 1 − Φ(1.6449 − 1) = 1 − Φ(0.6449) ≈ 0.2595.
    near(lognormalTopShare(1, 0.05), 0.2595, 1e-3);
    assert.ok(lognormalTopShare(2, 0.05) > lognormalTopShare(1, 0.05));
  });

  it('explicit segments, hand-computed', () => {
    // 2% of users at 1000 queries, 8% at 200, 90% at 10: total use 20 + 16 + 9 = 45 per 100 users.
    const p = sub({
      segments: [
        { userShare: 0.9, queries: 10 },
        { userShare: 0.02, queries: 1000 },
        { userShare: 0.08, queries: 200 },
      ],
    });
    // Top 5% = the 2% at 1000 + 3% at 200 → (20 + 6) / 45.
    near(topUsageShare(p), 26 / 45);
  });

  it('a heavy user’s cost and margin', () => {
    const p = sub({ lognormalSigma: 0 });
    const h = heavyUsers(p, 1000, 4000);
    near(h.top5UsageShare, 0.05, 1e-6);
    near(h.costPerUser, 4);
    near(h.costPerHeavyUser, 4, 1e-5);
    near(h.heavyUserMargin, 0.8, 1e-5);
  });

  it('p50/p90 fit the same lognormal σ', () => {
    const p = sub({ p50: 100, p90: 100 * Math.exp(1.2815515655446004) });
    near(topUsageShare(p), lognormalTopShare(1, 0.05), 1e-9);
  });
});
