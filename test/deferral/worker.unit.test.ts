// The deferral worker driven by hand with a simulated clock: lines wait for the plan's start, run with bounded
// concurrency, a dead worker's lines are re-run only when no result was recorded, provider-batch groups are
// submitted, polled and split back, cancelled jobs stop, and webhooks retry with backoff.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SqliteJobStore } from '../../src/deferral/store/sqlite.js';
import type { Job, NewJob } from '../../src/deferral/store/types.js';
import type { SchedulePlan, ScheduleRequest } from '../../src/deferral/types.js';
import { DeferralWorker, type GroupTarget, type WorkerDeps } from '../../src/deferral/worker.js';
import { makeUsage } from '../../src/meter/usage.js';
import type { ProviderBatchAdapter, ProviderBatchLineIn } from '../../src/providers/batch-types.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 12);

function newJob(id: string, over: Partial<NewJob> = {}): NewJob {
  return {
    id,
    kind: 'openai-batch',
    keyId: null,
    tenant: null,
    endpoint: '/v1/chat/completions',
    objective: 'cost',
    deadline: T0 + 24 * HOUR,
    createdAt: T0,
    callbackUrl: null,
    inputFileId: null,
    metadata: null,
    ...over,
  };
}

const req = (model: string, n: number) => ({ model, messages: [{ role: 'user', content: `line ${n}` }] });

function harness(
  over: Partial<WorkerDeps> = {},
  planFor: (r: ScheduleRequest) => Partial<SchedulePlan> = () => ({}),
) {
  let now = T0;
  const store = new SqliteJobStore(':memory:');
  const calls: string[] = [];
  const gates: Array<() => void> = [];
  let hold = false;
  const deps: WorkerDeps = {
    store,
    now: () => now,
    plan: (r) => ({
      mode: 'now',
      startAt: r.now,
      finishBy: r.now + r.runMs,
      expected: { usd: 1, co2eG: 1 },
      immediate: { usd: 2, co2eG: 3 },
      reason: 'test',
      late: false,
      ...planFor(r),
    }),
    resolve: (_job: Job, model: string): GroupTarget | undefined =>
      model === 'unknown'
        ? undefined
        : { key: model, provider: 'openai', priceId: `openai/${model}`, region: 'us', selfHosted: false },
    runLive: async (job, line) => {
      calls.push(`${job.id}:${line.customId}`);
      if (hold) await new Promise<void>((r) => gates.push(r));
      return { result: { status: 200, body: { ok: line.customId }, requestId: `${job.id}-${line.idx}` } };
    },
    toCanonical: (_job, r) => r as never,
    recordBatchLine: (_job, line, _g, out) => ({
      status: out.ok ? 200 : out.error.status,
      body: out.ok ? out.response : null,
      requestId: `pb-${line.idx}`,
    }),
    owner: 'w1',
    concurrency: 2,
    leaseMs: 10_000,
    tickMs: 1000,
    log: () => {},
    ...over,
  };
  return {
    store,
    calls,
    deps,
    worker: new DeferralWorker(deps),
    advance: (ms: number) => {
      now += ms;
    },
    at: () => now,
    hold: (v: boolean) => {
      hold = v;
      if (!v) for (const g of gates.splice(0)) g();
    },
  };
}

