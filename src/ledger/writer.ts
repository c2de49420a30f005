// The batched ledger writer: append() only buffers; batches go to the store at batchSize rows or every
// flushIntervalMs, 3 attempts with backoff; what cannot be written is kept and counted, never hidden. With a
// spool (every record is also on local disk, see spool/), memory holds at most maxPending records: beyond
// that new records stay in the spool only and are read back, in order, once the store catches up; spool
// segments are deleted when all their records are written. Without one, the oldest records beyond
// maxPending are dropped and counted.
import { recordProblem } from './columns.js';
import type { LedgerRecord } from './record.js';
import type { SpoolReader } from './spool/reader.js';
import type { LedgerStore, SessionInfo } from './store.js';

export interface WriterOptions {
  flushIntervalMs: number;
  batchSize: number;
  /** Unwritten records kept in memory at most; beyond it the oldest are dropped, counted and reported. */
  maxPending: number;
  /** First retry delay; doubled per attempt (3 attempts in all). */
  retryBackoffMs: number;
  onError: (err: Error) => void;
  /** Called after every batch attempt (written or kept) and every shed, with fresh stats. */
  onProgress?: (stats: WriterStats) => void;
  /** This session's spool: records appended are already in it, in order. */
  spool?: SpoolReader;
}

export interface WriterStats {
  appended: number;
  written: number;
  pending: number;
  failedBatches: number;
  dropped: number;
  /** Records held only in the spool (on disk), waiting for the store to catch up. */
  spilled: number;
}

const ATTEMPTS = 3;

