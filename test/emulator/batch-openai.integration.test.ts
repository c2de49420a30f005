import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI, { toFile } from 'openai';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../../src/emulator/index.js';

// The official openai SDK's Files and Batches methods against the emulator's Batch API.
const TERMINAL = new Set(['completed', 'failed', 'expired', 'cancelled']);

function jsonl(rows: unknown[]): string {
  return rows.map((r) => `${typeof r === 'string' ? r : JSON.stringify(r)}\n`).join('');
}

const line = (id: string, content: string, extra: Record<string, unknown> = {}) => ({
  custom_id: id,
  method: 'POST',
  url: '/v1/chat/completions',
  body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content }], max_tokens: 12, ...extra },
});

async function until(client: OpenAI, id: string, seen?: Set<string>): Promise<OpenAI.Batch> {
  for (let i = 0; i < 3000; i++) {
    const b = await client.batches.retrieve(id);
    seen?.add(b.status);
    if (TERMINAL.has(b.status)) return b;
    await sleep(10);
  }
  throw new Error(`batch ${id} never ended`);
}

interface Body {
  object?: string;
  usage: { completion_tokens: number; prompt_tokens: number };
  choices: Array<{ message: { content: string } }>;
  error?: { message: string };
}
interface Row {
  id: string;
  custom_id: string;
  response: { status_code: number; request_id: string; body: Body } | null;
  error: { code: string; message: string } | null;
}

async function readLines(client: OpenAI, fileId: string | null | undefined): Promise<Row[]> {
  if (!fileId) return [];
  const text = await (await client.files.content(fileId)).text();
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row);
}

async function withEmulator(options: EmulatorOptions, fn: (c: OpenAI) => Promise<void>): Promise<void> {
  const emu = await startEmulator({ port: 0, seed: 3, ...options });
  try {
    await fn(new OpenAI({ baseURL: emu.url, apiKey: 'test', maxRetries: 0 }));
  } finally {
    await emu.close();
  }
}

async function upload(client: OpenAI, rows: unknown[], name = 'input.jsonl') {
  return client.files.create({ file: await toFile(Buffer.from(jsonl(rows)), name), purpose: 'batch' });
}

