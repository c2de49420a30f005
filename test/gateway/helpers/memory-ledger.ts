// An in-memory ledger sink for tests: keeps every appended record.
import type { LedgerSink } from '../../../src/gateway/index.js';
import type { LedgerRecord } from '../../../src/ledger/record.js';

export class MemoryLedger implements LedgerSink {
  readonly records: LedgerRecord[] = [];
  append(record: LedgerRecord): void {
    this.records.push(record);
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
  /** The record of one request id. */
  byId(id: string | null): LedgerRecord | undefined {
    return this.records.find((r) => r.id === id);
  }
}

/** Waits until `cond` holds (records are appended when a response has fully ended). */
export async function until(cond: () => boolean, what: string, limitMs = 5000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
