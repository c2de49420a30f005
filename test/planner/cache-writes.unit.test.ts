import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../src/catalog/index.js';
import { MarginError } from '../../src/errors/index.js';
import { computeCost, makeUsage } from '../../src/meter/index.js';
import { defaultPhysics } from '../../src/planner/physics-port.js';
import { runPlan } from '../../src/planner/plan.js';
import {
  CACHE_TTL_S,
  DEFAULT_WRITES_PER_READ,
  providerCacheShares,
} from '../../src/planner/workload/cache-writes.js';
import { parseWorkload } from '../../src/planner/workload/load.js';

const catalog = defaultCatalog();

const workload = (cache: Record<string, unknown>) =>
  parseWorkload({
    traffic: { requestsPerDay: 86_400, shape: 'flat', weekendFactor: 1 },
    tokens: { input: 2000, output: 200 },
    cache,
    candidates: { api: ['claude-sonnet-4-5', 'gpt-4o'] },
    horizonMonths: 2,
  });

const perCall = (cache: Record<string, unknown>, id: string) => {
  const plan = runPlan({ workload: workload(cache), catalog, physics: defaultPhysics });
  const r = plan.results.find((x) => x.option.id === `api:${id}`)!;
  assert.ok(r.profile.kind === 'api' && r.profile.feasible);
  return r.profile.usdPerCall;
};

describe('provider cache writes', () => {
  it('splits input into reads and writes: explicit, assumed, or from distinct prefixes and the TTL', () => {
    const base = { prefixShare: 0.5, responseHitShare: 0 };
    assert.deepEqual(
      { ...providerCacheShares({ ...base, writeShare: 0.2 }), source: '' },
      { readShare: 0.5, writeShare: 0.2, source: '' },
    );
    const assumed = providerCacheShares(base);
    assert.equal(assumed.readShare, 0.5);
    assert.ok(Math.abs(assumed.writeShare - 0.5 * DEFAULT_WRITES_PER_READ) < 1e-12);
    // 3,600 calls/hour over 10 prefixes: each prefix is used at 0.1/s, so a use finds it expired with
    // probability e^(−0.1 × 300).
    const calls = new Float64Array(48).fill(3600);
    const m = Math.exp(-0.1 * CACHE_TTL_S);
    const d = providerCacheShares({ ...base, distinctPrefixesPerDay: 10 }, calls);
    assert.ok(Math.abs(d.writeShare - 0.5 * m) < 1e-12);
    assert.ok(Math.abs(d.readShare - 0.5 * (1 - m)) < 1e-12);
    // Many rarely used prefixes: almost every use writes.
    const rare = providerCacheShares({ ...base, distinctPrefixesPerDay: 1e6 }, calls);
    assert.ok(rare.writeShare > 0.49 && rare.readShare < 0.01);
  });

  it('an Anthropic model pays its write price through the meter; OpenAI has no write charge', () => {
    const noWrites = { prefixShare: 0.5, writeShare: 0 };
    const writes = { prefixShare: 0.5, writeShare: 0.3 };
    const sonnet = catalog.price('claude-sonnet-4-5');
    const expected = computeCost(
      sonnet,
      makeUsage({ inputTokens: 2000, cacheReadTokens: 1000, cacheWrite5mTokens: 600, outputTokens: 200 }),
    ).costUsd.total;
    const withWrites = perCall(writes, 'claude-sonnet-4-5');
    assert.ok(Math.abs(withWrites - expected) < 1e-12);
    const without = perCall(noWrites, 'claude-sonnet-4-5');
    // 600 tokens move from the input price ($3/1M) to the 5-minute write price ($3.75/1M).
    assert.ok(withWrites > without);
    assert.ok(Math.abs(withWrites - without - (600 * (3.75 - 3)) / 1e6) < 1e-12);
    assert.ok(Math.abs(perCall(writes, 'gpt-4o') - perCall(noWrites, 'gpt-4o')) < 1e-15);
  });

  it('fewer calls per prefix → more writes → a higher Anthropic cost', () => {
    const few = perCall({ prefixShare: 0.5, distinctPrefixesPerDay: 10 }, 'claude-sonnet-4-5');
    const many = perCall({ prefixShare: 0.5, distinctPrefixesPerDay: 100_000 }, 'claude-sonnet-4-5');
    assert.ok(many > few);
  });

  it('reads and writes cannot exceed the input', () => {
    assert.throws(
      () => workload({ prefixShare: 0.8, writeShare: 0.3 }),
      (e: unknown) => e instanceof MarginError && /cache\.writeShare/.test(e.message),
    );
  });
});
