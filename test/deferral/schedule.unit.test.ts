// Hand-computed examples of the deferral scheduler: DeepSeek's off-peak hours, a provider batch at 50%, a
// carbon minimum at 3 am, a self-hosted upstream's quiet hour, and an impossible deadline.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/index.js';
import { planJob, type ScheduleSignals } from '../../src/deferral/schedule/index.js';
import type { CarbonProfile, ScheduleRequest } from '../../src/deferral/types.js';
import { makeUsage, meter } from '../../src/meter/index.js';

const catalog = loadCatalog();
const H = 3_600_000;
// Monday 2026-12-07 00:00 UTC.
const MON = Date.parse('2026-12-07T00:00:00Z');
const close = (a: number, b: number, what = '') =>
  assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what} ${a} != ${b}`);

const job = (over: Partial<ScheduleRequest>): ScheduleRequest => ({
  now: MON + 2 * H,
  deadline: MON + 8 * H,
  objective: 'cost',
  priceId: 'deepseek-flash',
  provider: 'deepseek',
  region: 'us-virginia',
  lines: 1000,
  inputTokens: 1_000_000,
  outputTokens: 1_000_000,
  runMs: 10 * 60_000,
  ...over,
});

/** A flat profile at `base` g/kWh with one hour (UTC, every day) at `low`. */
function dip(region: string, base: number, hour: number, low: number): CarbonProfile {
  return {
    region,
    gPerKwh: Array.from({ length: 7 }, () => Array.from({ length: 24 }, (_, h) => (h === hour ? low : base))),
    source: 'unit test',
    asOf: '2026-12',
  };
}

describe('planJob', () => {
  it('waits for DeepSeek off-peak: peak 01:00–04:00 UTC on weekdays costs double', () => {
    // 1000 lines of 1000 in / 1000 out: peak $0.30 + $1.20 = $1.50, off-peak $0.15 + $0.60 = $0.75.
    const plan = planJob(job({}), { catalog });
    assert.equal(plan.mode, 'price-window');
    assert.equal(plan.startAt, MON + 4 * H);
    assert.equal(plan.finishBy, MON + 4 * H + 10 * 60_000);
    close(plan.immediate.usd, 1.5, 'immediate');
    close(plan.expected.usd, 0.75, 'expected');
    assert.equal(plan.late, false);
  });

  it('runs at once off-peak: nothing is cheaper', () => {
    const plan = planJob(job({ now: MON + 12 * H, deadline: MON + 20 * H }), { catalog });
    assert.equal(plan.mode, 'now');
    assert.equal(plan.startAt, MON + 12 * H);
    close(plan.expected.usd, 0.75);
  });

  it('a peak job whose deadline falls before the window ends runs in the cheapest reachable part', () => {
    // Deadline 03:30 with a 10-minute run: no off-peak start reaches the deadline, so it runs at once.
    const plan = planJob(job({ deadline: MON + 3.5 * H }), { catalog });
    assert.equal(plan.mode, 'now');
    assert.equal(plan.late, false);
    assert.ok(plan.finishBy <= MON + 3.5 * H);
  });

  it('a provider batch at 50% of gpt-4o-mini', () => {
    // 1M in × $0.15 + 1M out × $0.60 = $0.75 live; batch tier half: $0.375.
    const req = job({
      priceId: 'gpt-4o-mini',
      provider: 'openai',
      now: MON + 12 * H,
      deadline: MON + 40 * H,
      providerBatch: { turnaroundMs: 24 * H },
    });
    const plan = planJob(req, { catalog });
    assert.equal(plan.mode, 'provider-batch');
    assert.equal(plan.startAt, req.now);
    assert.equal(plan.finishBy, req.now + 24 * H);
    close(plan.immediate.usd, 0.75);
    close(plan.expected.usd, 0.375);
  });

  it('no batch when its turnaround misses the deadline', () => {
    const req = job({
      priceId: 'gpt-4o-mini',
      provider: 'openai',
      now: MON + 12 * H,
      deadline: MON + 30 * H,
      providerBatch: { turnaroundMs: 24 * H },
    });
    const plan = planJob(req, { catalog });
    assert.equal(plan.mode, 'now');
    close(plan.expected.usd, 0.75);
  });

  it('finds the carbon minimum at 3 am', () => {
    const region = 'us-virginia';
    const carbon = new Map([[region, dip(region, 400, 3, 100)]]);
    const req = job({
      priceId: 'gpt-4o-mini',
      provider: 'openai',
      objective: 'carbon',
      now: MON + 12 * H,
      deadline: MON + 36 * H,
      runMs: 30 * 60_000,
    });
    const plan = planJob(req, { catalog, carbon });
    // Energy of 1000 lines from the meter's label; CO2e = Wh/1000 × g/kWh of the hour.
    const label = meter('gpt-4o-mini', makeUsage({ inputTokens: 1000, outputTokens: 1000 }), {
      catalog,
      region,
    });
    const kwh = (1000 * label.energyWh) / 1000;
    assert.equal(plan.mode, 'low-carbon');
    assert.equal(plan.startAt, MON + 27 * H); // Tuesday 03:00 UTC
    close(plan.immediate.co2eG, kwh * 400, 'immediate');
    close(plan.expected.co2eG, kwh * 100, 'expected');
    close(plan.expected.usd, plan.immediate.usd);
    assert.match(plan.reason, /100 vs 400 g\/kWh/);
  });

  it('a run longer than the low hour averages the hours it spans', () => {
    const region = 'us-virginia';
    const carbon = new Map([[region, dip(region, 400, 3, 100)]]);
    const req = job({
      priceId: 'gpt-4o-mini',
      objective: 'carbon',
      now: MON + 12 * H,
      deadline: MON + 36 * H,
      runMs: 2 * H,
    });
    const plan = planJob(req, { catalog, carbon });
    // Any 2-hour run holding 03:00–04:00 averages (100 + 400) / 2; the earliest such start is 02:00.
    assert.equal(plan.startAt, MON + 26 * H);
    close(plan.expected.co2eG / plan.immediate.co2eG, 250 / 400);
  });

  it('with the cost objective and nothing cheaper, it does not wait for cleaner hours', () => {
    const region = 'us-virginia';
    const carbon = new Map([[region, dip(region, 400, 3, 100)]]);
    const plan = planJob(job({ priceId: 'gpt-4o-mini', now: MON + 12 * H, deadline: MON + 36 * H }), {
      catalog,
      carbon,
    });
    assert.equal(plan.mode, 'now');
  });

  it('balanced: a normalised sum, so half the price beats a quarter less carbon', () => {
    const region = 'us-virginia';
    // Cleanest hour 02:00 (in peak, price ×2) at 300 g; off-peak from 04:00 at 400 g.
    const carbon = new Map([[region, dip(region, 400, 2, 300)]]);
    const plan = planJob(job({ objective: 'balanced', now: MON + 1 * H, deadline: MON + 8 * H }), {
      catalog,
      carbon,
    });
    // now (01:00, peak, 400 g): 1; 02:00: ½·1 + ½·0.75 = 0.875; 04:00: ½·0.5 + ½·1 = 0.75.
    assert.equal(plan.startAt, MON + 4 * H);
    assert.equal(plan.mode, 'price-window');
  });

  it('self-hosted: runs in the quietest hour of the load curve', () => {
    const load = Array.from({ length: 168 }, (_, h) => (h % 24 === 5 ? 10 : 100));
    const req = job({
      priceId: 'gpt-4o-mini',
      provider: 'my-vllm',
      selfHosted: true,
      now: MON + 12 * H,
      deadline: MON + 36 * H,
    });
    const signals: ScheduleSignals = { catalog, load: new Map([['my-vllm', load]]) };
    const plan = planJob(req, signals);
    assert.equal(plan.mode, 'self-hosted-low-load');
    assert.equal(plan.startAt, MON + 29 * H); // Tuesday 05:00 UTC
    close(plan.expected.usd, plan.immediate.usd);
  });

  it('self-hosted model without a catalog price: scheduled on load alone', () => {
    const load = Array.from({ length: 168 }, (_, h) => (h % 24 === 5 ? 10 : 100));
    const req = job({
      priceId: 'my-finetune',
      provider: 'my-vllm',
      selfHosted: true,
      now: MON + 12 * H,
      deadline: MON + 36 * H,
    });
    const plan = planJob(req, { catalog, load: new Map([['my-vllm', load]]) });
    assert.equal(plan.mode, 'self-hosted-low-load');
    assert.equal(plan.startAt, MON + 29 * H);
  });

  it('self-hosted model without a catalog price, carbon objective: the cleanest hour by intensity alone', () => {
    const region = 'us-virginia';
    const carbon = new Map([[region, dip(region, 400, 3, 100)]]);
    const req = job({
      priceId: 'my-finetune',
      provider: 'my-vllm',
      selfHosted: true,
      objective: 'carbon',
      now: MON + 12 * H,
      deadline: MON + 36 * H,
    });
    const plan = planJob(req, { catalog, carbon });
    assert.equal(plan.mode, 'low-carbon');
    assert.equal(plan.startAt, MON + 27 * H);
  });

  it('an impossible deadline runs at once, late, and says why', () => {
    const req = job({ now: MON + 12 * H, deadline: MON + 12 * H + 60_000, runMs: 10 * 60_000 });
    const plan = planJob(req, { catalog });
    assert.equal(plan.mode, 'now');
    assert.equal(plan.late, true);
    assert.equal(plan.startAt, req.now);
    assert.match(plan.reason, /No schedule meets the deadline/);
  });

  it('a slow job that only a provider batch can finish in time goes to the batch', () => {
    const req = job({
      priceId: 'gpt-4o-mini',
      now: MON + 12 * H,
      deadline: MON + 40 * H,
      runMs: 30 * H,
      providerBatch: { turnaroundMs: 24 * H },
    });
    const plan = planJob(req, { catalog });
    assert.equal(plan.mode, 'provider-batch');
    assert.equal(plan.late, false);
  });

  it('rejects a malformed request with a clear error', () => {
    assert.throws(() => planJob(job({ runMs: Number.NaN }), { catalog }), /runMs must be a finite number/);
  });
});
