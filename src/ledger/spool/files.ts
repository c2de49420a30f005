// Spool files: each writer session appends its records, one JSON line each, to segments named
// `<pid>.<session>.<first record's sequence number>.jsonl` in the spool folder (a local disk of this host).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface Segment {
  pid: number;
  session: string;
  /** Sequence number (0-based, per session) of the segment's first line. */
  start: number;
  path: string;
}

const NAME = /^(\d+)\.([\w-]+)\.(\d{12})\.jsonl$/;

/** The file name of a segment. */
export function segmentName(pid: number, session: string, start: number): string {
  return `${pid}.${session}.${String(start).padStart(12, '0')}.jsonl`;
}

/** Every segment in `dir` (none when it does not exist), by session then sequence. */
export function listSegments(dir: string): Segment[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: Segment[] = [];
  for (const n of names) {
    const m = NAME.exec(n);
    if (m) out.push({ pid: Number(m[1]), session: m[2]!, start: Number(m[3]), path: join(dir, n) });
  }
  return out.sort((a, b) => (a.session === b.session ? a.start - b.start : a.session < b.session ? -1 : 1));
}

/** The segments of each session, in sequence order. */
export function bySession(segments: readonly Segment[]): Map<string, Segment[]> {
  const out = new Map<string, Segment[]>();
  for (const s of segments) {
    const list = out.get(s.session) ?? [];
    list.push(s);
    out.set(s.session, list);
  }
  return out;
}
