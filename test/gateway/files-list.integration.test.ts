// The rest of the OpenAI Files API on the gateway, through the official SDK: files.list (newest first,
// auto-pagination over the `after` cursor, limit and order checked) and files.delete (then 404 on retrieve
// and on a second delete); a bad limit is a 400 naming it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI, { NotFoundError, toFile } from 'openai';
import { type TestGateway, testGateway } from './helpers/gateway.js';

let t: TestGateway;
let openai: OpenAI;

before(async () => {
  t = await testGateway('http://127.0.0.1:9', { deferral: { tickMs: 50 } });
  openai = new OpenAI({ baseURL: t.base, apiKey: 'unused', maxRetries: 0 });
});

after(async () => {
  await t.gw.close();
});

const line = (id: string) =>
  `${JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: id }] } })}\n`;

describe('OpenAI Files list and delete', () => {
  it('lists uploads newest first, pages with the SDK, deletes one', async () => {
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      const f = await openai.files.create({
        file: await toFile(Buffer.from(line(name)), `${name}.jsonl`),
        purpose: 'batch',
      });
      ids.push(f.id);
      await new Promise((r) => setTimeout(r, 5));
    }
    const page = await openai.files.list();
    assert.deepEqual(
      page.data.map((f) => f.id),
      [...ids].reverse(),
    );
    const paged: string[] = [];
    for await (const f of openai.files.list({ limit: 1 })) paged.push(f.id);
    assert.deepEqual(paged, [...ids].reverse(), 'auto-pagination follows the after cursor');
    const asc = await openai.files.list({ order: 'asc', limit: 2 });
    assert.deepEqual(
      asc.data.map((f) => f.id),
      ids.slice(0, 2),
    );
    assert.equal(asc.has_more, true);

    const gone = await openai.files.delete(ids[1] ?? '');
    assert.deepEqual(gone, { id: ids[1], object: 'file', deleted: true });
    assert.deepEqual(
      (await openai.files.list()).data.map((f) => f.id),
      [ids[2], ids[0]],
    );
    await assert.rejects(openai.files.retrieve(ids[1] ?? ''), NotFoundError);
    await assert.rejects(openai.files.delete(ids[1] ?? ''), NotFoundError);
  });

  it('a bad limit or order is a 400 naming it', async () => {
    for (const [q, param] of [
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['order=sideways', 'order'],
    ] as const) {
      const r = await fetch(`${t.base}/files?${q}`);
      assert.equal(r.status, 400, q);
      const body = (await r.json()) as { error: { param: string } };
      assert.equal(body.error.param, param);
    }
  });
});
