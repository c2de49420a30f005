import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { AdminScope } from '../../src/gateway/hooks.js';
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
    const html = await page.text();
    assert.match(html, /Spend by model/);
    assert.match(html, /var uPlot=/, 'uPlot inlined');
    assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+stylesheet|https?:\/\/(?!github\.com\/leeoniya)/);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'.*connect-src 'self'/);
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

  it('serves series in automatic buckets and savings per lever', async () => {
    const ts = (await (await fetch(`${base}/api/timeseries?since=7d&bucket=auto`)).json()) as {
      bucket: string;
      points: Array<{ ts: number; requests: number }>;
    };
    assert.equal(ts.bucket, '1h');
    assert.ok(ts.points.length >= 168 && ts.points.length <= 169, `${ts.points.length} points`);
    assert.equal(
      ts.points.reduce((a, p) => a + p.requests, 0),
      2,
    );
    const month = (await (await fetch(`${base}/api/timeseries?since=30d`)).json()) as { bucket: string };
    assert.equal(month.bucket, '6h');
    const sv = (await (await fetch(`${base}/api/savings?since=1h`)).json()) as {
      requests: number;
      levers: Array<{ lever: string }>;
      baseline: string;
    };
    assert.equal(sv.requests, 2);
    assert.deepEqual(
      sv.levers.map((l) => l.lever),
      ['exact cache', 'semantic cache', 'prompt caching', 'routing', 'batch'],
    );
    assert.equal(sv.baseline, 'requested model');
    assert.equal((await fetch(`${base}/api/timeseries?bucket=5m`)).status, 400);
  });

  it('scopes /api/savings to a tenant caller, never handing out an answer reused for another scope', async () => {
    const handler = ledgerDashboard(store);
    const ask = async (scope: AdminScope) => {
      const tenantServer = createServer((req, res) => void handler(req, res, scope));
      await new Promise<void>((r) => tenantServer.listen(0, '127.0.0.1', r));
      const port = (tenantServer.address() as AddressInfo).port;
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/savings?since=1h`);
        return ((await r.json()) as { requests: number }).requests;
      } finally {
        await new Promise((r) => tenantServer.close(r));
      }
    };
    assert.equal(await ask({ kind: 'all' }), 2);
    assert.equal(await ask({ kind: 'tenant', tenant: 'globex' }), 0);
    assert.equal(await ask({ kind: 'tenant', tenant: 'acme' }), 2);
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
