import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore } from '../../src/ledger/index.js';
import type { LedgerStore } from '../../src/ledger/store.js';
import { ledgerApi } from '../../src/report/api.js';
import { dashboardHtml } from '../../src/report/dashboard-html.js';
import { buildReport, percentile, recent, summary, timeseries } from '../../src/report/ledger-report.js';
import { makeRecord } from '../ledger/fixtures.js';

const T0 = Date.UTC(2026, 10, 1);
const HOUR = 3_600_000;

/** Ten requests: 6 on gpt-4o (one 500), 4 on claude (two exact cache hits), latencies 100..1000 ms. */
async function sample(): Promise<LedgerStore> {
  const store = await openStore('sqlite::memory:');
  const recs = Array.from({ length: 10 }, (_, i) => {
    const claude = i >= 6;
    return makeRecord(i, {
      ts: T0 + i * HOUR + 60_000,
      requestedModel: claude ? 'claude-sonnet-4-5' : 'gpt-4o',
      servedModel: claude ? 'claude-sonnet-4-5' : 'gpt-4o',
      provider: claude ? 'anthropic' : 'openai',
      keyId: i % 2 === 0 ? 'key-even' : null,
      status: i === 3 ? 500 : 200,
      cache: claude && i >= 8 ? 'exact' : 'miss',
      savedUsd: claude && i >= 8 ? 0.5 : 0,
      costUsd: { input: 0, cachedInput: 0, cacheWrite: 0, output: 0, reasoning: 0, total: claude ? 2 : 1 },
      energyWh: 1,
      co2eG: 0.5,
      latencyMs: (i + 1) * 100,
    });
  });
  await store.insertBatch(recs);
  return store;
}

