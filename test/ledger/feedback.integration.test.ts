// The ledger_feedback table in both adapters (same shape): insert, the join to records' route JSON, range
// by feedback time, and the upgrade of a version-1 ledger. Postgres runs in a unique schema, dropped after.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openStore } from '../../src/ledger/index.js';
import type { LedgerStore } from '../../src/ledger/store.js';
import { makeRecord } from './fixtures.js';

const BASE = process.env.MARGIN_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `margin_fb_${process.pid}_${randomBytes(4).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'margin-fb-store-'));

let pgUp = true;
before(async () => {
  const c = new pg.Client({ connectionString: BASE });
  try {
    await c.connect();
  } catch {
    pgUp = false;
  } finally {
    await c.end().catch(() => {});
  }
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (!pgUp) return;
  const c = new pg.Client({ connectionString: BASE });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await c.end();
});

async function exercise(store: LedgerStore): Promise<void> {
  const route = JSON.stringify({ policy: 'learned', cluster: 2, reference: 'cheap', route: 'auto' });
  await store.insertBatch([makeRecord(1, { route }), makeRecord(2, { route: null, status: 500 })]);
  const fb = { comment: null, keyId: 'key-a', tenant: 'acme' };
  await store.insertFeedback({ ...fb, requestId: 'req-1', ts: 1000, score: 0.5, comment: 'meh' });
  await store.insertFeedback({ ...fb, requestId: 'req-2', ts: 2000, score: 1 });
  await store.insertFeedback({ ...fb, requestId: 'nope', ts: 3000, score: 0, keyId: null, tenant: null });
  await store.insertFeedback({ ...fb, requestId: 'late', ts: 9000, score: 0, comment: 'x'.repeat(5000) });
  const rows = await store.feedbackWithRoutes({ from: 0, to: 5000 });
  assert.deepEqual(rows, [
    {
      requestId: 'req-1',
      ts: 1000,
      score: 0.5,
      comment: 'meh',
      keyId: 'key-a',
      tenant: 'acme',
      record: { route, status: 200, servedModel: makeRecord(1).servedModel, tenant: 'acme' },
    },
    {
      requestId: 'req-2',
      ts: 2000,
      score: 1,
      comment: null,
      keyId: 'key-a',
      tenant: 'acme',
      record: { route: null, status: 500, servedModel: makeRecord(2).servedModel, tenant: 'acme' },
    },
    { requestId: 'nope', ts: 3000, score: 0, comment: null, keyId: null, tenant: null, record: null },
  ]);
  const late = await store.feedbackWithRoutes({ from: 5000, to: 10_000 });
  assert.equal(late.length, 1);
  assert.equal(late[0]?.comment?.length, 2000, 'comments are capped');
}

describe('ledger feedback store', () => {
  it('SQLite: stores feedback and joins it to route JSON', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      await exercise(store);
    } finally {
      await store.close();
    }
  });

  it('SQLite: a version-1 ledger gains the feedback table on open', async () => {
    const path = join(dir, 'v1.db');
    await (await openStore(`sqlite:${path}`)).close();
    const db = new Database(path);
    db.exec("DROP TABLE ledger_feedback; UPDATE margin_meta SET value = '1' WHERE key = 'schema_version'");
    db.close();
    const store = await openStore(`sqlite:${path}`);
    try {
      await exercise(store);
    } finally {
      await store.close();
    }
  });

  it('Postgres: same shape, same answers', async (t) => {
    if (!pgUp) return t.skip('no Postgres at 127.0.0.1:5432');
    const store = await openStore(`${BASE}?schema=${schema}`);
    try {
      await exercise(store);
    } finally {
      await store.close();
    }
  });
});
