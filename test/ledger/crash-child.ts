// Child process for the crash test: writes two full windows, then appends a third window whose drain freezes
// after its first batch (as a process stuck mid-flush would) and waits for the parent's SIGKILL.
// Mode 'inline' writes on the main thread; 'worker' writes from the writer thread, frozen there by
// worker-hooks.ts. A sixth argument names the spool folder (none: no spool). Run by the test with MARGIN_CRASH_CHILD=1; does nothing otherwise.
import { writeSync } from 'node:fs';
import { type Ledger, openLedger } from '../../src/ledger/index.js';
import type { LedgerRecord } from '../../src/ledger/record.js';
import { newSession } from '../../src/ledger/session.js';
import type { SessionMark } from '../../src/ledger/store.js';
import { openWorkerLedger } from '../../src/ledger/worker/client.js';
import { makeRecord } from './fixtures.js';
import type { HookArg } from './worker-hooks.js';

async function open(
  mode: string,
  url: string,
  window: number,
  batchSize: number,
  spool: string | undefined,
): Promise<Ledger> {
  if (mode === 'inline')
    return openLedger({ url, flushIntervalMs: 3_600_000, batchSize, worker: false, spool: spool ?? false });
  const { openStore } = await import('../../src/ledger/index.js');
  const hook = new URL(import.meta.url.replace(/crash-child\.(ts|js)$/, 'worker-hooks.$1')).href;
  const arg: HookArg = { freeze: { fromIndex: 2 * window, onCall: 2 } };
  return openWorkerLedger(
    {
      url,
      flushIntervalMs: 3_600_000,
      batchSize,
      maxPending: 100_000,
      retryBackoffMs: 100,
      session: newSession(60_000),
      replay: [],
      ...(spool ? { spool } : {}),
    },
    (err) => writeSync(2, `crash-child: ${err.message}\n`),
    () => openStore(url, false),
    // One post per burst: the thread receives the whole last window before its drain starts, as the
    // inline writer does, so the first batch's mark covers every record appended.
    { postEvery: 1_000_000, testHook: { module: hook, arg } },
  );
}

async function main(
  mode: string,
  url: string,
  window: number,
  last: number,
  batchSize: number,
  spool: string | undefined,
): Promise<void> {
  const ledger = await open(mode, url, window, batchSize, spool);
  let n = 0;
  for (let w = 0; w < 2; w++) {
    // Many concurrent producers, like request handlers finishing at once.
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let i = 0; i < window / 10; i++) {
          await null;
          ledger.append(makeRecord(n++));
        }
      }),
    );
    await ledger.flush();
  }
  if (mode === 'inline') {
    const store = ledger.store;
    const insert = store.insertBatch.bind(store);
    let calls = 0;
    store.insertBatch = async (records: readonly LedgerRecord[], mark?: SessionMark) => {
      if (++calls === 2) {
        writeSync(1, `ready ${JSON.stringify(ledger.stats())}\n`);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // frozen until SIGKILL
      }
      return insert(records, mark);
    };
  }
  // The last window: appended in one burst; reaching batchSize starts the drain without any explicit flush.
  for (let i = 0; i < last; i++) ledger.append(makeRecord(n++));
  // Worker mode: the frozen thread is unref'd; keep this process alive until the parent kills it.
  if (mode === 'worker') setInterval(() => {}, 60_000);
}

if (process.env.MARGIN_CRASH_CHILD === '1') {
  const [mode, url, window, last, batch, spool] = process.argv.slice(2);
  main(mode!, url!, Number(window), Number(last), Number(batch), spool || undefined).catch((err) => {
    writeSync(2, `crash-child: ${(err as Error).stack}\n`);
    process.exit(3);
  });
}
