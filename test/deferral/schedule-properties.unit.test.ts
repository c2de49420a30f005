// Property tests of the deferral scheduler with a simulated clock: `now` is drawn at random (any minute of
// a year), jobs, deadlines, price windows and carbon profiles too. Checked: no plan finishes after its
// deadline when a feasible schedule exists; `late` exactly when none exists; the plan's objective value is
// never worse than running at once; and (brute force, minute by minute) no start in the feasible range is
// better than the plan's.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadCatalog, modelPriceSchema } from '../../src/catalog/index.js';
import type { PriceWindow } from '../../src/catalog/schema.js';
import { planJob } from '../../src/deferral/schedule/index.js';
import type {
  CarbonProfile,
  DeferralObjective,
  SchedulePlan,
  ScheduleRequest,
} from '../../src/deferral/types.js';
import { computeCost, makeUsage, meter } from '../../src/meter/index.js';

const catalog = loadCatalog();
const MIN = 60_000;
const YEAR0 = Date.parse('2026-01-01T00:00:00Z');
const REGION = 'germany';
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

const windowArb = fc
  .record({
    start: fc.integer({ min: 0, max: 24 * 4 - 1 }),
    len: fc.integer({ min: 1, max: 24 * 4 - 1 }),
    multiplier: fc.constantFrom(0.25, 0.5, 0.75, 1.5, 2),
    weekdays: fc.boolean(),
  })
  .map(
    ({ start, len, multiplier, weekdays }): PriceWindow =>
      modelPriceSchema.shape.windows.unwrap().element.parse({
        name: multiplier < 1 ? 'off-peak' : 'peak',
        startUtc: hhmm(start * 15),
        endUtc: hhmm(((start + len) % 96) * 15),
        ...(weekdays ? { days: [1, 2, 3, 4, 5] } : {}),
        multiplier,
        source: 'property test',
        asOf: '2026-12',
      }),
  );

const profileArb = fc
  .array(fc.array(fc.integer({ min: 0, max: 900 }), { minLength: 24, maxLength: 24 }), {
    minLength: 7,
    maxLength: 7,
  })
  .map((gPerKwh): CarbonProfile => ({ region: REGION, gPerKwh, source: 'property test', asOf: '2026-12' }));

const jobArb = fc.record({
  nowMin: fc.integer({ min: 0, max: 365 * 24 * 60 }),
  deadlineMin: fc.integer({ min: -60, max: 3 * 24 * 60 }),
  runMin: fc.integer({ min: 0, max: 6 * 60 }),
  turnaroundMin: fc.option(fc.integer({ min: 0, max: 30 * 60 }), { nil: undefined }),
  objective: fc.constantFrom<DeferralObjective>('cost', 'carbon', 'balanced'),
  windows: fc.array(windowArb, { maxLength: 3 }),
  profile: fc.option(profileArb, { nil: undefined }),
  lines: fc.integer({ min: 1, max: 500 }),
  inPerLine: fc.integer({ min: 0, max: 4000 }),
  outPerLine: fc.integer({ min: 0, max: 1000 }),
});
type Job = typeof jobArb extends fc.Arbitrary<infer T> ? T : never;

let seq = 0;
/** A synthetic model with the drawn windows and a 50% batch tier, added to the catalog under a fresh id. */
function setup(j: Job): { req: ScheduleRequest; carbon: Map<string, CarbonProfile> } {
  const id = `prop-model-${seq++}`;
  catalog.add({
    prices: [
      {
        id,
        provider: 'prop',
        price: { input: 1, output: 4 },
        batch: { input: 0.5, output: 2 },
        windows: j.windows,
        contextWindow: 1_000_000,
        energy: { activeParamsB: 20, totalParamsB: 100 },
        source: 'property test',
        asOf: '2026-12',
      },
    ],
  });
  const now = YEAR0 + j.nowMin * MIN;
  const req: ScheduleRequest = {
    now,
    deadline: now + j.deadlineMin * MIN,
    objective: j.objective,
    priceId: id,
    provider: 'prop',
    region: REGION,
    lines: j.lines,
    inputTokens: j.lines * j.inPerLine,
    outputTokens: j.lines * j.outPerLine,
    runMs: j.runMin * MIN,
    ...(j.turnaroundMin !== undefined ? { providerBatch: { turnaroundMs: j.turnaroundMin * MIN } } : {}),
  };
  return { req, carbon: new Map(j.profile ? [[REGION, j.profile]] : []) };
}

const value = (
  o: DeferralObjective,
  e: { usd: number; co2eG: number },
  now: { usd: number; co2eG: number },
) => {
  if (o === 'cost') return e.usd;
  if (o === 'carbon') return e.co2eG;
  const rel = (a: number, b: number) => (b > 0 ? a / b : 0);
  return 0.5 * rel(e.usd, now.usd) + 0.5 * rel(e.co2eG, now.co2eG);
};
const leq = (a: number, b: number) => a <= b + 1e-9 * Math.max(1, Math.abs(b));

