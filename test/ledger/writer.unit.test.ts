import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openLedger, openStore } from '../../src/ledger/index.js';
import type { LedgerRecord } from '../../src/ledger/record.js';
import type { LedgerStore, SessionMark } from '../../src/ledger/store.js';
import { BatchWriter } from '../../src/ledger/writer.js';
import { makeRecord } from './fixtures.js';

/** A real in-memory store whose inserts can be made to fail. */
async function flakyStore(failures: { left: number }) {
  const inner = await openStore('sqlite::memory:');
  const calls: number[] = [];
  const store: LedgerStore = Object.create(inner) as LedgerStore;
  store.insertBatch = async (records: readonly LedgerRecord[], mark?: SessionMark) => {
    calls.push(records.length);
    if (failures.left-- > 0) throw new Error('disk on fire');
    return inner.insertBatch(records, mark);
  };
  return { store, inner, calls };
}

const session = { sessionId: 's1', pid: process.pid, host: 'test', staleAfterMs: 60_000 };
const opts = (errors: Error[]) => ({
  flushIntervalMs: 60_000,
  batchSize: 100,
  maxPending: 1000,
  retryBackoffMs: 1,
  onError: (e: Error) => errors.push(e),
});

describe('batch writer', () => {
  it('writes in batches of batchSize and retries a failing batch up to 3 times', async () => {
    const { store, inner, calls } = await flakyStore({ left: 2 });
    await inner.beginSession(session);
    const errors: Error[] = [];
    const w = new BatchWriter(store, session, opts(errors));
    for (let i = 0; i < 250; i++) w.append(makeRecord(i));
    await w.flush();
    assert.deepEqual(calls, [100, 100, 100, 100, 50]); // two failures, then three good batches
    assert.deepEqual(w.stats(), {
      appended: 250,
      written: 250,
      pending: 0,
      failedBatches: 0,
      dropped: 0,
      spilled: 0,
    });
    assert.equal(errors.length, 0);
    await w.close();
    assert.equal((await inner.records({ limit: 1000 })).length, 250);
    await inner.close();
  });

  it('keeps and counts a batch that fails 3 times, then writes it on a later flush', async () => {
    const { store, inner } = await flakyStore({ left: 3 });
    await inner.beginSession(session);
    const errors: Error[] = [];
    const w = new BatchWriter(store, session, opts(errors));
    for (let i = 0; i < 150; i++) w.append(makeRecord(i));
    await w.flush();
    assert.deepEqual(w.stats(), {
      appended: 150,
      written: 0,
      pending: 150,
      failedBatches: 1,
      dropped: 0,
      spilled: 0,
    });
    assert.match(errors[0]!.message, /failed 3 times: disk on fire/);
    await w.flush();
    assert.equal(w.stats().written, 150);
    assert.equal(w.stats().pending, 0);
    await w.close();
    await inner.close();
  });

  it('sheds the oldest records past maxPending, counted and reported', async () => {
    const { store, inner } = await flakyStore({ left: 1e9 });
    await inner.beginSession(session);
    const errors: Error[] = [];
    const w = new BatchWriter(store, session, { ...opts(errors), batchSize: 10_000 });
    for (let i = 0; i < 1500; i++) w.append(makeRecord(i));
    const s = w.stats();
    assert.equal(s.appended, 1500);
    assert.ok(s.pending <= 1000 && s.pending + s.dropped === 1500, JSON.stringify(s));
    assert.ok(errors.some((e) => /backlog over 1000/.test(e.message)));
    await w.flush();
    await inner.close();
  });
});

describe('ledger over a failing store', () => {
  it('never throws into the caller when the database is closed under it; records stay pending', async () => {
    const errors: Error[] = [];
    const ledger = await openLedger({
      url: 'sqlite::memory:',
      flushIntervalMs: 60_000,
      batchSize: 10,
      retryBackoffMs: 1,
      onError: (e) => errors.push(e),
    });
    await ledger.store.close(); // the database goes away
    for (let i = 0; i < 25; i++) assert.doesNotThrow(() => ledger.append(makeRecord(i)));
    await ledger.flush();
    const s = ledger.stats();
    assert.equal(s.appended, 25);
    assert.equal(s.written, 0);
    assert.equal(s.pending, 25);
    assert.ok(s.failedBatches >= 1);
    assert.ok(errors.length >= 1);
    await assert.doesNotReject(ledger.close());
    assert.ok(errors.some((e) => /closed with 25 records unwritten/.test(e.message)));
    ledger.append(makeRecord(99));
    assert.equal(ledger.stats().dropped, 1);
  });

  it('rejects bad options at open', async () => {
    await assert.rejects(
      openLedger({ url: 'sqlite::memory:', batchSize: 0 }),
      /batchSize must be a positive integer/,
    );
  });
});

describe('record validation', () => {
  it('drops and reports a malformed record instead of poisoning its batch', async () => {
    const errors: Error[] = [];
    const ledger = await openLedger({
      url: 'sqlite::memory:',
      flushIntervalMs: 60_000,
      onError: (e) => errors.push(e),
    });
    ledger.append(makeRecord(1));
    ledger.append({ ...makeRecord(2), costUsd: { ...makeRecord(2).costUsd, total: Number.NaN } });
    ledger.append({ ...makeRecord(3), usage: undefined } as unknown as LedgerRecord);
    ledger.append(makeRecord(4));
    await ledger.flush();
    const s = ledger.stats();
    assert.deepEqual([s.appended, s.written, s.dropped], [2, 2, 2]);
    assert.match(errors[0]!.message, /invalid ledger record req-2: costUsd.total must be a finite number/);
    assert.match(errors[1]!.message, /req-3: usage is missing/);
    await ledger.close();
  });
});
