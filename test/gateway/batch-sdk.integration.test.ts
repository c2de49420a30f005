// The OpenAI Batch API and Anthropic Message Batches through a real `margin serve` in zero-config mode (the
// built-in emulator as the upstream), driven by the official SDKs' batch helpers; bad input lines fail alone.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI, { toFile } from 'openai';
import { openStore } from '../../src/ledger/index.js';
import { type ServeProcess, startServe } from './helpers/serve-process.js';

const dir = mkdtempSync(join(tmpdir(), 'margin-batch-sdk-'));
let serve: ServeProcess;
let openai: OpenAI;
let anthropic: Anthropic;

before(async () => {
  // No models: zero-config, the emulator is the upstream.
  serve = await startServe(
    dir,
    'deferral:\n  tickMs: 100\n  maxFileBytes: 20000\nledger:\n  flushIntervalMs: 50\n',
  );
  openai = new OpenAI({ baseURL: `${serve.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: serve.url, apiKey: 'unused', maxRetries: 0 });
});

after(async () => {
  await serve?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const chatLine = (id: string, model: string) =>
  JSON.stringify({
    custom_id: id,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model, messages: [{ role: 'user', content: `Say hi to ${id}` }], max_tokens: 8 },
  });

async function waitFor<T>(get: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = await get();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out waiting');
}

describe('OpenAI Batch API through margin serve', () => {
  it('files.create → batches.create → retrieve → output and error files', async () => {
    const jsonl = [
      chatLine('a', 'gpt-4o-mini'),
      chatLine('b', 'claude-sonnet-4-5'),
      '{not json',
      chatLine('c', 'no-such-model-xyz').replace('no-such-model-xyz', ''),
      JSON.stringify({ custom_id: 'd', method: 'POST', url: '/v1/embeddings', body: { model: 'x' } }),
      chatLine('a', 'gpt-4o-mini'),
    ].join('\n');
    const file = await openai.files.create({
      file: await toFile(Buffer.from(jsonl), 'in.jsonl'),
      purpose: 'batch',
    });
    assert.equal(file.object, 'file');
    assert.equal(file.purpose, 'batch');
    assert.equal((await openai.files.retrieve(file.id)).bytes, Buffer.byteLength(jsonl));
    assert.equal(await (await openai.files.content(file.id)).text(), jsonl);

    const batch = await openai.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
      metadata: { job: 'nightly' },
    });
    assert.equal(batch.object, 'batch');
    assert.deepEqual(batch.metadata, { job: 'nightly' });
    const done = await waitFor(
      () => openai.batches.retrieve(batch.id),
      (b) => b.status === 'completed',
    );
    assert.deepEqual(done.request_counts, { total: 6, completed: 2, failed: 4 });
    assert.ok(done.output_file_id && done.error_file_id);
    const out = (await (await openai.files.content(done.output_file_id)).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(out.map((l) => l.custom_id).sort(), ['a', 'b']);
    for (const l of out) {
      assert.equal(l.response.status_code, 200);
      assert.equal(l.response.body.object, 'chat.completion');
      assert.equal(l.error, null);
      assert.match(l.id, /^batch_req_/);
    }
    const errs = (await (await openai.files.content(done.error_file_id)).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // Unreadable lines never ran (response null, error set); the line without a model ran and got a 400.
    const byId = new Map(errs.map((e) => [e.custom_id, e]));
    assert.equal(byId.get('line-3')?.error.code, 'invalid_json');
    assert.equal(byId.get('d')?.error.code, 'invalid_url');
    assert.equal(byId.get('a')?.error.code, 'duplicate_custom_id');
    assert.equal(byId.get('c')?.response.status_code, 400);
    assert.equal(byId.get('c')?.error, null);

    // One ledger record per line that ran, with the batch's job id.
    const store = await openStore(`sqlite:${join(dir, 'margin.db')}`, false);
    try {
      const rows = await waitFor(
        async () =>
          (await store.records({ limit: 1000 })).filter((r) => (r as { jobId?: string }).jobId === batch.id),
        (r) => r.length >= 3,
      );
      assert.equal(rows.length, 3);
    } finally {
      await store.close();
    }
  });

  it('list pages with after/limit; cancel; bad input answers', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const f = await openai.files.create({
        file: await toFile(Buffer.from(chatLine(`l${i}`, 'gpt-4o-mini')), 'l.jsonl'),
        purpose: 'batch',
      });
      const b = await openai.batches.create({
        input_file_id: f.id,
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
      });
      ids.push(b.id);
    }
    const first = await openai.batches.list({ limit: 2 });
    assert.equal(first.data.length, 2);
    assert.equal(first.data[0]?.id, ids[2]);
    assert.ok(first.hasNextPage());
    const seen: string[] = [];
    for await (const b of openai.batches.list({ limit: 2 })) seen.push(b.id);
    for (const id of ids) assert.ok(seen.includes(id));

    const cancelled = await openai.batches.cancel(ids[0] as string);
    assert.ok(['cancelling', 'cancelled', 'completed'].includes(cancelled.status));

    await assert.rejects(
      openai.batches.create({
        input_file_id: 'file-nope',
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
      }),
      (e: InstanceType<typeof OpenAI.APIError>) => e.status === 404,
    );
    const f = await openai.files.create({
      file: await toFile(Buffer.from(chatLine('z', 'gpt-4o-mini')), 'z.jsonl'),
      purpose: 'batch',
    });
    await assert.rejects(
      openai.batches.create({
        input_file_id: f.id,
        endpoint: '/v1/chat/completions',
        completion_window: '0h' as '24h',
      }),
      (e: InstanceType<typeof OpenAI.APIError>) =>
        e.status === 400 && (e.error as { param?: string }).param === 'completion_window',
    );
    await assert.rejects(
      openai.files.create({ file: await toFile(Buffer.alloc(30000, 97), 'big.jsonl'), purpose: 'batch' }),
      (e: InstanceType<typeof OpenAI.APIError>) => e.status === 413,
    );
  });
});

describe('Anthropic Message Batches through margin serve', () => {
  it('create → retrieve → list → results; a bad request errors alone', async () => {
    const batch = await anthropic.messages.batches.create({
      requests: [
        {
          custom_id: 'one',
          params: { model: 'claude-sonnet-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'Hi' }] },
        },
        {
          custom_id: 'two',
          params: { model: 'gpt-4o-mini', max_tokens: 8, messages: [{ role: 'user', content: 'Hello' }] },
        },
        { custom_id: 'bad', params: { model: 'claude-sonnet-4-5' } as never },
      ],
    });
    assert.equal(batch.type, 'message_batch');
    assert.equal(batch.request_counts.processing + batch.request_counts.errored, 3);
    const ended = await waitFor(
      () => anthropic.messages.batches.retrieve(batch.id),
      (b) => b.processing_status === 'ended',
    );
    assert.equal(ended.request_counts.succeeded, 2);
    assert.equal(ended.request_counts.errored, 1);
    assert.ok(ended.results_url);
    const results: Array<{ custom_id: string; result: { type: string } }> = [];
    for await (const r of await anthropic.messages.batches.results(batch.id)) results.push(r);
    const byId = new Map(results.map((r) => [r.custom_id, r.result]));
    assert.equal(byId.get('one')?.type, 'succeeded');
    assert.equal((byId.get('one') as unknown as { message: { type: string } }).message.type, 'message');
    assert.equal(byId.get('two')?.type, 'succeeded');
    assert.equal(byId.get('bad')?.type, 'errored');

    const page = await anthropic.messages.batches.list({ limit: 10 });
    assert.ok(page.data.some((b) => b.id === batch.id));
    const c = await anthropic.messages.batches.cancel(batch.id);
    assert.equal(c.processing_status, 'ended');
    await assert.rejects(
      anthropic.messages.batches.retrieve('msgbatch_nope'),
      (e: { status?: number }) => e.status === 404,
    );
  });
});
