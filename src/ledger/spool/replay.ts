// Start-up replay: the spools of writer sessions that are gone (their process died, or was stopped while
// the store was unreachable) are inserted into the store — duplicates are skipped, so what the session had
// already written costs nothing — and then deleted. Each batch raises the session's accepted mark to the
// lines read and counts what it inserted as written, so the crash accounting that follows counts as lost
// only records that are in neither the store nor the spool.
import { readFileSync, rmSync } from 'node:fs';
import { pidAlive } from '../session.js';
import type { LedgerStore } from '../store.js';
import { bySession, listSegments, type Segment } from './files.js';
import { parseLines } from './reader.js';
import { liveHere } from './writer.js';

export interface DeadSpool {
  session: string;
  segments: Segment[];
}

export interface ReplayStats {
  sessions: number;
  /** Records the store lacked and now holds. */
  inserted: number;
  /** Lines that could not be read (counted as lost by the crash accounting). */
  unreadable: number;
}

/**
 * Spools in `dir` whose writer is gone: a process that no longer exists, or this process's id (a restarted
 * container keeps pid 1) with a session that is not live here. Call on the main thread, where live spools
 * are registered.
 */
export function deadSpools(dir: string): DeadSpool[] {
  const out: DeadSpool[] = [];
  for (const [session, segments] of bySession(listSegments(dir))) {
    const pid = segments[0]!.pid;
    const alive = pid === process.pid ? liveHere(session) : pidAlive(pid);
    if (!alive) out.push({ session, segments });
  }
  return out;
}

/** Inserts the records of dead spools in batches, then deletes their files. */
export async function replaySpools(
  store: LedgerStore,
  dead: readonly DeadSpool[],
  batchSize: number,
): Promise<ReplayStats> {
  const stats: ReplayStats = { sessions: 0, inserted: 0, unreadable: 0 };
  for (const spool of dead) {
    for (const seg of spool.segments) {
      let text = '';
      try {
        text = readFileSync(seg.path, 'utf8');
      } catch {
        continue; // another process replayed and deleted it meanwhile
      }
      const lines = parseLines(text);
      for (let i = 0; i < lines.length; i += batchSize) {
        const chunk = lines.slice(i, i + batchSize);
        const records = chunk.filter((r) => r !== undefined);
        stats.unreadable += chunk.length - records.length;
        const accepted = seg.start + i + chunk.length;
        const { inserted } = await store.insertBatch(records, { sessionId: spool.session, accepted });
        stats.inserted += inserted;
      }
    }
    for (const seg of spool.segments) rmSync(seg.path, { force: true });
    stats.sessions++;
  }
  return stats;
}
