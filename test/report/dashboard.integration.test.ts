import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../src/ledger/index.js';
import type { LedgerStore } from '../../src/ledger/store.js';
import { ledgerDashboard } from '../../src/report/dashboard-handler.js';
import { makeRecord } from '../ledger/fixtures.js';

let store: LedgerStore;
let base = '';
const server = createServer((req, res) => {
  void ledgerDashboard(store)(req, res).then((served) => {
    if (!served) {
      res.writeHead(404);
      res.end();
    }
  });
});

before(async () => {
  store = await openStore('sqlite::memory:');
  const now = Date.now();
  await store.insertBatch([
    makeRecord(1, { ts: now - 60_000 }),
    makeRecord(2, { ts: now - 120_000, status: 500 }),
  ]);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise((r) => server.close(r));
  await store.close();
});

describe('dashboard handler', () => {
  it('serves the page and the JSON API', async () => {
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await page.text(), /Spend by model/);
    const s = (await (await fetch(`${base}/api/summary?since=1h`)).json()) as {
      totals: { requests: number; errors: number };
    };
    assert.deepEqual([s.totals.requests, s.totals.errors], [2, 1]);
    const rec = (await (await fetch(`${base}/api/recent?limit=1`)).json()) as {
      records: Array<{ id: string }>;
    };
    assert.deepEqual(
      rec.records.map((r) => r.id),
      ['req-1'],
    );
  });

  it('answers bad parameters with a 400 in the OpenAI error shape and leaves unknown paths alone', async () => {
    const bad = await fetch(`${base}/api/report?by=colour`);
    assert.equal(bad.status, 400);
    const body = (await bad.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'bad_argument');
    assert.match(body.error.message, /by must be one of/);
    assert.equal((await fetch(`${base}/api/nothing`)).status, 404);
    assert.equal((await fetch(`${base}/elsewhere`)).status, 404);
  });
});
