// Test-only fault injection for the ledger writer thread (loaded there through WorkerInit.testHook): fail
// inserts, end the thread, or freeze mid-drain (the crash test) so failures can be proved in worker mode.
import { writeSync } from 'node:fs';
import type { LedgerRecord } from '../../src/ledger/record.js';
import type { LedgerStore, SessionMark } from '../../src/ledger/store.js';

export interface HookArg {
  /** Throw from this many insertBatch calls before letting them through. */
  failInserts?: number;
  /** End the writer thread on the first insert (process.exit in a worker ends only the thread). */
  exitOnInsert?: boolean;
  /** Freeze on the `onCall`-th insert whose first record is `req-<n>` with n ≥ fromIndex; prints `ready`. */
  freeze?: { fromIndex: number; onCall: number };
}

/** Wraps the writer thread's store with the faults `arg` asks for. */
export function wrapStore(store: LedgerStore, arg: HookArg): LedgerStore {
  const insert = store.insertBatch.bind(store);
  let failures = arg.failInserts ?? 0;
  let calls = 0;
  store.insertBatch = async (records: readonly LedgerRecord[], mark?: SessionMark) => {
    if (arg.exitOnInsert) process.exit(7);
    const first = Number(/^req-(\d+)$/.exec(records[0]?.id ?? '')?.[1] ?? -1);
    if (arg.freeze && first >= arg.freeze.fromIndex && ++calls === arg.freeze.onCall) {
      writeSync(1, `ready ${JSON.stringify({ mark: mark?.accepted ?? null })}\n`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // frozen until SIGKILL
    }
    if (failures > 0) {
      failures--;
      throw new Error('disk on fire');
    }
    return insert(records, mark);
  };
  return store;
}
