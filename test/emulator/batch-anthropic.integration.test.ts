import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Anthropic from '@anthropic-ai/sdk';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../../src/emulator/index.js';

// The official Anthropic SDK's Message Batches methods against the emulator.
type Batch = Anthropic.Messages.Batches.MessageBatch;
type Result = Anthropic.Messages.Batches.MessageBatchIndividualResponse;

const request = (id: string, content: string, model = 'claude-sonnet-4-5') => ({
  custom_id: id,
  params: { model, max_tokens: 12, messages: [{ role: 'user' as const, content }] },
});

function client(emu: RunningEmulator): Anthropic {
  return new Anthropic({ baseURL: emu.url.replace(/\/v1$/, ''), apiKey: 'test', maxRetries: 0 });
}

async function ended(c: Anthropic, id: string, seen?: Set<string>): Promise<Batch> {
  for (let i = 0; i < 3000; i++) {
    const b = await c.messages.batches.retrieve(id);
    seen?.add(b.processing_status);
    if (b.processing_status === 'ended') return b;
    await sleep(10);
  }
  throw new Error(`batch ${id} never ended`);
}

async function results(c: Anthropic, id: string): Promise<Result[]> {
  const out: Result[] = [];
  for await (const r of await c.messages.batches.results(id)) out.push(r);
  return out;
}

async function withEmulator(options: EmulatorOptions, fn: (c: Anthropic) => Promise<void>): Promise<void> {
  const emu = await startEmulator({ port: 0, seed: 4, ...options });
  try {
    await fn(client(emu));
  } finally {
    await emu.close();
  }
}

describe('emulated Anthropic Message Batches through the Anthropic SDK', () => {
  let emu: RunningEmulator;
  let c: Anthropic;
  before(async () => {
    emu = await startEmulator({ port: 0, seed: 4, batchTimeScale: 1e-5 });
    c = client(emu);
  });
  after(() => emu.close());

  it('create → retrieve → results: succeeded and errored (unknown model) requests', async () => {
    const created = await c.messages.batches.create({
      requests: [
        request('a', 'Name a river.'),
        request('b', 'Name a hill.'),
        request('c', 'x', 'no-such-model'),
      ],
    });
    assert.match(created.id, /^msgbatch_/);
    assert.equal(created.type, 'message_batch');
    assert.equal(created.processing_status, 'in_progress');
    assert.deepEqual(created.request_counts, {
      processing: 3,
      succeeded: 0,
      errored: 0,
      canceled: 0,
      expired: 0,
    });
    assert.equal(created.results_url, null);
    const done = await ended(c, created.id);
    assert.deepEqual(done.request_counts, {
      processing: 0,
      succeeded: 2,
      errored: 1,
      canceled: 0,
      expired: 0,
    });
    assert.ok(done.ended_at && done.results_url);
    const out = await results(c, created.id);
    assert.deepEqual(
      out.map((r) => [r.custom_id, r.result.type]),
      [
        ['a', 'succeeded'],
        ['b', 'succeeded'],
        ['c', 'errored'],
      ],
    );
    const first = out[0]?.result;
    assert.ok(first?.type === 'succeeded');
    if (first?.type === 'succeeded') {
      assert.equal(first.message.type, 'message');
      assert.ok(first.message.usage.output_tokens > 0);
    }
    const bad = out[2]?.result;
    if (bad?.type === 'errored') assert.equal(bad.error.error.type, 'not_found_error');
  });

  it('answers a request as /v1/messages answers it live', async () => {
    const r = request('x', 'Tell me about lakes.');
    const live = await c.messages.create(r.params);
    const b = await c.messages.batches.create({ requests: [r] });
    await ended(c, b.id);
    const [res] = await results(c, b.id);
    assert.ok(res?.result.type === 'succeeded');
    if (res?.result.type === 'succeeded') {
      assert.deepEqual(res.result.message.content, live.content);
      assert.equal(res.result.message.usage.output_tokens, live.usage.output_tokens);
    }
  });

  it('rejects bad requests at creation with 400 naming the request', async () => {
    const bad = (requests: unknown[]) =>
      c.messages.batches.create({ requests } as Anthropic.Messages.Batches.BatchCreateParams);
    await assert.rejects(bad([]), (e: InstanceType<typeof Anthropic.APIError>) => e.status === 400);
    await assert.rejects(bad([request('has space', 'x')]), /custom_id/);
    await assert.rejects(bad([request('a', 'x'), request('a', 'y')]), /Duplicate custom_id/);
    await assert.rejects(
      bad([
        {
          custom_id: 'a',
          params: { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'x' }] },
        },
      ]),
      /requests\.0\.params\.max_tokens/,
    );
    await assert.rejects(
      c.messages.batches.retrieve('msgbatch_missing'),
      (e: InstanceType<typeof Anthropic.APIError>) => e.status === 404,
    );
  });

  it('lists newest first with after_id paging; deletes ended batches only', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await c.messages.batches.create({ requests: [request('a', `p${i}`)] })).id);
    const page = await c.messages.batches.list({ limit: 2 });
    assert.deepEqual(
      page.data.map((b) => b.id),
      [ids[2], ids[1]],
    );
    assert.equal(page.has_more, true);
    const all: string[] = [];
    for await (const b of c.messages.batches.list({ limit: 2 })) all.push(b.id);
    assert.ok(ids.every((id) => all.includes(id)));
    await ended(c, ids[0] as string);
    const del = await c.messages.batches.delete(ids[0] as string);
    assert.deepEqual(del, { id: ids[0], type: 'message_batch_deleted' });
    await assert.rejects(
      c.messages.batches.retrieve(ids[0] as string),
      (e: InstanceType<typeof Anthropic.APIError>) => e.status === 404,
    );
  });
});