describe('emulated OpenAI Batch API through the openai SDK', () => {
  let emu: RunningEmulator;
  let client: OpenAI;
  before(async () => {
    emu = await startEmulator({ port: 0, seed: 3, batchTimeScale: 1e-5 });
    client = new OpenAI({ baseURL: emu.url, apiKey: 'test', maxRetries: 0 });
  });
  after(() => emu.close());

  it('uploads, runs and answers every line; a bad line body fails that line alone', async () => {
    const file = await upload(client, [
      line('a', 'Name a river.'),
      line('b', 'Name a mountain.'),
      { custom_id: 'c', method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4o-mini' } },
    ]);
    assert.equal(file.purpose, 'batch');
    assert.equal(file.object, 'file');
    assert.equal((await client.files.retrieve(file.id)).bytes, file.bytes);
    const created = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
      metadata: { job: 'nightly' },
    });
    assert.equal(created.status, 'validating');
    assert.equal(created.request_counts?.total, 3);
    const seen = new Set<string>();
    const done = await until(client, created.id, seen);
    assert.equal(done.status, 'completed');
    assert.deepEqual(done.request_counts, { total: 3, completed: 2, failed: 1 });
    assert.deepEqual(done.metadata, { job: 'nightly' });
    assert.ok(done.completed_at && done.finalizing_at && done.in_progress_at);
    const out = await readLines(client, done.output_file_id);
    assert.deepEqual(out.map((l) => l.custom_id).sort(), ['a', 'b']);
    for (const l of out) {
      assert.equal(l.response?.status_code, 200);
      assert.equal(l.error, null);
      assert.match(l.id, /^batch_req_/);
      assert.equal(l.response?.body.object, 'chat.completion');
      assert.ok((l.response?.body.usage.completion_tokens ?? 0) > 0);
    }
    const sum = out.reduce((a, l) => a + (l.response?.body.usage.prompt_tokens ?? 0), 0);
    assert.equal(done.usage?.input_tokens, sum);
    const errs = await readLines(client, done.error_file_id);
    assert.equal(errs.length, 1);
    assert.equal(errs[0]?.custom_id, 'c');
    assert.equal(errs[0]?.response?.status_code, 400);
    assert.match(errs[0]?.response?.body.error?.message ?? '', /messages/);
    const outFile = await client.files.retrieve(done.output_file_id as string);
    assert.equal(outFile.purpose, 'batch_output');
  });

  it('the same line gets the same answer as a live request', async () => {
    const l = line('x', 'Say something about lakes.');
    const live = await client.chat.completions.create(
      l.body as OpenAI.ChatCompletionCreateParamsNonStreaming,
    );
    const file = await upload(client, [l]);
    const b = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    const out = await readLines(client, (await until(client, b.id)).output_file_id);
    assert.equal(out[0]?.response?.body.choices[0]?.message.content, live.choices[0]?.message.content);
    assert.equal(out[0]?.response?.body.usage.completion_tokens, live.usage?.completion_tokens);
  });

  it('an invalid input file fails the batch with OpenAI-style errors naming the lines', async () => {
    const file = await upload(client, [
      line('a', 'ok'),
      '{"custom_id": "b", "method": "POST"',
      line('a', 'duplicate'),
      { ...line('d', 'other model'), body: { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] } },
    ]);
    const b = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    const done = await until(client, b.id);
    assert.equal(done.status, 'failed');
    assert.ok(done.failed_at);
    const codes = done.errors?.data?.map((e) => [e.code, e.line]);
    assert.deepEqual(codes, [
      ['invalid_json_line', 2],
      ['duplicate_custom_id', 3],
      ['mismatched_model', 4],
    ]);
    assert.equal(done.output_file_id ?? null, null);
  });

  it('rejects bad uploads and bad batch parameters as OpenAI does', async () => {
    await assert.rejects(
      client.files.create({ file: await toFile(Buffer.from('{}\n'), 'input.txt'), purpose: 'batch' }),
      (e: InstanceType<typeof OpenAI.APIError>) => e.status === 400 && /\.jsonl/.test(e.message),
    );
    await assert.rejects(
      client.files.create({ file: await toFile(Buffer.from('{}\n'), 'a.jsonl'), purpose: 'nope' as 'batch' }),
      (e: InstanceType<typeof OpenAI.APIError>) => e.status === 400 && e.param === 'purpose',
    );
    const file = await upload(client, [line('a', 'x')]);
    await assert.rejects(
      client.batches.create({
        input_file_id: file.id,
        endpoint: '/v1/chat/completions',
        completion_window: '1h' as '24h',
      }),
      (e: InstanceType<typeof OpenAI.APIError>) => e.status === 400 && e.param === 'completion_window',
    );
    await assert.rejects(
      client.batches.create({
        input_file_id: 'file-missing',
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
      }),
      (e: InstanceType<typeof OpenAI.APIError>) => e.status === 404,
    );
    await assert.rejects(
      client.batches.retrieve('batch_missing'),
      (e: InstanceType<typeof OpenAI.APIError>) => e.status === 404,
    );
  });

  it('lists batches newest first with cursor paging', async () => {
    const file = await upload(client, [line('a', 'x')]);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const b = await client.batches.create({
        input_file_id: file.id,
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
      });
      ids.push(b.id);
    }
    const first = await client.batches.list({ limit: 2 });
    assert.deepEqual(
      first.data.map((b) => b.id),
      [ids[2], ids[1]],
    );
    assert.equal(first.has_more, true);
    const all: string[] = [];
    for await (const b of client.batches.list({ limit: 2 })) all.push(b.id);
    assert.ok(ids.every((id) => all.includes(id)));
    assert.equal(new Set(all).size, all.length);
  });
});

