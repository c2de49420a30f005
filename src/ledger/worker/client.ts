// The ledger on the main thread when a writer thread does the writing: append() validates, serialises to
// JSON and posts micro-batches (64 records or 10 ms); batching, retries and crash accounting run in the thread.
import { Worker } from 'node:worker_threads';
import { ERRORS, type ErrorCode, MarginError } from '../../errors/index.js';
import { recordProblem } from '../columns.js';
import type { Ledger } from '../index.js';
import type { LedgerRecord } from '../record.js';
import type { ReplayStats } from '../spool/replay.js';
import { SpoolWriter } from '../spool/writer.js';
import type { FeedbackRow, LedgerStore } from '../store.js';
import type { WriterStats } from '../writer.js';
import type { FromWorker, ToWorker, WireError, WorkerInit } from './messages.js';

/** Internal knobs (tests); openLedger uses the defaults. */
export interface WorkerLedgerTuning {
  /** Post as soon as this many records are waiting (default 64). */
  postEvery?: number;
  /** Post waiting records at most this long after the first (default 10 ms). */
  postIntervalMs?: number;
  testHook?: WorkerInit['testHook'];
}

/**
 * Starts the thread's entry file next to this one: .js when compiled; under tsx (tests) the .ts file, through
 * a tiny bootstrap that registers tsx in the thread first (tsx's --import hook skips worker threads on Node 20).
 */
function startWorker(init: WorkerInit): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./thread.js', import.meta.url), { workerData: init });
  }
  const entry = new URL('./thread.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData: init });
}

function fromWire(e: WireError): MarginError {
  const code = (e.code !== undefined && e.code in ERRORS ? e.code : 'MARGIN_ERR_LEDGER') as ErrorCode;
  return new MarginError(code, e.message, e.param !== undefined ? { param: e.param } : {});
}

const ZERO: WriterStats = { appended: 0, written: 0, pending: 0, failedBatches: 0, dropped: 0, spilled: 0 };
const NO_REPLAY: ReplayStats = { sessions: 0, inserted: 0, unreadable: 0 };

/**
 * Starts the writer thread (which migrates the store, recovers crashed sessions and begins its own), then
 * opens `readStore` for reports. Resolves once the thread is ready; its open errors are thrown here.
 */
