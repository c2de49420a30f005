// Writer sessions: who is writing the ledger, and how to tell a crashed writer from a live one.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { SessionInfo } from './store.js';

/** A new session identity for this process. */
export function newSession(staleAfterMs: number): SessionInfo {
  return { sessionId: randomUUID(), pid: process.pid, host: hostname(), staleAfterMs };
}

/** True when a process with this id exists on this host (EPERM means it exists but is not ours). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface OpenSessionRow {
  pid: number;
  host: string;
  heartbeatMs: number;
  staleAfterMs: number;
}

/**
 * An open session is dead when its process is gone from this host, or (other hosts, where we cannot look)
 * when it has not written a heartbeat for longer than its stale period.
 */
export function sessionIsDead(s: OpenSessionRow, now: number, host: string = hostname()): boolean {
  if (s.host === host) return !pidAlive(s.pid);
  return now - s.heartbeatMs > s.staleAfterMs;
}
