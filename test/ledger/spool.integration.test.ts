// The ledger spool: with the store down, memory holds at most maxPending records and the rest wait on disk,
// read back in order when the store returns (segments deleted as they are written); a writer closed while
// the store is down leaves its spool, and the next start writes it — nothing accepted is lost.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openStore } from '../../src/ledger/index.js';
import type { LedgerRecord } from '../../src/ledger/record.js';
import { SpoolReader } from '../../src/ledger/spool/reader.js';
import { deadSpools, replaySpools } from '../../src/ledger/spool/replay.js';
import { SpoolWriter } from '../../src/ledger/spool/writer.js';
import type { LedgerStore, SessionMark } from '../../src/ledger/store.js';
import { BatchWriter } from '../../src/ledger/writer.js';
import { makeRecord } from './fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'margin-spool-'));
after(() => rmSync(root, { recursive: true, force: true }));
const ALL = { from: 0, to: Number.MAX_SAFE_INTEGER };

/** A real in-memory store that is "down" while `down.now` is true. */
async function outageStore(down: { now: boolean }) {
  const inner = await openStore('sqlite::memory:');
  const store: LedgerStore = Object.create(inner) as LedgerStore;
  store.insertBatch = async (records: readonly LedgerRecord[], mark?: SessionMark) => {
    if (down.now) throw new Error('connection refused');
    return inner.insertBatch(records, mark);
  };
  store.markSession = async (mark) => {
    if (down.now) throw new Error('connection refused');
    return inner.markSession(mark);
  };
  return { store, inner };
}

function spooledWriter(dir: string, store: LedgerStore, session: string, errors: Error[], pid = process.pid) {
  const info = { sessionId: session, pid, host: 'test', staleAfterMs: 60_000 };
  const spool = new SpoolWriter(dir, session, (e) => errors.push(e), 16 * 1024);
  const writer = new BatchWriter(store, info, {
    flushIntervalMs: 60_000,
    batchSize: 50,
    maxPending: 100,
    retryBackoffMs: 1,
    onError: (e) => errors.push(e),
    spool: new SpoolReader(dir, process.pid, session),
  });
  const append = (r: LedgerRecord) => {
    spool.append(JSON.stringify(r)); // what Ledger.append does before buffering
    writer.append(r);
  };
  return { info, spool, writer, append };
}

describe('ledger spool', () => {
  it('holds a backlog past maxPending on disk and writes it in order once the store is back', async () => {
    const dir = join(root, 'outage');
    const down = { now: true };
    const { store, inner } = await outageStore(down);
    const errors: Error[] = [];
    const w = spooledWriter(dir, store, 'session-a', errors);
    await inner.beginSession(w.info);
    for (let i = 0; i < 1000; i++) w.append(makeRecord(i));
    await w.writer.flush();
    assert.deepEqual(
      [w.writer.stats().pending, w.writer.stats().spilled, w.writer.stats().dropped],
      [1000, 900, 0],
      'memory holds maxPending; the rest waits on disk; nothing dropped',
    );
    assert.ok(readdirSync(dir).length > 5, 'several small segments');
    down.now = false;
    await w.writer.flush();
    const s = w.writer.stats();
    assert.deepEqual([s.written, s.pending, s.spilled, s.dropped], [1000, 0, 0, 0]);
    const ids = (await inner.records({ ...ALL, limit: 2000 })).map((r) => r.id);
    assert.equal(new Set(ids).size, 1000);
    assert.ok(readdirSync(dir).length <= 1, 'written segments deleted (the one being written stays)');
    w.spool.close();
    await w.writer.close();
    assert.deepEqual(readdirSync(dir), [], 'a clean close leaves no spool');
    assert.ok(errors.some((e) => /wait in the spool/.test(e.message)));
    await inner.close();
  });

  it('a writer closed while the store is down leaves its spool; the next start writes it all', async () => {
    const dir = join(root, 'sigterm');
    const down = { now: true };
    const { store, inner } = await outageStore(down);
    const errors: Error[] = [];
    const w = spooledWriter(dir, store, 'session-b', errors, 999_999); // its session row: a dead process
    await inner.beginSession(w.info);
    for (let i = 0; i < 500; i++) w.append(makeRecord(i));
    assert.deepEqual(deadSpools(dir), [], 'a live spool is not replayed');
    w.spool.close();
    await w.writer.close(); // SIGTERM with the store down
    assert.ok(errors.some((e) => /500 records unwritten; they stay in the spool/.test(e.message)));
    down.now = false;
    // The next start: the spool's writer is gone, so it is written (twice is harmless: duplicates skipped).
    const dead = deadSpools(dir);
    assert.equal(dead.length, 1);
    const first = await replaySpools(inner, dead, 200);
    assert.deepEqual(first, { sessions: 1, inserted: 500, unreadable: 0 });
    assert.equal(await inner.countRaw(ALL), 500);
    assert.deepEqual(readdirSync(dir), []);
    // The session's accounting: everything it accepted is written, so a crash recovery counts no loss.
    const next = await inner.beginSession({ ...w.info, pid: process.pid, sessionId: 'session-c' });
    assert.deepEqual([next.crashedSessions, next.lostOnLastCrash], [1, 0]);
    await inner.close();
  });
});
