// The spool's reading side, where the batch writer runs (writer thread or main thread): reads back records
// spilled to disk while the store could not keep up or was down, and deletes segments once every record in
// them is in the store.
import { readFileSync, rmSync } from 'node:fs';
import type { LedgerRecord } from '../record.js';
import { listSegments, type Segment } from './files.js';

export interface SpoolRead {
  records: LedgerRecord[];
  /** Sequence number after the last line consumed; lines that could not be parsed (or never written) are skipped. */
  next: number;
  /** Lines skipped as unreadable or missing. */
  unreadable: number;
}

/** Parses spool lines (a trailing line without its newline is ignored: still being written). */
export function parseLines(text: string): Array<LedgerRecord | undefined> {
  const lines = text.split('\n');
  lines.pop(); // '' after the last newline, or an unfinished line
  return lines.map((l) => {
    try {
      return JSON.parse(l) as LedgerRecord;
    } catch {
      return undefined;
    }
  });
}

export class SpoolReader {
  private cache: { path: string; lines: Array<LedgerRecord | undefined> } | undefined;

  constructor(
    private readonly dir: string,
    private readonly pid: number,
    private readonly session: string,
  ) {}

  private segments(): Segment[] {
    return listSegments(this.dir).filter((s) => s.session === this.session && s.pid === this.pid);
  }

  private lines(seg: Segment, need: number): Array<LedgerRecord | undefined> {
    if (this.cache?.path === seg.path && this.cache.lines.length > need) return this.cache.lines;
    let text = '';
    try {
      text = readFileSync(seg.path, 'utf8');
    } catch {
      // deleted or unreadable: its records count as unreadable
    }
    this.cache = { path: seg.path, lines: parseLines(text) };
    return this.cache.lines;
  }

  /** Up to `max` records from sequence number `from` (and fewer than `until`). */
  read(from: number, max: number, until: number): SpoolRead {
    const segs = this.segments();
    const records: LedgerRecord[] = [];
    let next = from;
    let unreadable = 0;
    while (records.length < max && next < until) {
      const i = segs.findLastIndex((s) => s.start <= next);
      const seg = segs[i];
      const end = Math.min(until, segs[i + 1]?.start ?? until);
      if (!seg) {
        // No segment holds it (its write failed): skip to the first one that exists.
        const to = Math.min(until, segs[0]?.start ?? until);
        unreadable += to - next;
        next = to;
        continue;
      }
      const lines = this.lines(seg, next - seg.start);
      while (next < end && records.length < max) {
        const r = lines[next - seg.start];
        if (r) records.push(r);
        else unreadable++;
        next++;
      }
    }
    return { records, next, unreadable };
  }

  /** Deletes every segment whose records all precede `done` (never the one being written). */
  release(done: number): void {
    const segs = this.segments();
    for (let i = 0; i + 1 < segs.length; i++) {
      if (segs[i + 1]!.start > done) break;
      rmSync(segs[i]!.path, { force: true });
      if (this.cache?.path === segs[i]!.path) this.cache = undefined;
    }
  }

  /** Deletes every segment of this session (all its records are in the store). */
  releaseAll(): void {
    for (const s of this.segments()) rmSync(s.path, { force: true });
    this.cache = undefined;
  }
}
