// Child process for the crash test: writes two full windows, then appends a third window whose drain freezes
// after its first batch (as a process stuck mid-flush would) and waits for the parent's SIGKILL.
// Run by the test with MARGIN_CRASH_CHILD=1; does nothing otherwise (the test runner may load it as a file).
import { writeSync } from 'node:fs';
import { openLedger } from '../../src/ledger/index.js';
import type { LedgerRecord } from '../../src/ledger/record.js';
import type { SessionMark } from '../../src/ledger/store.js';
import { makeRecord } from './fixtures.js';

async function main(url: string, window: number, last: number, batchSize: number): Promise<void> {
  const ledger = await openLedger({ url, flushIntervalMs: 3_600_000, batchSize });
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
  // The last window: appended in one burst; reaching batchSize starts the drain without any explicit flush.
  for (let i = 0; i < last; i++) ledger.append(makeRecord(n++));
}

if (process.env.MARGIN_CRASH_CHILD === '1') {
  const [url, window, last, batch] = process.argv.slice(2);
  main(url!, Number(window), Number(last), Number(batch)).catch((err) => {
    writeSync(2, `crash-child: ${(err as Error).stack}\n`);
    process.exit(3);
  });
}
