// Batch, cheaper-model, volume and carbon levers on fabricated records, with answers worked by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adviseInput, rank } from '../../src/advise/index.js';
import type { AdviseInput } from '../../src/advise/types.js';
import { loadCatalog } from '../../src/catalog/index.js';
import type { LedgerRecord } from '../../src/ledger/record.js';
import type { FeedbackWithRoute } from '../../src/ledger/store.js';
import { call, T0 } from './fixtures.js';

const catalog = loadCatalog();
const HOUR = 3_600_000;

function input(records: LedgerRecord[], feedback: FeedbackWithRoute[] = [], spanDays = 1): AdviseInput {
  return { catalog, records, feedback, spanDays, requestsPerDay: records.length / spanDays, seed: 7 };
}

const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} vs ${b}`);

describe('advise: batch pricing', () => {
  it("moves a never-streaming key's calls and night-time calls to the batch tier", () => {
    const p = catalog.price('gpt-4o');
    assert.deepEqual([p.batch?.input, p.batch?.output], [1.25, 5]);
    const noon = T0 + 12 * HOUR;
    const pipeline = Array.from({ length: 100 }, (_, i) =>
      call(
        i,
        'gpt-4o',
        { inputTokens: 500, outputTokens: 200 },
        { keyId: 'pipe', streamed: false, ts: noon + i * 1000 },
      ),
    );
    const chatty = Array.from({ length: 50 }, (_, i) =>
      call(200 + i, 'gpt-4o', { inputTokens: 500, outputTokens: 200 }, { keyId: 'app', ts: noon + i * 1000 }),
    );
    const night = Array.from({ length: 10 }, (_, i) =>
      call(
        300 + i,
        'gpt-4o',
        { inputTokens: 500, outputTokens: 200 },
        { keyId: 'app', streamed: false, ts: T0 + 2 * HOUR + i * 1000 },
      ),
    );
    const a = rank(adviseInput(input([...pipeline, ...chatty, ...night]))).find(
      (x) => x.id === 'batch:gpt-4o',
    );
    assert.ok(a);
    // 110 calls × (500 × (2.50 − 1.25) + 200 × (10 − 5)) $/M = 110 × $0.001625.
    near(a.usdPerMonth, 110 * 0.001625 * 30.44);
    assert.notEqual(a.confidence, 'high');
    assert.match(a.explain.join('\n'), /100 calls from never-streaming keys \(pipe\) \+ 10 night-time calls/);
  });
});

describe('advise: cheaper model by feedback', () => {
  const ab = (i: number, model: string) =>
    call(
      i,
      model,
      { inputTokens: 1000, outputTokens: 200 },
      { requestedModel: 'margin/ab', ts: T0 + 12 * HOUR + i * 1000 },
    );
  const fb = (r: LedgerRecord, score: number): FeedbackWithRoute => ({
    requestId: r.id,
    ts: r.ts + 1,
    score,
    comment: null,
    keyId: r.keyId,
    tenant: r.tenant,
    record: { route: r.route, status: r.status, servedModel: r.servedModel, tenant: r.tenant },
  });

  it('prices the dearer model’s calls at the cheaper one when feedback scores them alike', () => {
    const recs = [
      ...Array.from({ length: 50 }, (_, i) => ab(i, 'gpt-4o')),
      ...Array.from({ length: 50 }, (_, i) => ab(100 + i, 'gpt-4o-mini')),
    ];
    const feedback = recs.map((r, i) => fb(r, i % 10 === 0 ? 0 : 1)); // 0.9 on both sides
    const a = rank(adviseInput(input(recs, feedback))).find((x) => x.id.startsWith('cheaper-model:'));
    assert.ok(a);
    assert.equal(a.id, 'cheaper-model:margin/ab:gpt-4o-mini');
    // 50 × [(1000 × 2.50 + 200 × 10) − (1000 × 0.15 + 200 × 0.60)] $/M = 50 × $0.00423.
    near(a.usdPerMonth, 50 * 0.00423 * 30.44);
    assert.equal(a.confidence, 'low'); // 50 scores a side: the feedback caps it below high; one day of span
  });

  it('keeps the dearer model when the cheaper one scores worse', () => {
    const recs = [
      ...Array.from({ length: 50 }, (_, i) => ab(i, 'gpt-4o')),
      ...Array.from({ length: 50 }, (_, i) => ab(100 + i, 'gpt-4o-mini')),
    ];
    const feedback = recs.map((r, i) => fb(r, r.servedModel === 'gpt-4o' ? 1 : i % 5 === 0 ? 0 : 1)); // 1.0 vs 0.8
    assert.equal(
      adviseInput(input(recs, feedback)).filter((f) => f.id.startsWith('cheaper-model')).length,
      0,
    );
  });
});

describe('advise: volume discount', () => {
  it('prompts for committed-use pricing past 1M requests a day, with no invented dollars', () => {
    const recs = Array.from({ length: 100 }, (_, i) =>
      call(i, 'gpt-4o', { inputTokens: 100, outputTokens: 10 }, { prefixHashes: [`v${i}`] }),
    );
    const busy = { ...input(recs), requestsPerDay: 1_200_000 };
    const v = adviseInput(busy).find((f) => f.id === 'volume-discount');
    assert.ok(v);
    assert.equal(v.usdPerMonth, 0);
    assert.match(v.title, /1,200,000 requests\/day: ask openai/);
    assert.equal(
      adviseInput(input(recs)).find((f) => f.id === 'volume-discount'),
      undefined,
    );
  });
});

describe('advise: lower-carbon region', () => {
  it('moves the measured energy to the cleanest catalog region through the meter', () => {
    const world = catalog.region('world');
    const recs = Array.from({ length: 200 }, (_, i) =>
      call(
        i,
        'gpt-4o',
        { inputTokens: 100, outputTokens: 10 },
        { energyWh: 1.2, co2eG: (1.2 / 1000) * world.gridGCo2ePerKwh },
      ),
    );
    const c = adviseInput(input(recs)).find((f) => f.id.startsWith('region:'));
    assert.ok(c);
    const best = catalog.regions.all.reduce((b, r) =>
      r.gridGCo2ePerKwh * r.pue < b.gridGCo2ePerKwh * b.pue ? r : b,
    );
    assert.equal(c.id, `region:${best.id}`);
    // Per record: 1.2 Wh facility = 1.0 Wh IT at world's PUE 1.2; elsewhere × its PUE × its grid.
    const perRecordG = (1.2 / 1000) * world.gridGCo2ePerKwh - (1.0 * best.pue * best.gridGCo2ePerKwh) / 1000;
    near(c.co2eKgPerMonth ?? 0, ((200 * perRecordG) / 1000) * 30.44);
    assert.equal(c.usdPerMonth, 0);
  });
});
