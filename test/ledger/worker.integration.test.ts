// The ledger's writer thread (worker mode, the default for a SQLite file): exact counts under concurrency,
// flush visibility to the main thread's read connection, consistent stats, safe close, and failures that
// stay pending and counted without ever reaching append().
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type Ledger, openLedger, openStore } from '../../src/ledger/index.js';
import { newSession } from '../../src/ledger/session.js';
import { openWorkerLedger } from '../../src/ledger/worker/client.js';
import { makeRecord } from './fixtures.js';
import type { HookArg } from './worker-hooks.js';

const dir = mkdtempSync(join(tmpdir(), 'margin-ledger-worker-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ALL = { from: 0, to: Number.MAX_SAFE_INTEGER };
let n = 0;
const fresh = () => `sqlite:${join(dir, `w${n++}.db`)}`;
const hookModule = new URL(import.meta.url.replace(/worker\.integration\.test\.(ts|js)$/, 'worker-hooks.$1'))
  .href;

/** A worker-mode ledger whose thread store has the faults `arg` asks for. */
function faultyLedger(url: string, arg: HookArg, errors: Error[]): Promise<Ledger> {
  return openWorkerLedger(
    {
      url,
      flushIntervalMs: 3_600_000,
      batchSize: 100,
      maxPending: 100_000,
      retryBackoffMs: 1,
      session: newSession(60_000),
      replay: [],
    },
    (e) => errors.push(e),
    () => openStore(url, false),
    { testHook: { module: hookModule, arg } },
  );
}

describe('ledger writer thread', () => {
  it('writes exactly every record appended by many concurrent tasks, without the main-thread store', async () => {
    const url = fresh();
    const errors: Error[] = [];
    const ledger = await openLedger({
      url,
      flushIntervalMs: 5,
      batchSize: 137,
      onError: (e) => errors.push(e),
    });
    // Default mode for a file: the main thread's store is only for reads, never written through.
    ledger.store.insertBatch = async () => {
      throw new Error('the main thread must not write');
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async (_, task) => {
        for (let i = 0; i < 100; i++) {
          if (i % 7 === task % 7) await new Promise((r) => setImmediate(r));
          ledger.append(makeRecord(next++, { ts: Date.UTC(2026, 10, 1) + ((next * 7919) % 86_400_000) }));
        }
      }),
    );
    await ledger.close();
    const s = ledger.stats();
    assert.deepEqual(s, {
      appended: 5000,
      written: 5000,
      pending: 0,
      failedBatches: 0,
      lostOnLastCrash: 0,
      spilled: 0,
      replayedOnStart: { sessions: 0, inserted: 0, unreadable: 0 },
      dropped: 0,
    });
    assert.deepEqual(errors, []);
    const store = await openStore(url, false);
    assert.equal(await store.countRaw(ALL), 5000);
    assert.equal((await store.aggregate({ ...ALL, by: null })).rows[0]!.requests, 5000);
    await store.close();
    const again = await openLedger({ url });
    assert.equal(again.stats().lostOnLastCrash, 0, 'a clean close is not a crash');
    await again.close();
  });

  it('flush() makes every appended record visible to ledger.store, and stats agree', async () => {
    const ledger = await openLedger({ url: fresh(), worker: true });
    for (let i = 0; i < 300; i++) ledger.append(makeRecord(i));
    assert.equal(ledger.stats().appended, 300);
    assert.equal(ledger.stats().pending + ledger.stats().written, 300);
    await ledger.flush();
    assert.deepEqual(ledger.stats(), {
      appended: 300,
      written: 300,
      pending: 0,
      failedBatches: 0,
      lostOnLastCrash: 0,
      spilled: 0,
      replayedOnStart: { sessions: 0, inserted: 0, unreadable: 0 },
      dropped: 0,
    });
    assert.equal(await ledger.store.countRaw(ALL), 300);
    const [newest] = await ledger.store.records({ limit: 1 });
    assert.deepEqual(newest, makeRecord(299), 'the record round-trips through JSON and the thread intact');
    // A second round, and one record appended right before flush.
    for (let i = 300; i < 401; i++) ledger.append(makeRecord(i));
    await ledger.flush();
    assert.equal(await ledger.store.countRaw(ALL), 401);
    await ledger.close();
  });

  it('close twice is safe; appends after close and malformed records are dropped and counted, never thrown', async () => {
    const errors: Error[] = [];
    const ledger = await openLedger({ url: fresh(), worker: true, onError: (e) => errors.push(e) });
    ledger.append(makeRecord(1));
    ledger.append({ ...makeRecord(2), latencyMs: Number.NaN });
    await Promise.all([ledger.close(), ledger.close()]);
    await ledger.close();
    ledger.append(makeRecord(3));
    await ledger.flush();
    assert.deepEqual(ledger.stats(), {
      appended: 1,
      written: 1,
      pending: 0,
      failedBatches: 0,
      lostOnLastCrash: 0,
      spilled: 0,
      replayedOnStart: { sessions: 0, inserted: 0, unreadable: 0 },
      dropped: 2,
    });
    assert.equal(errors.length, 2);
    assert.match(errors[0]!.message, /invalid ledger record req-2: latencyMs/);
    assert.match(errors[1]!.message, /ledger is closed; record req-3 dropped/);
  });

  it('a failing store in the thread keeps the batch pending and counted, then writes it on a later flush', async () => {
    const url = fresh();
    const errors: Error[] = [];
    const ledger = await faultyLedger(url, { failInserts: 3 }, errors);
    for (let i = 0; i < 150; i++) ledger.append(makeRecord(i));
    await ledger.flush();
    assert.deepEqual(ledger.stats(), {
      appended: 150,
      written: 0,
      pending: 150,
      failedBatches: 1,
      lostOnLastCrash: 0,
      spilled: 0,
      replayedOnStart: { sessions: 0, inserted: 0, unreadable: 0 },
      dropped: 0,
    });
    assert.match(errors[0]?.message ?? '', /batch of 100 failed 3 times: disk on fire/);
    assert.equal(await ledger.store.countRaw(ALL), 0);
    await ledger.flush();
    assert.equal(ledger.stats().written, 150);
    assert.equal(ledger.stats().pending, 0);
    assert.equal(await ledger.store.countRaw(ALL), 150);
    await ledger.close();
  });

  it('a writer thread that dies is reported; append still never throws and later records are counted as dropped', async () => {
    const errors: Error[] = [];
    const ledger = await faultyLedger(fresh(), { exitOnInsert: true }, errors);
    for (let i = 0; i < 10; i++) ledger.append(makeRecord(i));
    await ledger.flush(); // resolves even though the thread is gone
    assert.ok(
      errors.some((e) => /writer thread exited \(code 7\) with 10 records unwritten/.test(e.message)),
      errors.map((e) => e.message).join('; '),
    );
    ledger.append(makeRecord(10));
    await ledger.flush();
    await ledger.close();
    assert.deepEqual(ledger.stats(), {
      appended: 10,
      written: 0,
      pending: 10,
      failedBatches: 0,
      lostOnLastCrash: 0,
      spilled: 0,
      replayedOnStart: { sessions: 0, inserted: 0, unreadable: 0 },
      dropped: 1,
    });
  });

  it('refuses worker mode for sqlite::memory: and passes open errors through from the thread', async () => {
    await assert.rejects(openLedger({ url: 'sqlite::memory:', worker: true }), {
      code: 'MARGIN_ERR_CONFIG',
      message: /cannot be shared with a thread/,
    });
    await assert.rejects(openLedger({ url: `sqlite:${join(dir, 'no', 'such', 'dir.db')}` }), {
      code: 'MARGIN_ERR_LEDGER',
      message: /cannot open ledger/,
    });
    // In-memory stays in-process by default.
    const mem = await openLedger({ url: 'sqlite::memory:' });
    mem.append(makeRecord(1));
    await mem.flush();
    assert.equal(await mem.store.countRaw(ALL), 1);
    await mem.close();
  });
});