export async function openWorkerLedger(
  init: WorkerInit,
  onError: (err: Error) => void,
  openReadStore: () => Promise<LedgerStore>,
  tuning: WorkerLedgerTuning = {},
): Promise<Ledger> {
  const postEvery = tuning.postEvery ?? 64;
  const postIntervalMs = tuning.postIntervalMs ?? 10;
  const report = (err: Error) => {
    try {
      onError(err);
    } catch {
      // A throwing error handler must not reach the request path.
    }
  };
  const worker = startWorker(tuning.testHook ? { ...init, testHook: tuning.testHook } : init);
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));

  let waiting: string[] = [];
  let timer: NodeJS.Timeout | null = null;
  let appended = 0;
  let dropped = 0; // on this thread: malformed, or appended after close / after the thread died
  let remote = ZERO;
  let lostOnLastCrash = 0;
  let replayedOnStart = NO_REPLAY;
  let opened = false;
  let closed = false;
  let dead = false;
  let nextId = 0;
  const requests = new Map<number, () => void>();
  const feedbacks = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  const idleAgain = () => {
    if (requests.size === 0 && feedbacks.size === 0 && !closed) worker.unref();
  };

  const settleAll = () => {
    for (const resolve of requests.values()) resolve();
    requests.clear();
    for (const f of feedbacks.values()) {
      f.reject(new MarginError('MARGIN_ERR_LEDGER', 'ledger writer thread exited; feedback not stored'));
    }
    feedbacks.clear();
  };
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (msg: FromWorker) => {
      switch (msg.type) {
        case 'ready':
          lostOnLastCrash = msg.lostOnLastCrash;
          replayedOnStart = msg.replayed;
          resolve();
          break;
        case 'failed':
          reject(fromWire(msg.error));
          break;
        case 'stats':
          remote = msg.stats;
          break;
        case 'done': {
          remote = msg.stats;
          const done = requests.get(msg.id);
          requests.delete(msg.id);
          idleAgain(); // a closing thread stays ref'd until it exits
          done?.();
          break;
        }
        case 'feedback-done': {
          const f = feedbacks.get(msg.id);
          feedbacks.delete(msg.id);
          idleAgain();
          if (msg.error) f?.reject(fromWire(msg.error));
          else f?.resolve();
          break;
        }
        case 'error':
          report(new Error(msg.message));
          break;
      }
    });
    worker.on('error', (err) => {
      const failure = new MarginError('MARGIN_ERR_LEDGER', `ledger writer thread failed: ${err.message}`);
      if (opened) report(failure);
      else reject(failure);
    });
    void exited.then((code) => {
      dead = true;
      reject(
        new MarginError('MARGIN_ERR_LEDGER', `ledger writer thread exited (code ${code}) while opening`),
      );
      const unwritten = appended - remote.written - remote.dropped;
      if (opened && !closed) {
        report(
          new Error(
            `ledger writer thread exited (code ${code}) with ${unwritten} records unwritten; records appended from now on are dropped`,
          ),
        );
      }
      settleAll();
    });
  });
  try {
    await ready;
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  opened = true;
  worker.unref();
  // Named after the session the thread began; records are appended here before they are posted.
  const spool = init.spool ? new SpoolWriter(init.spool, init.session.sessionId, report) : undefined;
  let store: LedgerStore;
  try {
    store = await openReadStore();
  } catch (err) {
    const done = request('close');
    closed = true;
    spool?.close();
    await done;
    await exited;
    throw err;
  }

  function post(): void {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (waiting.length === 0) return;
    const records = waiting;
    waiting = [];
    if (dead) {
      dropped += records.length;
      return;
    }
    try {
      worker.postMessage({
        type: 'records',
        json: `[${records.join(',')}]`,
        count: records.length,
      } satisfies ToWorker);
    } catch (err) {
      dropped += records.length;
      report(err as Error);
    }
  }

  function request(type: 'flush' | 'close'): Promise<void> {
    post();
    if (dead) return Promise.resolve();
    const id = ++nextId;
    return new Promise<void>((resolve) => {
      requests.set(id, resolve);
      worker.ref(); // an awaited flush/close keeps the process alive until the thread answers
      worker.postMessage({ type, id } satisfies ToWorker);
    });
  }

  let closing: Promise<void> | null = null;
  return {
    append(record: LedgerRecord): void {
      try {
        if (closed || dead) {
          dropped++;
          if (closed) report(new Error(`ledger is closed; record ${record?.id} dropped`));
          return;
        }
        const problem = recordProblem(record);
        if (problem !== undefined) {
          dropped++;
          report(new Error(`invalid ledger record ${String(record?.id)}: ${problem}; dropped`));
          return;
        }
        const json = JSON.stringify(record);
        spool?.append(json); // on disk before the response ends: see LedgerOptions.spool
        waiting.push(json);
        appended++;
        if (waiting.length >= postEvery) post();
        else if (timer === null) {
          timer = setTimeout(post, postIntervalMs);
          timer.unref();
        }
      } catch (err) {
        report(err instanceof Error ? err : new Error(String(err)));
      }
    },
    feedback(row: FeedbackRow): Promise<void> {
      if (closed || dead) {
        return Promise.reject(new MarginError('MARGIN_ERR_LEDGER', 'ledger is closed; feedback not stored'));
      }
      const id = ++nextId;
      return new Promise<void>((resolve, reject) => {
        feedbacks.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ type: 'feedback', id, row } satisfies ToWorker);
      });
    },
    flush: () => request('flush'),
    close: () => {
      closing ??= (async () => {
        const done = request('close');
        closed = true;
        spool?.close();
        await done;
        if (!dead) await exited;
        await store.close().catch((err: unknown) => report(err as Error));
      })();
      return closing;
    },
    stats: () => ({
      appended,
      written: remote.written,
      // Everything appended here and not yet written or given up: waiting, in transit, or in the thread.
      pending: Math.max(0, appended - remote.written - remote.dropped),
      failedBatches: remote.failedBatches,
      lostOnLastCrash,
      dropped: dropped + remote.dropped,
      spilled: remote.spilled,
      replayedOnStart,
    }),
    store,
  };
}