describe('emulated OpenAI Batch API: faults, cancel, expiry, limits', () => {
  it('cancel: cancelling → cancelled, unfinished lines reported as cancelled in the error file', async () => {
    await withEmulator({ batchTimeScale: 0.01 }, async (client) => {
      const file = await upload(client, [line('a', 'x'), line('b', 'y')]);
      const b = await client.batches.create({
        input_file_id: file.id,
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
      });
      const c = await client.batches.cancel(b.id);
      assert.equal(c.status, 'cancelling');
      assert.ok(c.cancelling_at);
      const done = await until(client, b.id);
      assert.equal(done.status, 'cancelled');
      const errs = await readLines(client, done.error_file_id);
      assert.deepEqual(
        errs.map((e) => [e.custom_id, e.error?.code]),
        [
          ['a', 'batch_cancelled'],
          ['b', 'batch_cancelled'],
        ],
      );
      await assert.rejects(
        client.batches.cancel(b.id),
        (e: InstanceType<typeof OpenAI.APIError>) => e.status === 409,
      );
    });
  });

  it('expiry: a batch past its window is expired; finished lines are in the output file', async () => {
    await withEmulator({ batchTimeScale: 1e-5, faults: { batchExpireRate: 1 } }, async (client) => {
      const rows = ['a', 'b', 'c', 'd'].map((id) => line(id, `prompt ${id}`));
      const b = await client.batches.create({
        input_file_id: (await upload(client, rows)).id,
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
      });
      const done = await until(client, b.id);
      assert.equal(done.status, 'expired');
      assert.ok(done.expired_at);
      assert.deepEqual(done.request_counts, { total: 4, completed: 2, failed: 2 });
      assert.deepEqual(
        (await readLines(client, done.output_file_id)).map((l) => l.custom_id),
        ['a', 'b'],
      );
      const errs = await readLines(client, done.error_file_id);
      assert.deepEqual(
        errs.map((e) => [e.custom_id, e.response, e.error?.code]),
        [
          ['c', null, 'batch_expired'],
          ['d', null, 'batch_expired'],
        ],
      );
    });
  });

  it('injected faults: a whole batch fails; a share of lines fail with error statuses', async () => {
    await withEmulator({ batchTimeScale: 1e-5, faults: { batchFailRate: 1 } }, async (client) => {
      const b = await client.batches.create({
        input_file_id: (await upload(client, [line('a', 'x')])).id,
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
      });
      const done = await until(client, b.id);
      assert.equal(done.status, 'failed');
      assert.equal(done.errors?.data?.[0]?.code, 'batch_failed');
    });
    await withEmulator(
      { batchTimeScale: 1e-5, faults: { batchLineErrorRate: 0.5, errorStatus: [500] } },
      async (client) => {
        const rows = Array.from({ length: 40 }, (_, i) => line(`r${i}`, `prompt ${i}`));
        const b = await client.batches.create({
          input_file_id: (await upload(client, rows)).id,
          endpoint: '/v1/chat/completions',
          completion_window: '24h',
        });
        const done = await until(client, b.id);
        assert.equal(done.status, 'completed');
        const failed = done.request_counts?.failed ?? 0;
        assert.ok(failed > 5 && failed < 35, `failed ${failed} of 40`);
        const errs = await readLines(client, done.error_file_id);
        assert.equal(errs.length, failed);
        assert.ok(errs.every((e) => e.response?.status_code === 500 && e.response.body.error));
      },
    );
  });

  it('an upload over the size limit gets 413', async () => {
    await withEmulator({ batchMaxFileBytes: 1024 }, async (client) => {
      const rows = Array.from({ length: 40 }, (_, i) => line(`r${i}`, 'x'.repeat(50)));
      await assert.rejects(
        upload(client, rows),
        (e: InstanceType<typeof OpenAI.APIError>) => e.status === 413,
      );
    });
  });
});
