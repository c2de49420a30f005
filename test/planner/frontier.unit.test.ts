// The cost–quality frontier of a plan: the options no other option beats on both cost and quality, and
// its chart for the HTML report.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../src/catalog/index.js';
import { defaultPhysics } from '../../src/planner/physics-port.js';
import { runPlan } from '../../src/planner/plan.js';
import { costQualityFrontier } from '../../src/planner/quality.js';
import { parseWorkload } from '../../src/planner/workload/load.js';
import { frontierChart } from '../../src/report/frontier-svg.js';

const plan = runPlan({
  workload: parseWorkload({
    traffic: { requestsPerDay: 20_000 },
    tokens: { input: 800, output: 300 },
    candidates: { api: ['gpt-4o-mini', 'gpt-4.1-nano', 'gpt-5-mini', 'gpt-4o', 'claude-haiku-4-5'] },
    quality: { floor: 70 },
  }),
  catalog: defaultCatalog(),
  physics: defaultPhysics,
});

describe('cost–quality frontier', () => {
  it('marks exactly the options no cheaper option matches in quality', () => {
    const pts = costQualityFrontier(plan);
    assert.equal(pts.length, 5);
    for (const p of pts) {
      const dominated = pts.some((q) => q !== p && q.usdPerQuery <= p.usdPerQuery && q.score >= p.score);
      assert.equal(p.onFrontier, !dominated, p.id);
    }
    // gpt-4o costs more than gpt-5-mini and scores lower: off the frontier.
    assert.equal(pts.find((p) => p.id === 'api:gpt-4o')?.onFrontier, false);
    assert.equal(pts.find((p) => p.id === 'api:gpt-4.1-nano')?.onFrontier, true);
  });

  it('draws the points, the frontier line and the floor as inline SVG', () => {
    const svg = frontierChart(costQualityFrontier(plan), 70);
    assert.match(svg, /^<svg [^>]*aria-label="cost–quality frontier"/);
    assert.equal((svg.match(/<circle /g) ?? []).length, 5);
    assert.match(svg, /<polyline [^>]*points="[\d.]+,[\d.]+ [\d.]+,[\d.]+/);
    assert.match(svg, /quality floor 70/);
    assert.doesNotMatch(svg, /NaN|Infinity|<script/);
  });
});
