// The quality-aware planner: scores next to cost, a floor (absolute or a reference model minus a drop) that
// ranks options below it after every option meeting it, and what the cheaper ones give up; self-hosted
// options priced at the cheapest GPU offer of their tier, region and allowed commitments.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../src/catalog/index.js';
import { isMarginError } from '../../src/errors/index.js';
import { defaultPhysics } from '../../src/planner/physics-port.js';
import { bestResult, runPlan } from '../../src/planner/plan.js';
import { qualityTrades } from '../../src/planner/quality.js';
import { parseWorkload } from '../../src/planner/workload/load.js';

const catalog = defaultCatalog();
const workload = (over: Record<string, unknown> = {}) =>
  parseWorkload({
    traffic: { requestsPerDay: 50_000 },
    tokens: { input: 800, output: 300 },
    candidates: {
      api: ['gpt-4o-mini', 'gpt-4.1-nano', 'gpt-5-mini'],
      selfHosted: {
        models: ['llama-3.1-8b'],
        hardware: ['l40s'],
        counts: [1],
        precisions: ['fp8'],
        tiers: ['marketplace'],
      },
    },
    ...over,
  });
const plan = (over: Record<string, unknown> = {}) =>
  runPlan({ workload: workload(over), catalog, physics: defaultPhysics });

describe('quality-aware planning', () => {
  it('scores every option: API models their own, self-hosted ones their open-weight model', () => {
    const p = plan();
    const score = (id: string) => p.results.find((r) => r.option.id.startsWith(id))?.quality.score;
    assert.equal(score('api:gpt-4o-mini'), 63.1);
    assert.equal(score('llama-3.1-8b@'), 48.3);
    assert.equal(catalog.qualityOf('together/llama-3.1-8b')?.score, 48.3);
  });

  it('a floor from a reference model ranks the options below it after every option that meets it', () => {
    const free = plan();
    assert.equal(bestResult(free)?.option.id, 'api:gpt-4.1-nano', 'cheapest without a floor');
    const llamaRank = free.results.find((r) => r.option.id.startsWith('llama-3.1-8b@'))?.rank ?? 0;
    assert.ok(llamaRank < free.results.length, 'llama ranks among the others by cost alone');
    const p = plan({ quality: { reference: 'gpt-4o-mini', maxDrop: 5 } });
    assert.equal(p.quality?.floor, 58.1);
    const best = bestResult(p);
    assert.ok(best && (best.quality.score ?? 0) >= 58.1, best?.option.id);
    const firstBelow = p.results.findIndex((r) => r.profile.feasible && !r.quality.meetsFloor);
    const lastAbove = p.results.findLastIndex((r) => r.profile.feasible && r.quality.meetsFloor);
    assert.ok(firstBelow > lastAbove, 'every passing option ranks first');
    assert.match(p.results[firstBelow]?.option.id ?? '', /^llama-3\.1-8b@/);
    const t = qualityTrades(p, catalog, 5);
    assert.equal(t?.anchor.option.id, 'api:gpt-4o-mini');
    for (const x of t?.trades ?? [])
      if (x.score !== null) assert.equal(x.givesUp, Number((63.1 - x.score).toFixed(1)));
  });

  it('an absolute floor, and unknown or unscored references', () => {
    const p = plan({ quality: { floor: 80 } });
    assert.equal(bestResult(p)?.option.id, 'api:gpt-5-mini');
    assert.throws(
      () => plan({ quality: { reference: 'gpt-6-sol' } }),
      (e) =>
        isMarginError(e) && /workload\.quality\.reference: no quality score for 'gpt-6-sol'/.test(e.message),
    );
    assert.throws(
      () => workload({ quality: { maxDrop: 5 } }),
      /workload\.quality: give floor .* or reference/,
    );
  });

  it('prices self-hosted options at the cheapest offer of the tier at the allowed commitments', () => {
    const base = { models: ['llama-3.1-8b'], hardware: ['h100-sxm'], counts: [1], precisions: ['fp8'] };
    const od = plan({
      candidates: { api: [], selfHosted: { ...base, tiers: ['hyperscaler'] }, regions: ['us-virginia'] },
    });
    const cheapestOnDemand = od.results[0];
    assert.ok(cheapestOnDemand?.option.kind === 'self-hosted');
    assert.equal(cheapestOnDemand.option.price.offer?.provider, 'aws');
    assert.equal(cheapestOnDemand.option.price.usdPerDeviceHour, 6.88);
    const committed = plan({
      candidates: {
        api: [],
        selfHosted: { ...base, tiers: ['hyperscaler'], commitments: ['on-demand', '3y'] },
        regions: ['us-virginia'],
      },
    });
    const r = committed.results[0];
    assert.ok(r?.option.kind === 'self-hosted');
    assert.equal(r.option.price.offer?.commitment, '3y');
    assert.ok(r.costUsd < cheapestOnDemand.costUsd);
  });
});