export class BatchWriter {
  private buffer: LedgerRecord[] = [];
  private appended = 0;
  private written = 0;
  private inFlight = 0;
  private failedBatches = 0;
  private dropped = 0;
  private closed = false;
  /** Records processed in order (written, or given up as unreadable): every sequence number below is done. */
  private done = 0;
  /** Sequence number of the first record held only in the spool, while some are. */
  private spilledFrom: number | undefined;
  private scheduled = false;
  private running: Promise<void> | null = null;
  private again = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: LedgerStore,
    private readonly session: SessionInfo,
    private readonly o: WriterOptions,
  ) {
    this.timer = setInterval(() => this.tick(), o.flushIntervalMs);
    this.timer.unref();
  }

  /** Buffers one record. Never blocks on I/O and never throws. */
  append(record: LedgerRecord): void {
    try {
      if (this.closed) {
        this.dropped++;
        this.report(new Error(`ledger is closed; record ${record.id} dropped`));
        return;
      }
      const problem = recordProblem(record);
      if (problem !== undefined) {
        // One malformed record must not poison a whole batch; it is counted and reported instead.
        this.dropped++;
        this.report(new Error(`invalid ledger record ${String(record?.id)}: ${problem}; dropped`));
        return;
      }
      const seq = this.appended++;
      if (this.spilledFrom !== undefined) return; // on disk only; read back in order
      if (this.o.spool && this.buffer.length + this.inFlight >= this.o.maxPending) {
        this.spilledFrom = seq;
        this.report(
          new Error(
            `ledger backlog over ${this.o.maxPending} records; new records wait in the spool until the store catches up`,
          ),
        );
        return;
      }
      this.buffer.push(record);
      if (this.buffer.length + this.inFlight > this.o.maxPending) this.shed();
      if (this.buffer.length >= this.o.batchSize && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          void this.flush();
        });
      }
    } catch (err) {
      this.report(err);
    }
  }

  /** Counts and reports a record that could not even be read (the writer thread's JSON input). */
  drop(err: Error): void {
    this.dropped++;
    this.report(err);
  }

  /** Writes everything buffered so far (resolves even if the store fails; failures are counted). */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.drain();
        } while (this.again && !this.stalled);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Flushes, stops the timer and ends the session; clean only if nothing is left unwritten. */
  async close(): Promise<void> {
    if (this.closed) return this.running ?? undefined;
    clearInterval(this.timer);
    await this.flush();
    if (this.unwritten() > 0) await this.flush(); // one more full round of attempts before giving up
    this.closed = true;
    const left = this.unwritten();
    const clean = left === 0;
    if (clean) this.o.spool?.releaseAll();
    else if (this.o.spool)
      this.report(
        new Error(
          `ledger closed with ${left} records unwritten; they stay in the spool and are written at the next start`,
        ),
      );
    else this.report(new Error(`ledger closed with ${left} records unwritten`));
    try {
      await this.store.endSession(this.session.sessionId, this.appended, clean);
    } catch (err) {
      this.report(err);
    }
  }

  stats(): WriterStats {
    const spilled = this.spilledFrom === undefined ? 0 : this.appended - this.spilledFrom;
    return {
      appended: this.appended,
      written: this.written,
      pending: this.buffer.length + this.inFlight + spilled,
      failedBatches: this.failedBatches,
      dropped: this.dropped,
      spilled,
    };
  }

  private unwritten(): number {
    return this.stats().pending;
  }

  /** True after a batch failed all its attempts in the current drain: stop hammering the store. */
  private stalled = false;

  private async drain(): Promise<void> {
    this.stalled = false;
    while ((this.buffer.length > 0 || this.readBack()) && !this.stalled) {
      const batch = this.buffer.splice(0, this.o.batchSize);
      this.inFlight = batch.length;
      const ok = await this.writeWithRetry(batch);
      this.inFlight = 0;
      if (ok) {
        this.written += batch.length;
        this.done += batch.length;
        this.o.spool?.release(this.done);
      } else {
        // Keep the batch at the head, in order, for the next flush.
        this.buffer = batch.concat(this.buffer);
        this.failedBatches++;
        this.stalled = true;
      }
      this.progress();
    }
  }

  /** Refills the (empty) buffer from the spool while records wait there; false when none do. */
  private readBack(): boolean {
    const spool = this.o.spool;
    if (!spool || this.spilledFrom === undefined) return false;
    const want = Math.max(this.o.batchSize, Math.floor(this.o.maxPending / 2));
    const r = spool.read(this.spilledFrom, want, this.appended);
    if (r.unreadable > 0) {
      this.dropped += r.unreadable;
      this.done += r.unreadable;
      this.report(new Error(`${r.unreadable} ledger records could not be read back from the spool; dropped`));
    }
    this.spilledFrom = r.next >= this.appended ? undefined : r.next;
    for (const rec of r.records) this.buffer.push(rec);
    return this.buffer.length > 0;
  }

  private async writeWithRetry(batch: LedgerRecord[]): Promise<boolean> {
    let delay = this.o.retryBackoffMs;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        await this.store.insertBatch(batch, { sessionId: this.session.sessionId, accepted: this.appended });
        return true;
      } catch (err) {
        if (attempt === ATTEMPTS) {
          this.report(
            new Error(`ledger batch of ${batch.length} failed ${ATTEMPTS} times: ${(err as Error).message}`),
          );
          // Still try to record how many were accepted, so a crash now is counted on restart.
          await this.store
            .markSession({ sessionId: this.session.sessionId, accepted: this.appended })
            .catch(() => {});
          return false;
        }
        await new Promise((r) => setTimeout(r, delay));
        delay *= 2;
      }
    }
    return false;
  }

  private tick(): void {
    if (this.buffer.length > 0 || this.spilledFrom !== undefined) {
      void this.flush();
    } else if (!this.running) {
      // Heartbeat (and accepted mark) so other hosts can tell a live idle writer from a dead one.
      this.store.markSession({ sessionId: this.session.sessionId, accepted: this.appended }).catch(() => {});
    }
  }

  private shed(): void {
    const over = this.buffer.length + this.inFlight - this.o.maxPending;
    if (over <= 0) return;
    // Shed a tenth of the bound at once so a stuck store yields one report per chunk, not one per request.
    const excess = Math.min(this.buffer.length, Math.max(over, Math.ceil(this.o.maxPending / 10)));
    this.buffer.splice(0, excess);
    this.dropped += excess;
    this.report(new Error(`ledger backlog over ${this.o.maxPending} records; dropped the ${excess} oldest`));
    this.progress();
  }

  private progress(): void {
    if (!this.o.onProgress) return;
    try {
      this.o.onProgress(this.stats());
    } catch (err) {
      this.report(err);
    }
  }

  private report(err: unknown): void {
    try {
      this.o.onError(err instanceof Error ? err : new Error(String(err)));
    } catch {
      // A throwing error handler must not reach the request path.
    }
  }
}
