// The batched ledger writer: append() only buffers; batches go to the store at batchSize rows or every
// flushIntervalMs, 3 attempts with backoff; what cannot be written is kept (bounded) and counted, never hidden.
import { recordProblem } from './columns.js';
import type { LedgerRecord } from './record.js';
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
}

export interface WriterStats {
  appended: number;
  written: number;
  pending: number;
  failedBatches: number;
  dropped: number;
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
      this.buffer.push(record);
      this.appended++;
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
    if (this.buffer.length > 0) await this.flush(); // one more full round of attempts before giving up
    this.closed = true;
    const clean = this.buffer.length === 0;
    if (!clean) this.report(new Error(`ledger closed with ${this.buffer.length} records unwritten`));
    try {
      await this.store.endSession(this.session.sessionId, this.appended, clean);
    } catch (err) {
      this.report(err);
    }
  }

  stats(): WriterStats {
    return {
      appended: this.appended,
      written: this.written,
      pending: this.buffer.length + this.inFlight,
      failedBatches: this.failedBatches,
      dropped: this.dropped,
    };
  }

  /** True after a batch failed all its attempts in the current drain: stop hammering the store. */
  private stalled = false;

  private async drain(): Promise<void> {
    this.stalled = false;
    while (this.buffer.length > 0 && !this.stalled) {
      const batch = this.buffer.splice(0, this.o.batchSize);
      this.inFlight = batch.length;
      const ok = await this.writeWithRetry(batch);
      this.inFlight = 0;
      if (ok) {
        this.written += batch.length;
      } else {
        // Keep the batch at the head, in order, for the next flush.
        this.buffer = batch.concat(this.buffer);
        this.failedBatches++;
        this.stalled = true;
      }
      this.progress();
    }
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
    if (this.buffer.length > 0) {
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