describe('deferral worker (simulated clock)', () => {
  it('runs nothing before the plan starts, then every line once, at most `concurrency` at a time', async () => {
    const h = harness({}, (r) => ({ mode: 'price-window', startAt: r.now + 6 * HOUR }));
    await h.store.createJob(
      newJob('batch_a'),
      Array.from({ length: 5 }, (_, i) => ({ idx: i, customId: `c${i}`, request: req('gpt-4o-mini', i) })),
    );
    await h.worker.tick();
    await h.worker.idle();
    assert.equal(h.calls.length, 0);
    const job = await h.store.getJob('batch_a');
    assert.equal(job?.status, 'in_progress');
    assert.equal(job?.plan?.groups[0]?.mode, 'price-window');
    h.advance(6 * HOUR);
    h.hold(true);
    await h.worker.tick();
    assert.equal(h.worker.inFlight(), 2);
    h.hold(false);
    await h.worker.idle();
    for (let i = 0; i < 3; i++) {
      await h.worker.tick();
      await h.worker.idle();
    }
    assert.deepEqual(
      [...h.calls].sort(),
      ['c0', 'c1', 'c2', 'c3', 'c4'].map((c) => `batch_a:${c}`),
    );
    assert.equal((await h.store.getJob('batch_a'))?.status, 'completed');
    const c = await h.store.counts('batch_a');
    assert.equal(c.done, 5);
  });

  it('a dead worker’s claim is taken again after its lease only while no result is recorded', async () => {
    const h = harness();
    await h.store.createJob(newJob('batch_b'), [
      { idx: 0, customId: 'x', request: req('m', 0) },
      { idx: 1, customId: 'y', request: req('m', 1) },
    ]);
    // A first process claims both lines and records one result, then dies.
    await h.worker.planById('batch_b');
    const dead = await h.store.claimLive(h.at(), 10, 'dead', 10_000);
    assert.equal(dead.length, 2);
    const x = dead.find((l) => l.customId === 'x');
    assert.ok(x);
    assert.ok(
      await h.store.complete(
        'batch_b',
        x.idx,
        x.token,
        'done',
        { status: 200, body: 1, requestId: 'r' },
        h.at(),
      ),
    );
    // Within the lease nothing is taken; after it only the unrecorded line runs.
    await h.worker.tick();
    await h.worker.idle();
    assert.deepEqual(h.calls, []);
    h.advance(10_001);
    await h.worker.tick();
    await h.worker.idle();
    assert.deepEqual(h.calls, ['batch_b:y']);
    // The dead process's late result for y is refused: its claim token is stale.
    const y = dead.find((l) => l.customId === 'y');
    assert.ok(y);
    assert.equal(
      await h.store.complete(
        'batch_b',
        y.idx,
        y.token,
        'done',
        { status: 200, body: 2, requestId: 's' },
        h.at(),
      ),
      false,
    );
    assert.equal((await h.store.getJob('batch_b'))?.status, 'completed');
  });

  it('provider-batch groups are submitted once, polled, and their results split back', async () => {
    const submitted: ProviderBatchLineIn[][] = [];
    let status: 'in_progress' | 'completed' = 'in_progress';
    const adapter: ProviderBatchAdapter = {
      submit: async (lines) => {
        submitted.push([...lines]);
        return { providerBatchId: 'pb_1' };
      },
      poll: async () => ({ status, counts: { total: 2, succeeded: 1, failed: 1 } }),
      results: async () => [
        {
          customId: 'p0',
          ok: true,
          response: { id: 'r', object: 'chat.completion', created: 0, model: 'm', choices: [] } as never,
          usage: makeUsage({ inputTokens: 3, outputTokens: 2, kind: 'batch' }),
        },
        {
          customId: 'p1',
          ok: false,
          error: { status: 400, message: 'bad', type: undefined, code: 'x', kind: 'invalid_request_error' },
        },
      ],
      cancel: async () => {},
    };
    const h = harness(
      {
        resolve: (_j, model) => ({
          key: model,
          provider: 'openai',
          priceId: 'openai/m',
          region: 'us',
          selfHosted: false,
          batch: {
            adapter,
            target: { baseUrl: 'x', apiKey: undefined, upstreamModel: model, headers: {} },
            turnaroundMs: HOUR,
          },
        }),
      },
      (r) => ({ mode: r.providerBatch ? 'provider-batch' : 'now' }),
    );
    await h.store.createJob(newJob('batch_c'), [
      { idx: 0, customId: 'p0', request: req('m', 0) },
      { idx: 1, customId: 'p1', request: req('m', 1) },
    ]);
    await h.worker.tick();
    await h.worker.tick();
    assert.equal(submitted.length, 1);
    assert.equal(submitted[0]?.length, 2);
    assert.equal(h.calls.length, 0);
    status = 'completed';
    await h.worker.tick();
    const job = await h.store.getJob('batch_c');
    assert.equal(job?.status, 'completed');
    const [l0, l1] = await h.store.lines('batch_c', 0, 10);
    assert.equal(l0?.state, 'done');
    assert.equal(l0?.ledgerId, 'pb-0');
    assert.equal(l1?.state, 'failed');
    assert.equal(submitted.length, 1);
  });

  it('cancel stops queued lines; lines already running finish and the job ends cancelled', async () => {
    const h = harness({ concurrency: 1 });
    await h.store.createJob(
      newJob('batch_d'),
      Array.from({ length: 3 }, (_, i) => ({ idx: i, customId: `d${i}`, request: req('m', i) })),
    );
    h.hold(true);
    await h.worker.tick();
    assert.equal(h.worker.inFlight(), 1);
    assert.equal((await h.store.cancel('batch_d', h.at()))?.status, 'cancelling');
    h.hold(false);
    await h.worker.idle();
    await h.worker.tick();
    assert.equal((await h.store.getJob('batch_d'))?.status, 'cancelled');
    const c = await h.store.counts('batch_d');
    assert.deepEqual([c.done, c.cancelled], [1, 2]);
    assert.equal(h.calls.length, 1);
  });

  it('an unknown model runs at once (its line fails on the live path); webhooks retry with backoff', async () => {
    let fails = 2;
    const delivered: string[] = [];
    const h = harness(
      {
        deliver: async (job) => {
          if (fails-- > 0) throw new Error('receiver down');
          delivered.push(job.id);
        },
      },
      () => ({ mode: 'low-carbon', startAt: T0 + 8 * HOUR }),
    );
    await h.store.createJob(newJob('defer_e', { kind: 'deferred', callbackUrl: 'http://x/hook' }), [
      { idx: 0, customId: 'defer_e', request: req('unknown', 0) },
    ]);
    await h.worker.tick();
    await h.worker.idle();
    assert.deepEqual(h.calls, ['defer_e:defer_e']);
    await h.worker.tick();
    let job = await h.store.getJob('defer_e');
    assert.equal(job?.status, 'completed');
    assert.equal(job?.callback.state, 'pending');
    assert.equal(job?.callback.attempts, 1);
    // Backoff: nothing before the next attempt is due, then a second failure, then delivered.
    await h.worker.tick();
    assert.equal((await h.store.getJob('defer_e'))?.callback.attempts, 1);
    h.advance(2001);
    await h.worker.tick();
    assert.equal((await h.store.getJob('defer_e'))?.callback.attempts, 2);
    h.advance(4001);
    await h.worker.tick();
    job = await h.store.getJob('defer_e');
    assert.equal(job?.callback.state, 'delivered');
    assert.deepEqual(delivered, ['defer_e']);
  });
});