function feasible(req: ScheduleRequest): boolean {
  const ta = req.providerBatch?.turnaroundMs;
  return req.now + req.runMs <= req.deadline || (ta !== undefined && req.now + ta <= req.deadline);
}

function checkInvariants(req: ScheduleRequest, plan: SchedulePlan): void {
  assert.equal(plan.late, !feasible(req), `late ${plan.late} but feasible ${feasible(req)}`);
  if (plan.late) {
    assert.equal(plan.mode, 'now');
    assert.equal(plan.startAt, req.now);
    assert.ok(plan.reason.includes('No schedule meets the deadline'));
    return;
  }
  assert.ok(plan.startAt >= req.now, 'starts before now');
  assert.ok(plan.finishBy <= req.deadline, `finishes ${plan.finishBy} after deadline ${req.deadline}`);
  const dur = plan.mode === 'provider-batch' ? (req.providerBatch?.turnaroundMs ?? -1) : req.runMs;
  assert.equal(plan.finishBy, plan.startAt + dur);
  if (plan.mode === 'now') assert.equal(plan.startAt, req.now);
  if (req.now + req.runMs <= req.deadline) {
    assert.ok(
      leq(
        value(req.objective, plan.expected, plan.immediate),
        value(req.objective, plan.immediate, plan.immediate),
      ),
      `${req.objective}: plan ${JSON.stringify(plan.expected)} worse than now ${JSON.stringify(plan.immediate)}`,
    );
  }
}

describe('planJob properties', () => {
  it('meets every feasible deadline, is late exactly when none is feasible, never worse than now', () => {
    fc.assert(
      fc.property(jobArb, (j) => {
        const { req, carbon } = setup(j);
        const plan = planJob(req, { catalog, carbon });
        checkInvariants(req, plan);
        // Deterministic: the same inputs give the same plan.
        assert.deepEqual(planJob(req, { catalog, carbon }), plan);
      }),
      { numRuns: 300 },
    );
  });

  it('no live start in the feasible range beats the plan (brute force, minute by minute)', () => {
    fc.assert(
      fc.property(
        jobArb.map((j) => ({
          ...j,
          deadlineMin: Math.min(j.deadlineMin, 36 * 60),
          turnaroundMin: undefined,
        })),
        (j) => {
          const { req, carbon } = setup(j);
          const plan = planJob(req, { catalog, carbon });
          if (plan.late) return;
          const price = catalog.price(req.priceId);
          const profile = carbon.get(REGION);
          const grid = catalog.region(REGION).gridGCo2ePerKwh;
          const kwh =
            (j.lines *
              meter(req.priceId, makeUsage({ inputTokens: j.inPerLine, outputTokens: j.outPerLine }), {
                catalog,
                region: REGION,
              }).energyWh) /
            1000;
          const span = (req.deadline - req.now) / MIN;
          // Per-minute dollars (meter at that minute) and intensity; prefix sums give each run's mean.
          const usdMin: number[] = [];
          const gMin: number[] = [];
          for (let m = 0; m <= span; m++) {
            const t = req.now + m * MIN;
            let usd = 0;
            for (const [inTok, outTok, w] of [[j.inPerLine, j.outPerLine, j.lines]] as const) {
              usd +=
                w *
                computeCost(price, makeUsage({ inputTokens: inTok, outputTokens: outTok }), t).costUsd.total;
            }
            usdMin.push(usd);
            const d = new Date(t);
            gMin.push(profile?.gPerKwh[d.getUTCDay()]?.[d.getUTCHours()] ?? grid);
          }
          const pre = (xs: number[]) => {
            const out = [0];
            for (const x of xs) out.push((out.at(-1) ?? 0) + x);
            return out;
          };
          const pu = pre(usdMin);
          const pg = pre(gMin);
          const at = (s: number) => {
            const r = j.runMin;
            const usd = r === 0 ? (usdMin[s] ?? 0) : ((pu[s + r] ?? 0) - (pu[s] ?? 0)) / r;
            const g = r === 0 ? (gMin[s] ?? grid) : ((pg[s + r] ?? 0) - (pg[s] ?? 0)) / r;
            return { usd, co2eG: kwh * g };
          };
          const nowEst = at(0);
          const planV = value(req.objective, plan.expected, plan.immediate);
          for (let s = 0; s + j.runMin <= span; s++) {
            const v = value(req.objective, at(s), nowEst);
            assert.ok(
              leq(planV, v),
              `start +${s} min has ${v} < plan's ${planV} (${plan.mode} at ${plan.startAt})`,
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
