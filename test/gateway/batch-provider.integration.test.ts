// A batch the scheduler sends as a provider batch: the gateway submits it through the provider's batch API
// (the emulator's OpenAI Files + Batches, time-scaled), polls it, splits the results back into the batch's
// output file, and records each line at the batch tier with what running it at once would have cost.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import type { LedgerRecord } from '../../src/ledger/record.js';
import { type TestGateway, testGateway } from './helpers/gateway.js';
import { until } from './helpers/memory-ledger.js';

let emu: RunningEmulator;
let t: TestGateway;
let client: OpenAI;

before(async () => {
  emu = await startEmulator({ port: 0, fast: true, seed: 9, batchTimeScale: 0.00001 });
  t = await testGateway(emu.url, {
    models: [{ name: 'gpt-4o-mini', provider: 'openai', baseUrl: emu.url }],
    deferral: { tickMs: 50, providerBatchTurnaroundMs: 60_000 },
  });
  client = new OpenAI({ baseURL: t.base, apiKey: 'unused', maxRetries: 0 });
});

after(async () => {
  await t.gw.close();
  await emu.close();
});

describe('provider batches', () => {
  it('runs the lines as a provider batch at the batch tier, results split back', async () => {
    const jsonl = ['p1', 'p2', 'p3']
      .map((id) =>
        JSON.stringify({
          custom_id: id,
          method: 'POST',
          url: '/v1/chat/completions',
          body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Hi ${id}` }], max_tokens: 8 },
        }),
      )
      .join('\n');
    const file = await client.files.create({
      file: await toFile(Buffer.from(jsonl), 'p.jsonl'),
      purpose: 'batch',
    });
    const batch = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    let done = batch;
    for (let i = 0; i < 600 && done.status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      done = await client.batches.retrieve(batch.id);
    }
    assert.equal(done.status, 'completed');
    const plan = (done as unknown as { margin_plan: { groups: Array<{ mode: string }> } }).margin_plan;
    assert.equal(plan.groups[0]?.mode, 'provider-batch');
    assert.deepEqual(done.request_counts, { total: 3, completed: 3, failed: 0 });
    const out = (await (await client.files.content(done.output_file_id as string)).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(out.map((l) => l.custom_id).sort(), ['p1', 'p2', 'p3']);
    for (const l of out) assert.equal(l.response.body.object, 'chat.completion');
    const mine = () => t.ledger.records.filter((r: LedgerRecord) => r.jobId === batch.id);
    await until(() => mine().length === 3, 'three ledger records');
    for (const r of mine()) {
      assert.equal(r.deferralMode, 'provider-batch');
      assert.equal(r.usage.kind, 'batch');
      assert.ok(r.costUsd.total > 0);
      // The batch tier is half the standard price here: what running it at once would have cost is twice.
      assert.ok(Math.abs((r.immediateUsd ?? 0) - 2 * r.costUsd.total) < 1e-12, JSON.stringify(r));
    }
  });
});
