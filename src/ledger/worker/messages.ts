// The message protocol between the gateway's main thread and the ledger writer thread (worker_threads).
import type { DeadSpool, ReplayStats } from '../spool/replay.js';
import type { FeedbackRow, SessionInfo } from '../store.js';
import type { WriterStats } from '../writer.js';

/** What the writer thread is started with (`workerData`). */
export interface WorkerInit {
  url: string;
  flushIntervalMs: number;
  batchSize: number;
  maxPending: number;
  retryBackoffMs: number;
  /** The writer session (made on the main thread, which names its spool after it). */
  session: SessionInfo;
  /** Spool folder: the main thread appends every record there before posting it. */
  spool?: string;
  /** Spools of dead writers to write to the store before this session begins. */
  replay: DeadSpool[];
  /**
   * Test only: a module URL whose `wrapStore(store, arg)` wraps the thread's store (fault injection in the
   * crash and failure tests); never set by openLedger.
   */
  testHook?: { module: string; arg?: unknown };
}

/** Main thread → writer thread. Messages arrive in order, so a flush or close follows every record posted. */
export type ToWorker =
  /**
   * Records as one JSON array text: a single flat string is the cheapest thing to post (the main thread never
   * structured-clones record objects). `count` is how many records it holds.
   */
  | { type: 'records'; json: string; count: number }
  | { type: 'flush'; id: number }
  /** One feedback row to insert now; answered by `feedback-done` with the same id. */
  | { type: 'feedback'; id: number; row: FeedbackRow }
  | { type: 'close'; id: number };

/** An error crossing the thread boundary (MarginError code kept so openLedger throws the same error). */
export interface WireError {
  message: string;
  code?: string;
  param?: string;
}

/** Writer thread → main thread. */
export type FromWorker =
  | { type: 'ready'; lostOnLastCrash: number; replayed: ReplayStats }
  | { type: 'failed'; error: WireError }
  | { type: 'stats'; stats: WriterStats }
  | { type: 'done'; id: number; stats: WriterStats }
  | { type: 'feedback-done'; id: number; error?: WireError }
  | { type: 'error'; message: string };