describe('ledger reports', () => {
  it('groups by model with totals, errors, savings and exact percentiles', async () => {
    const store = await sample();
    const r = await buildReport(store, { range: { from: T0, to: T0 + 24 * HOUR }, by: 'model' });
    assert.deepEqual(
      r.rows.map((x) => [x.group, x.requests, x.errors, x.costUsd, x.savedUsd, x.cacheHits]),
      [
        ['claude-sonnet-4-5', 4, 0, 8, 1, 2],
        ['gpt-4o', 6, 1, 6, 0, 0],
      ],
    );
    assert.equal(r.percentiles, 'exact');
    assert.equal(r.rows[1]!.p50LatencyMs, 300);
    assert.equal(r.rows[1]!.p95LatencyMs, 600);
    assert.equal(r.total.requests, 10);
    assert.equal(r.total.p50LatencyMs, 500);
    assert.equal(r.total.avgLatencyMs, 550);
    assert.equal(r.total.energyWh, 10);
    await store.close();
  });

  it('filters and groups by key (absent key is null), by hour and by day', async () => {
    const store = await sample();
    const range = { from: T0, to: T0 + 24 * HOUR };
    const byKey = await buildReport(store, { range, by: 'key', filter: { provider: 'openai' } });
    assert.deepEqual(
      byKey.rows.map((x) => [x.group, x.requests]).sort(),
      [
        ['key-even', 3],
        [null, 3],
      ].sort(),
    );
    const byHour = await buildReport(store, {
      range: { from: T0 + 2 * HOUR, to: T0 + 5 * HOUR },
      by: 'hour',
    });
    assert.deepEqual(
      byHour.rows.map((x) => x.group),
      ['2026-11-01T02:00Z', '2026-11-01T03:00Z', '2026-11-01T04:00Z'],
    );
    const byDay = await buildReport(store, {
      range: { from: T0 - 24 * HOUR, to: T0 + 48 * HOUR },
      by: 'day',
    });
    assert.deepEqual(
      byDay.rows.map((x) => [x.group, x.requests]),
      [['2026-11-01', 10]],
    );
    await store.close();
  });

  it('omits percentiles with a note when the range holds too many rows', async () => {
    const store = await sample();
    const r = await buildReport(store, {
      range: { from: T0, to: T0 + 24 * HOUR },
      by: null,
      maxPercentileRows: 5,
    });
    assert.equal(r.percentiles, 'omitted');
    assert.equal(r.total.p95LatencyMs, null);
    assert.ok(r.notes.some((n) => /p50\/p95 latency omitted: 10 records/.test(n)));
    await store.close();
  });

  it('serves summary, timeseries and recent for the dashboard', async () => {
    const store = await sample();
    const range = { from: T0, to: T0 + 12 * HOUR };
    const s = await summary(store, range);
    assert.equal(s.totals.requests, 10);
    assert.equal(s.totals.errorRate, 0.1);
    assert.equal(s.totals.cacheHitRate, 0.2);
    assert.deepEqual(
      s.byProvider.map((p) => p.group),
      ['anthropic', 'openai'],
    );
    const ts = await timeseries(store, range, 'hour');
    assert.equal(ts.length, 12);
    assert.deepEqual(
      ts.map((p) => p.requests),
      [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0],
    );
    const rec = await recent(store, 3);
    assert.deepEqual(
      rec.map((r) => r.id),
      ['req-9', 'req-8', 'req-7'],
    );
    await store.close();
  });

  it('answers /api/* routes and rejects bad parameters', async () => {
    const store = await sample();
    const now = T0 + 24 * HOUR;
    const q = (s: string) => new URLSearchParams(s);
    const sum = (await ledgerApi(store, '/api/summary', q('since=2d'), now)) as {
      totals: { requests: number };
    };
    assert.equal(sum.totals.requests, 10);
    const ts = (await ledgerApi(store, '/api/timeseries', q('since=1d'), now)) as {
      bucket: string;
      points: unknown[];
    };
    assert.equal(ts.bucket, '1h'); // bucket=auto: hourly for a day
    assert.equal(ts.points.length, 24);
    const rep = (await ledgerApi(store, '/api/report', q('since=1d&by=provider&model=gpt-4o'), now)) as {
      rows: Array<{ group: string }>;
    };
    assert.deepEqual(
      rep.rows.map((r) => r.group),
      ['openai'],
    );
    assert.equal(await ledgerApi(store, '/api/nope', q(''), now), null);
    await assert.rejects(ledgerApi(store, '/api/report', q('by=colour'), now), /by must be one of/);
    await assert.rejects(ledgerApi(store, '/api/timeseries', q('bucket=minute'), now), /bucket must be/);
    await assert.rejects(ledgerApi(store, '/api/recent', q('limit=0'), now), /limit must be/);
    await assert.rejects(ledgerApi(store, '/api/summary', q('since=banana'), now), /--since must be/);
    await store.close();
  });

  it('computes nearest-rank percentiles', () => {
    assert.equal(percentile([], 50), null);
    assert.equal(percentile([5], 95), 5);
    assert.equal(percentile([1, 2, 3, 4], 50), 2);
    assert.equal(percentile([1, 2, 3, 4], 95), 4);
  });
});

describe('dashboard page', () => {
  it('is self-contained: no external URLs, inlined uPlot charts fed by /api', () => {
    const html = dashboardHtml({ title: 'Acme <AI>' });
    assert.match(html, /^<!doctype html>/);
    // uPlot's licence banner names its home page, in a comment; nothing may point off the page.
    assert.doesNotMatch(html.replace('/*! https://github.com/leeoniya/uPlot', ''), /https?:\/\//);
    assert.doesNotMatch(html, /<script[^>]+src=/);
    assert.doesNotMatch(html, /<link[^>]+href="(?!data:)/); // only inline data: URIs (the favicon)
    assert.match(html, /Acme &lt;AI&gt;/);
    for (const part of ['/summary', '/timeseries', '/recent', 'id="spend"', 'id="requests"', 'CO2e']) {
      assert.ok(html.includes(part), part);
    }
    assert.match(dashboardHtml({ apiBase: '/margin/api' }), /data-api="\/margin\/api"/);
  });
});
