// The spool's writing side, on the gateway's main thread: every accepted ledger record is appended to the
// session's current segment with one plain write(2) before the response's last byte is sent. No fsync: the
// kernel keeps written data across a SIGKILL of this process (not across a power cut), and the write costs
// a few microseconds. Segments roll over at SEGMENT_BYTES; the writer side (BatchWriter) deletes them once
// every record in them is in the store.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { segmentName } from './files.js';

/** A segment is closed and a new one begun past this size. */
export const SEGMENT_BYTES = 4 * 1024 * 1024;

/** Sessions of this process whose spools are live (never replayed by another ledger opened here). */
const live = new Set<string>();

/** True when `session` is a live spool writer of this process. */
export function liveHere(session: string): boolean {
  return live.has(session);
}

export class SpoolWriter {
  private fd: number | undefined;
  private size = 0;
  private seq = 0;
  private failed = false;
  private closed = false;

  constructor(
    readonly dir: string,
    readonly session: string,
    private readonly onError: (err: Error) => void,
    private readonly segmentBytes = SEGMENT_BYTES,
  ) {
    mkdirSync(dir, { recursive: true });
    live.add(session);
  }

  /** Records appended so far (the next record's sequence number). */
  get appended(): number {
    return this.seq;
  }

  /**
   * Appends one record's JSON as a line; returns its sequence number. A failed write (disk full) is reported
   * once per run of failures and the next record starts a new segment, so sequence numbers still match
   * line positions; that record is then only in memory.
   */
  append(json: string): number {
    const seq = this.seq++;
    if (this.closed) return seq;
    try {
      if (this.fd === undefined || this.size >= this.segmentBytes) this.open(seq);
      const line = `${json}\n`;
      this.size += writeSync(this.fd as number, line);
      this.failed = false;
    } catch (err) {
      this.drop();
      if (!this.failed) {
        this.failed = true;
        this.onError(
          new Error(`ledger spool write failed (${(err as Error).message}); records kept in memory only`),
        );
      }
    }
    return seq;
  }

  private open(start: number): void {
    this.drop();
    this.fd = openSync(join(this.dir, segmentName(process.pid, this.session, start)), 'a');
    this.size = 0;
  }

  private drop(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // already unusable
    }
    this.fd = undefined;
  }

  /** Stops appending (the files stay until the writer side deletes them). */
  close(): void {
    this.closed = true;
    this.drop();
    live.delete(this.session);
  }
}
