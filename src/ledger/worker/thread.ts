// The ledger writer thread: owns the writing store, the writer session and the BatchWriter, so SQLite's
// synchronous batch transactions never run on the gateway's event loop. Started by worker/client.ts.
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { MarginError } from '../../errors/index.js';
import { openStore } from '../index.js';
import type { LedgerRecord } from '../record.js';
import { SpoolReader } from '../spool/reader.js';
import { type ReplayStats, replaySpools } from '../spool/replay.js';
import type { LedgerStore } from '../store.js';
import { BatchWriter } from '../writer.js';
import type { FromWorker, ToWorker, WireError, WorkerInit } from './messages.js';

/** How much less CPU priority the writer thread takes than the gateway's thread (nice steps). */
const NICE_STEPS = 5;

/**
 * Lowers this thread's CPU priority (Linux, best effort): where the writer shares a core with the gateway's
 * event loop (a pinned gateway), a waking request handler then preempts a long batch transaction sooner, while
 * the writer keeps about a quarter of a saturated core (~15,000 records/s), more than one core can serve.
 */
function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, Math.min(19, getPriority(tid) + NICE_STEPS));
  } catch {
    // Not Linux, or not permitted: the thread runs at the process's priority.
  }
}

function toWire(err: unknown): WireError {
  if (err instanceof MarginError) {
    return { message: err.message, code: err.code, ...(err.param !== undefined ? { param: err.param } : {}) };
  }
  return { message: err instanceof Error ? err.message : String(err) };
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) return; // loaded outside a worker (e.g. by a test runner scanning files): nothing to do
  lowerPriority();
  const init = workerData as WorkerInit;
  const send = (msg: FromWorker) => port.postMessage(msg);
  let store: LedgerStore;
  try {
    store = await openStore(init.url, true);
  } catch (err) {
    send({ type: 'failed', error: toWire(err) });
    return;
  }
  const session = init.session;
  let lostOnLastCrash: number;
  let replayed: ReplayStats;
  try {
    if (init.testHook) {
      const hook = (await import(init.testHook.module)) as {
        wrapStore(s: LedgerStore, arg: unknown): LedgerStore;
      };
      store = hook.wrapStore(store, init.testHook.arg);
    }
    replayed = await replaySpools(store, init.replay, init.batchSize);
    ({ lostOnLastCrash } = await store.beginSession(session));
  } catch (err) {
    await store.close().catch(() => {});
    send({ type: 'failed', error: toWire(err) });
    return;
  }
  const writer = new BatchWriter(store, session, {
    flushIntervalMs: init.flushIntervalMs,
    batchSize: init.batchSize,
    maxPending: init.maxPending,
    retryBackoffMs: init.retryBackoffMs,
    onError: (err) => send({ type: 'error', message: err.message }),
    onProgress: (stats) => send({ type: 'stats', stats }),
    ...(init.spool ? { spool: new SpoolReader(init.spool, process.pid, session.sessionId) } : {}),
  });
  const closeStore = store;
  port.on('message', (msg: ToWorker) => {
    switch (msg.type) {
      case 'records': {
        let records: unknown;
        try {
          records = JSON.parse(msg.json);
        } catch (err) {
          // Cannot happen with JSON.stringify's output; counted all the same rather than lost silently.
          for (let i = 0; i < msg.count; i++) {
            writer.drop(new Error(`unreadable ledger records dropped: ${(err as Error).message}`));
          }
          break;
        }
        for (const record of records as LedgerRecord[]) writer.append(record); // validates again; never throws
        break;
      }
      case 'feedback':
        closeStore.insertFeedback(msg.row).then(
          () => send({ type: 'feedback-done', id: msg.id }),
          (err: unknown) => send({ type: 'feedback-done', id: msg.id, error: toWire(err) }),
        );
        break;
      case 'flush':
        void writer.flush().then(() => send({ type: 'done', id: msg.id, stats: writer.stats() }));
        break;
      case 'close':
        void (async () => {
          await writer.close();
          await closeStore.close().catch((err: unknown) => send({ type: 'error', message: String(err) }));
          send({ type: 'done', id: msg.id, stats: writer.stats() });
          port.close(); // nothing else holds the thread: it exits
        })();
        break;
    }
  });
  send({ type: 'ready', lostOnLastCrash, replayed });
}

void main().catch((err: unknown) => {
  parentPort?.postMessage({ type: 'failed', error: toWire(err) } satisfies FromWorker);
});
