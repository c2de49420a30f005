import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openLedger, openStore } from '../../src/ledger/index.js';
import type { LedgerRecord } from '../../src/ledger/record.js';
import { makeRecord, randomRecords } from './fixtures.js';

const BASE = process.env.MARGIN_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `margin_test_${process.pid}_${randomBytes(4).toString('hex')}`;
const url = `${BASE}?schema=${schema}`;
const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 1);

let available = true;
before(async () => {
  const c = new pg.Client({ connectionString: BASE });
  try {
    await c.connect();
  } catch {
    available = false;
  } finally {
    await c.end().catch(() => {});
  }
});
after(async () => {
  if (!available) return;
  const c = new pg.Client({ connectionString: BASE });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await c.end();
});

describe('Postgres ledger', () => {
  it('round-trips records, skips duplicates and matches the SQLite adapter on every grouping', async (t) => {
    if (!available) return t.skip('no Postgres at 127.0.0.1:5432');
    const store = await openStore(url);
    const sqlite = await openStore('sqlite::memory:');
    const special = [
      makeRecord(1),
      makeRecord(2, {
        keyId: null,
        tenant: null,
        servedModel: null,
        provider: null,
        ttftMs: null,
        route: null,
      }),
      { ...makeRecord(3), extraField: { a: 1 } } as LedgerRecord,
    ];
    const records = [...special, ...randomRecords(3000, 7, START, 3 * 24 * HOUR)];
    for (let i = 0; i < records.length; i += 500) {
      await store.insertBatch(records.slice(i, i + 500));
      await sqlite.insertBatch(records.slice(i, i + 500));
    }
    assert.equal((await store.insertBatch(records.slice(0, 50))).inserted, 0);
    const back = await store.records({ from: START, to: START + 10_000, limit: 10 });
    for (const r of special)
      assert.deepEqual(
        back.find((b) => b.id === r.id),
        r,
      );

    const from = START + 1234;
    const to = START + 2 * 24 * HOUR + 5 * HOUR + 17;
    for (const by of [
      null,
      'model',
      'provider',
      'key',
      'tenant',
      'day',
      'hour',
      'endpoint',
      'cache',
    ] as const) {
      const a = await store.aggregate({ from, to, by, filter: { tenant: 'acme' } });
      const b = await sqlite.aggregate({ from, to, by, filter: { tenant: 'acme' } });
      assert.equal(a.rows.length, b.rows.length, `by ${by}`);
      for (let i = 0; i < a.rows.length; i++) {
        assert.equal(a.rows[i]!.group, b.rows[i]!.group);
        assert.equal(a.rows[i]!.requests, b.rows[i]!.requests);
        assert.ok(Math.abs(a.rows[i]!.costUsd - b.rows[i]!.costUsd) < 1e-9);
      }
    }
    const lat = await store.latencySamples({ from, to, by: 'model' });
    assert.ok(lat.size > 0);
    await store.close();
    await sqlite.close();
  });

  it('runs the batched writer end to end, with sessions recorded in the schema', async (t) => {
    if (!available) return t.skip('no Postgres at 127.0.0.1:5432');
    const ledger = await openLedger({ url, flushIntervalMs: 10, batchSize: 300 });
    await Promise.all(
      Array.from({ length: 20 }, async (_, k) => {
        for (let i = 0; i < 100; i++) {
          await null;
          ledger.append(makeRecord(100_000 + k * 1000 + i, { ts: START + 5 * 24 * HOUR + i }));
        }
      }),
    );
    await ledger.close();
    assert.equal(ledger.stats().written, 2000);
    const store = await openStore(url, false);
    assert.equal(await store.countRaw({ from: START + 5 * 24 * HOUR, to: START + 6 * 24 * HOUR }), 2000);
    assert.deepEqual(await store.crashStats(), { lostOnLastCrash: 0, lostTotal: 0, crashedSessions: 0 });
    await store.close();
  });

  it('also writes from the writer thread when asked (worker: true)', async (t) => {
    if (!available) return t.skip('no Postgres at 127.0.0.1:5432');
    const ledger = await openLedger({ url, batchSize: 250, worker: true });
    for (let i = 0; i < 600; i++) ledger.append(makeRecord(200_000 + i, { ts: START + 7 * 24 * HOUR + i }));
    await ledger.flush();
    const day = { from: START + 7 * 24 * HOUR, to: START + 8 * 24 * HOUR };
    assert.equal(await ledger.store.countRaw(day), 600);
    await ledger.close();
    assert.deepEqual(ledger.stats(), {
      appended: 600,
      written: 600,
      pending: 0,
      failedBatches: 0,
      lostOnLastCrash: 0,
      spilled: 0,
      replayedOnStart: { sessions: 0, inserted: 0, unreadable: 0 },
      dropped: 0,
    });
  });

  it('refuses to report from a schema with no ledger', async (t) => {
    if (!available) return t.skip('no Postgres at 127.0.0.1:5432');
    await assert.rejects(openStore(`${BASE}?schema=${schema}_none`, false), /holds no Margin ledger/);
  });
});
