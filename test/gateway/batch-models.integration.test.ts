// Batch lines against a gateway with an explicit model list: an unknown model fails its line with
// model_not_found (in the error file), the other lines run; the ledger records each line with its deferral
// facts (mode, the job id, the immediate counterfactual).
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
  emu = await startEmulator({ port: 0, fast: true, seed: 3 });
  t = await testGateway(emu.url, {
    models: [{ name: 'gpt-4o-mini', provider: 'openai-compatible', baseUrl: emu.url }],
    deferral: { tickMs: 50 },
  });
  client = new OpenAI({ baseURL: t.base, apiKey: 'unused', maxRetries: 0 });
});

after(async () => {
  await t.gw.close();
  await emu.close();
});

const line = (id: string, model: string) =>
  JSON.stringify({
    custom_id: id,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model, messages: [{ role: 'user', content: `Hi ${id}` }], max_tokens: 8 },
  });

describe('batch lines with an explicit model list', () => {
  it('an unknown model fails its line with model_not_found; each line that ran has one ledger record', async () => {
    const file = await client.files.create({
      file: await toFile(
        Buffer.from(`${line('x', 'no-such-model')}\n${line('y', 'gpt-4o-mini')}\n`),
        'm.jsonl',
      ),
      purpose: 'batch',
    });
    const batch = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    let done = batch;
    for (let i = 0; i < 300 && done.status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      done = await client.batches.retrieve(batch.id);
    }
    assert.equal(done.status, 'completed');
    assert.deepEqual(done.request_counts, { total: 2, completed: 1, failed: 1 });
    const e = JSON.parse((await (await client.files.content(done.error_file_id as string)).text()).trim());
    assert.equal(e.custom_id, 'x');
    assert.equal(e.response.status_code, 404);
    assert.equal(e.response.body.error.code, 'model_not_found');
    const o = JSON.parse((await (await client.files.content(done.output_file_id as string)).text()).trim());
    assert.equal(o.custom_id, 'y');

    const mine = () => t.ledger.records.filter((r: LedgerRecord) => r.jobId === batch.id);
    await until(() => mine().length === 2, 'two ledger records');
    const rows = mine();
    const ok = rows.find((r) => r.status === 200);
    assert.ok(ok);
    assert.equal(ok.id, o.response.request_id);
    assert.equal(ok.deferralMode, 'now');
    assert.ok((ok.immediateUsd ?? -1) >= 0);
    assert.equal(ok.immediateUsd, ok.costUsd.total);
  });
});
