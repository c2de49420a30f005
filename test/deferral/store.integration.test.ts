// The job store contract on both backends (SQLite file, Postgres in its own schema): jobs and lines in one
// transaction, claims that two workers never share, leases that lapse only for unrecorded lines, results
// recorded only by the current claim, cancel, listing pages and files.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { PostgresJobStore } from '../../src/deferral/store/postgres.js';
import { SqliteJobStore } from '../../src/deferral/store/sqlite.js';
import type { JobStore, NewJob } from '../../src/deferral/store/types.js';

const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `margin_jobs_test_${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'margin-jobstore-'));
const T0 = 1_800_000_000_000;

after(async () => {
  rmSync(dir, { recursive: true, force: true });
  const c = new pg.Client({ connectionString: PG_URL });
  try {
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  } catch {
    // Postgres not reachable: its suite was skipped.
  } finally {
    await c.end().catch(() => {});
  }
});

const job = (id: string, createdAt = T0): NewJob => ({
  id,
  kind: 'openai-batch',
  keyId: 'k1',
  tenant: 'acme',
  endpoint: '/v1/chat/completions',
  objective: 'cost',
  deadline: createdAt + 86_400_000,
  createdAt,
  callbackUrl: null,
  inputFileId: null,
  metadata: { a: '1' },
});

async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

const backends: Array<[string, () => Promise<JobStore>]> = [
  ['sqlite', async () => new SqliteJobStore(join(dir, 'jobs.db'))],
  ['postgres', async () => PostgresJobStore.open(PG_URL, SCHEMA)],
];

for (const [name, open] of backends) {
  describe(`job store: ${name}`, () => {
    it('claims, leases, results and cancel', async (t) => {
      if (name === 'postgres' && !(await pgReachable())) return t.skip('no Postgres on 127.0.0.1:5432');
      const s = await open();
      const s2 = await open(); // a second worker on the same store
      try {
        const lines = Array.from({ length: 6 }, (_, i) => ({ idx: i, customId: `c${i}`, request: { n: i } }));
        await s.createJob(job(`${name}_j1`), [
          ...lines,
          {
            idx: 6,
            customId: 'bad',
            request: null,
            failed: { status: 400, body: { e: 1 }, requestId: null },
          },
        ]);
        let c = await s.counts(`${name}_j1`);
        assert.deepEqual([c.total, c.queued, c.failed], [7, 6, 1]);
        assert.equal((await s.getJob(`${name}_j1`))?.status, 'queued');
        await s.setPlan(
          `${name}_j1`,
          { groups: [] },
          lines.map((l) => ({ idx: l.idx, group: 'g', mode: 'now' as const, notBefore: T0 })),
          T0,
        );
        assert.equal((await s.getJob(`${name}_j1`))?.status, 'in_progress');
        // Two workers claiming at once never get the same line.
        const [a, b] = await Promise.all([s.claimLive(T0, 4, 'A', 1000), s2.claimLive(T0, 4, 'B', 1000)]);
        const taken = [...a, ...b].map((l) => l.idx);
        assert.equal(new Set(taken).size, taken.length);
        assert.equal(taken.length, 6);
        // A records one line; B's claim on another lapses (B died); nothing else is claimable.
        const a0 = a[0];
        assert.ok(a0);
        assert.ok(
          await s.complete(
            `${name}_j1`,
            a0.idx,
            a0.token,
            'done',
            { status: 200, body: 'x', requestId: 'r0' },
            T0,
          ),
        );
        assert.equal(
          await s.complete(
            `${name}_j1`,
            a0.idx,
            a0.token,
            'done',
            { status: 200, body: 'y', requestId: 'r1' },
            T0,
          ),
          false,
        );
        assert.equal((await s.claimLive(T0 + 500, 10, 'C', 1000)).length, 0);
        await s.renew('A', T0 + 5000);
        const again = await s.claimLive(T0 + 1500, 10, 'C', 1000);
        assert.deepEqual(
          again.map((l) => l.idx).sort(),
          b.map((l) => l.idx).sort(),
          "only the dead worker's unrecorded lines are taken again",
        );
        const stale = b[0];
        assert.ok(stale);
        assert.equal(
          await s.complete(
            `${name}_j1`,
            stale.idx,
            stale.token,
            'done',
            { status: 200, body: 'z', requestId: 'r' },
            T0,
          ),
          false,
          'a superseded claim cannot record',
        );
        // Release puts a line back for later.
        const r0 = again[0];
        assert.ok(r0);
        await s.release(`${name}_j1`, r0.idx, r0.token, T0 + 60_000);
        assert.equal((await s.claimLive(T0 + 2000, 10, 'C', 1000)).length, 0);
        // Cancel: queued lines are cancelled; running ones keep the job cancelling until they end.
        const cj = await s.cancel(`${name}_j1`, T0 + 3000);
        assert.equal(cj?.status, 'cancelling');
        c = await s.counts(`${name}_j1`);
        assert.equal(c.cancelled, 1);
        for (const l of [...a.slice(1), ...again.slice(1)])
          await s.complete(
            `${name}_j1`,
            l.idx,
            l.token,
            'failed',
            { status: 500, body: null, requestId: 'e' },
            T0,
          );
        assert.equal((await s.finishIfDone(`${name}_j1`, T0 + 4000))?.status, 'cancelled');
        const rows = await s.lines(`${name}_j1`, 0, 100);
        assert.equal(rows.length, 7);
        const recorded = rows.find((r) => r.idx === a0.idx);
        assert.equal(recorded?.result?.requestId, 'r0');
        assert.equal(recorded?.ledgerId, 'r0');
      } finally {
        await s.close();
        await s2.close();
      }
    });

    it('lists newest first with cursors; files round-trip', async (t) => {
      if (name === 'postgres' && !(await pgReachable())) return t.skip('no Postgres on 127.0.0.1:5432');
      const s = await open();
      try {
        for (let i = 0; i < 5; i++) await s.createJob(job(`${name}_l${i}`, T0 + 10_000 + i), []);
        const first = await s.listJobs({ kinds: ['openai-batch'], tenant: 'acme', limit: 2 });
        const ids = first.map((j) => j.id);
        assert.deepEqual(ids, [`${name}_l4`, `${name}_l3`]);
        const next = await s.listJobs({
          kinds: ['openai-batch'],
          tenant: 'acme',
          afterId: `${name}_l3`,
          limit: 2,
        });
        assert.deepEqual(
          next.map((j) => j.id),
          [`${name}_l2`, `${name}_l1`],
        );
        const back = await s.listJobs({
          kinds: ['openai-batch'],
          tenant: 'acme',
          beforeId: `${name}_l1`,
          limit: 2,
        });
        assert.deepEqual(
          back.map((j) => j.id),
          [`${name}_l3`, `${name}_l2`],
        );
        assert.equal((await s.listJobs({ kinds: ['openai-batch'], tenant: 'other', limit: 10 })).length, 0);
        assert.equal((await s.listJobs({ kinds: ['anthropic-batch'], limit: 10 })).length, 0);
        const content = Buffer.from('{"a":1}\n');
        await s.putFile(
          {
            id: `file-${name}`,
            tenant: 'acme',
            keyId: 'k1',
            purpose: 'batch',
            filename: 'x.jsonl',
            bytes: content.length,
            createdAt: T0,
          },
          content,
        );
        assert.equal((await s.getFile(`file-${name}`))?.bytes, content.length);
        assert.deepEqual(await s.fileContent(`file-${name}`), content);
        assert.equal(await s.getFile('file-none'), undefined);
        // Listing: newest first (created_at, then id), per tenant (null = no tenant), after a cursor; delete.
        const put = (id: string, tenant: string | null, at: number) =>
          s.putFile(
            { id, tenant, keyId: null, purpose: 'batch', filename: `${id}.jsonl`, bytes: 1, createdAt: at },
            Buffer.from('x'),
          );
        await put(`${name}-f1`, 'acme', T0 + 1);
        await put(`${name}-f2`, 'acme', T0 + 2);
        await put(`${name}-f3`, null, T0 + 3);
        const acme = await s.listFiles({ tenant: 'acme', limit: 10 });
        assert.deepEqual(
          acme.map((f) => f.id),
          [`${name}-f2`, `${name}-f1`, `file-${name}`],
        );
        const page = await s.listFiles({ tenant: 'acme', afterId: `${name}-f2`, limit: 1 });
        assert.deepEqual(
          page.map((f) => f.id),
          [`${name}-f1`],
        );
        const asc = await s.listFiles({ tenant: 'acme', ascending: true, afterId: `file-${name}`, limit: 5 });
        assert.deepEqual(
          asc.map((f) => f.id),
          [`${name}-f1`, `${name}-f2`],
        );
        assert.deepEqual(
          (await s.listFiles({ tenant: null, limit: 10 })).map((f) => f.id),
          [`${name}-f3`],
        );
        assert.equal((await s.listFiles({ limit: 10 })).length, 4);
        assert.equal((await s.listFiles({ purpose: 'other', limit: 10 })).length, 0);
        assert.deepEqual(await s.listFiles({ afterId: 'file-none', limit: 5 }), []);
        assert.equal(await s.deleteFile(`${name}-f1`), true);
        assert.equal(await s.deleteFile(`${name}-f1`), false);
        assert.equal(await s.getFile(`${name}-f1`), undefined);
        assert.equal(await s.fileContent(`${name}-f1`), undefined);
      } finally {
        await s.close();
      }
    });
  });
}
