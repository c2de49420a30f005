import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MarginError } from '../../src/errors/index.js';
import { parseWorkload, parseWorkloadYaml } from '../../src/planner/workload/load.js';
import { bucketMean, toBuckets } from '../../src/planner/workload/tokens.js';

const base = () => ({
  traffic: { requestsPerDay: 1000 },
  tokens: { input: 500, output: 100 },
  candidates: { api: ['gpt-4o'] },
});

function errorOf(fn: () => unknown): MarginError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof MarginError, `expected MarginError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected an error');
}

describe('workload parsing', () => {
  it('fills defaults', () => {
    const w = parseWorkload(base());
    assert.equal(w.horizonMonths, 12);
    assert.equal(w.traffic.shape, 'consumer');
    assert.equal(w.fleet.mode, 'autoscaled');
    assert.equal(w.cache.prefixShare, 0);
    assert.deepEqual(w.candidates.regions, ['world']);
  });

  it('names an impossible field', () => {
    const e = errorOf(() => parseWorkload({ ...base(), traffic: { requestsPerDay: -5 } }));
    assert.equal(e.code, 'MARGIN_ERR_BAD_WORKLOAD');
    assert.match(e.message, /^workload\.traffic\.requestsPerDay: must be > 0/);
  });

  it('names a missing field', () => {
    const raw: Record<string, unknown> = base();
    delete raw['tokens'];
    assert.match(errorOf(() => parseWorkload(raw)).message, /^workload\.tokens: is required/);
    assert.match(
      errorOf(() => parseWorkload({ ...base(), traffic: {} })).message,
      /^workload\.traffic\.requestsPerDay: is required/,
    );
  });

  it('names fields inside unions and arrays', () => {
    const e1 = errorOf(() => parseWorkload({ ...base(), tokens: { input: { mean: -1 }, output: 10 } }));
    assert.match(e1.message, /workload\.tokens\.input\.mean: must be > 0/);
    const e2 = errorOf(() => parseWorkload({ ...base(), traffic: { requestsPerDay: 1, hourly: [1, 2, 3] } }));
    assert.match(e2.message, /workload\.traffic\.hourly: needs 24 values/);
    const e3 = errorOf(() => parseWorkload({ ...base(), cache: { prefixShare: 1.5 } }));
    assert.match(e3.message, /workload\.cache\.prefixShare: must be ≤ 1/);
  });

  it('rejects token percentiles out of order (p50 > p90, p90 > p99), naming the field', () => {
    const e = errorOf(() =>
      parseWorkload({ ...base(), tokens: { input: { p50: 900, p90: 400 }, output: 10 } }),
    );
    assert.match(e.message, /workload\.tokens\.input\.p90: must be ≥ p50 \(900\)/);
    const e2 = errorOf(() =>
      parseWorkload({ ...base(), tokens: { input: 10, output: { p50: 100, p90: 800, p99: 500 } } }),
    );
    assert.match(e2.message, /workload\.tokens\.output\.p99: must be ≥ p90 \(800\)/);
    const e3 = errorOf(() =>
      parseWorkload({ ...base(), tokens: { input: { p50: 900, p99: 400 }, output: 10 } }),
    );
    assert.match(e3.message, /p99: must be ≥ p50/);
    assert.ok(parseWorkload({ ...base(), tokens: { input: { p50: 400, p90: 400, p99: 900 }, output: 10 } }));
  });

  it('rejects unknown fields and bad YAML', () => {
    assert.match(
      errorOf(() => parseWorkload({ ...base(), trafic: {} })).message,
      /unknown field\(s\): trafic/,
    );
    assert.match(errorOf(() => parseWorkloadYaml('a: [1, 2', 'w.yaml')).message, /^w\.yaml: not valid YAML/);
    assert.match(errorOf(() => parseWorkloadYaml('- 1\n- 2\n')).message, /must be a YAML mapping/);
  });

  it('checks the pricing model by kind', () => {
    const e = errorOf(() =>
      parseWorkload({ ...base(), pricing: { model: 'subscription', pricePerUserMonth: 20 } }),
    );
    assert.match(e.message, /workload\.pricing\.queriesPerUserMonth: is required/);
  });
});

describe('token distributions', () => {
  it('a plain number is one bucket', () => {
    assert.deepEqual(toBuckets(700), [{ tokens: 700, weight: 1 }]);
  });

  it('p50/p90 give a lognormal whose buckets keep the median and a right tail', () => {
    const b = toBuckets({ p50: 1000, p90: 4000 });
    assert.equal(b.length, 8);
    assert.ok(Math.abs(b.reduce((s, x) => s + x.weight, 0) - 1) < 1e-12);
    // Lognormal mean = p50 × exp(σ²/2) with σ = ln 4 / 1.2816.
    const sigma = Math.log(4) / 1.2815515655446004;
    const mean = 1000 * Math.exp((sigma * sigma) / 2);
    assert.ok(Math.abs(bucketMean(b) - mean) / mean < 0.01);
    assert.ok(b[7]!.tokens > 4000);
  });

  it('an explicit mean wins over the fitted one', () => {
    const b = toBuckets({ mean: 1500, p50: 1000, p90: 4000 });
    assert.ok(Math.abs(bucketMean(b) - 1500) < 5);
  });
});