describe('emulated Anthropic Message Batches: cancel, expiry, faults', () => {
  it('cancel: canceling → ended, unfinished requests canceled', async () => {
    await withEmulator({ batchTimeScale: 0.01 }, async (c) => {
      const b = await c.messages.batches.create({ requests: [request('a', 'x'), request('b', 'y')] });
      const cancelling = await c.messages.batches.cancel(b.id);
      assert.equal(cancelling.processing_status, 'canceling');
      assert.ok(cancelling.cancel_initiated_at);
      const done = await ended(c, b.id);
      assert.deepEqual(done.request_counts, {
        processing: 0,
        succeeded: 0,
        errored: 0,
        canceled: 2,
        expired: 0,
      });
      assert.deepEqual(
        (await results(c, b.id)).map((r) => r.result.type),
        ['canceled', 'canceled'],
      );
    });
  });

  it('expiry: half the requests answered, the rest expired', async () => {
    await withEmulator({ batchTimeScale: 1e-5, faults: { batchExpireRate: 1 } }, async (c) => {
      const b = await c.messages.batches.create({
        requests: ['a', 'b', 'c', 'd'].map((id) => request(id, id)),
      });
      const done = await ended(c, b.id);
      assert.deepEqual(done.request_counts, {
        processing: 0,
        succeeded: 2,
        errored: 0,
        canceled: 0,
        expired: 2,
      });
      assert.deepEqual(
        (await results(c, b.id)).map((r) => r.result.type),
        ['succeeded', 'succeeded', 'expired', 'expired'],
      );
    });
  });

  it('a failed batch errors every request; line faults error some', async () => {
    await withEmulator({ batchTimeScale: 1e-5, faults: { batchFailRate: 1 } }, async (c) => {
      const b = await c.messages.batches.create({ requests: [request('a', 'x'), request('b', 'y')] });
      await ended(c, b.id);
      const out = await results(c, b.id);
      assert.deepEqual(
        out.map((r) => r.result.type),
        ['errored', 'errored'],
      );
      const e = out[0]?.result;
      if (e?.type === 'errored') assert.equal(e.error.error.type, 'api_error');
    });
    await withEmulator(
      { batchTimeScale: 1e-5, faults: { batchLineErrorRate: 0.5, errorStatus: [529] } },
      async (c) => {
        const b = await c.messages.batches.create({
          requests: Array.from({ length: 30 }, (_, i) => request(`r${i}`, `prompt ${i}`)),
        });
        const done = await ended(c, b.id);
        assert.ok(done.request_counts.errored > 0 && done.request_counts.errored < 30);
        const errored = (await results(c, b.id)).filter((r) => r.result.type === 'errored');
        assert.equal(errored.length, done.request_counts.errored);
        const e = errored[0]?.result;
        if (e?.type === 'errored') assert.equal(e.error.error.type, 'overloaded_error');
      },
    );
  });
});
