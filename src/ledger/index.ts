// The ledger: one record per request, buffered off the request path and written in batches to SQLite or Postgres.
import { MarginError } from '../errors/index.js';
import { recordProblem } from './columns.js';
import type { LedgerRecord } from './record.js';
import { newSession } from './session.js';
import { SpoolReader } from './spool/reader.js';
import { deadSpools, type ReplayStats, replaySpools } from './spool/replay.js';
import { SpoolWriter } from './spool/writer.js';
import type { FeedbackRow, LedgerStore } from './store.js';
import { DEFAULT_LEDGER_URL, type LedgerTarget, parseLedgerUrl } from './url.js';
import { BatchWriter } from './writer.js';

export type { CacheStatus, Endpoint, LedgerRecord } from './record.js';
export type {
  AggregateQuery,
  AggregateResult,
  AggregateRow,
  CrashStats,
  FeedbackRow,
  FeedbackWithRoute,
  GroupBy,
  LedgerFilter,
  LedgerStore,
  TimeRange,
  Totals,
} from './store.js';
export { GROUP_BY } from './store.js';
export { DEFAULT_LEDGER_URL, type LedgerTarget, parseLedgerUrl, redact } from './url.js';

export interface LedgerOptions {
  /** 'sqlite:./margin.db' (default), 'sqlite::memory:', a bare path, or 'postgres://…?schema=name'. */
  url?: string;
  /** Flush at least this often (default 1000 ms). */
  flushIntervalMs?: number;
  /** Flush as soon as this many records are buffered (default 1000). */
  batchSize?: number;
  /** Called for every write failure and dropped record (default: one line on stderr). */
  onError?: (err: Error) => void;
  /** Unwritten records kept in memory at most (default 100,000); beyond it the oldest are dropped and counted. */
  maxPending?: number;
  /** First retry delay after a failed batch, doubled per attempt (default 100 ms). */
  retryBackoffMs?: number;
  /**
   * Folder of the append-only spool every record is written to (one write(2), before the gateway sends a
   * response's last byte) until it is in the store: what a crash or a store outage leaves unwritten is
   * written from it at the next start. Default: next to a SQLite file (`margin.db-spool`), `./margin-spool`
   * for Postgres; `false` (and `sqlite::memory:`) = no spool.
   */
  spool?: string | false;
  /**
   * Write from a worker thread (default: yes for a SQLite file, whose synchronous transactions would
   * otherwise stall the event loop; no for Postgres, whose I/O is already async). `sqlite::memory:` cannot
   * be shared with a thread, so `true` is refused for it.
   */
  worker?: boolean;
}

export interface LedgerStats {
  appended: number;
  written: number;
  pending: number;
  /** Batches that failed all 3 attempts (their records stay pending and are retried on the next flush). */
  failedBatches: number;
  /** Records accepted by a previous writer that crashed before writing them (counted when this ledger opened). */
  lostOnLastCrash: number;
  /** Records given up: appended after close, or shed when the backlog exceeded maxPending. */
  dropped: number;
  /** Records waiting in the spool on disk (the store could not keep up, or is down). */
  spilled: number;
  /** What this ledger wrote at start from the spools of writers that were gone. */
  replayedOnStart: ReplayStats;
}

export interface Ledger {
  /** Buffers a record; never blocks on I/O, never throws. */
  append(record: LedgerRecord): void;
  /**
   * Stores one feedback row durably (resolves once written; rejects on a write failure). Written by the
   * same connection as the records (the writer thread for a SQLite file), so the read-only side never writes.
   */
  feedback(row: FeedbackRow): Promise<void>;
  /** Writes everything appended so far (failures are retained and counted, not thrown). */
  flush(): Promise<void>;
  /** Flushes, ends the writer session (clean shutdown) and closes the store. */
  close(): Promise<void>;
  stats(): LedgerStats;
  /** The underlying store, for reports and the dashboard API. */
  store: LedgerStore;
}

/** Opens a store by URL; `create` false requires an existing ledger (reports). */
export async function openStore(url: string = DEFAULT_LEDGER_URL, create = true): Promise<LedgerStore> {
  const target = parseLedgerUrl(url);
  if (target.kind === 'sqlite') {
    const { openSqliteStore } = await import('./sqlite/index.js');
    return openSqliteStore(target.path, create);
  }
  const { openPostgresStore } = await import('./postgres/index.js');
  return openPostgresStore(target.connectionString, target.schema, create);
}

function positiveInt(v: number | undefined, fallback: number, name: string): number {
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || v <= 0) {
    throw new MarginError('MARGIN_ERR_CONFIG', `ledger ${name} must be a positive integer (got ${v})`, {
      param: name,
    });
  }
  return v;
}

/** The spool folder a ledger uses by default (see LedgerOptions.spool). */
export function defaultSpoolDir(target: LedgerTarget): string | undefined {
  if (target.kind === 'postgres') return './margin-spool';
  return target.path === ':memory:' ? undefined : `${target.path}-spool`;
}

/**
 * Opens the ledger: migrates the store, writes what dead writers left in the spool, counts what a crashed
 * previous writer lost, starts the batch writer.
 */
export async function openLedger(options: LedgerOptions = {}): Promise<Ledger> {
  const flushIntervalMs = positiveInt(options.flushIntervalMs, 1000, 'flushIntervalMs');
  const batchSize = positiveInt(options.batchSize, 1000, 'batchSize');
  const maxPending = positiveInt(options.maxPending, 100_000, 'maxPending');
  const retryBackoffMs = positiveInt(options.retryBackoffMs, 100, 'retryBackoffMs');
  const onError =
    options.onError ??
    ((err: Error) => process.stderr.write(`margin ledger: ${err.message.split('\n')[0]}\n`));
  const url = options.url ?? DEFAULT_LEDGER_URL;
  const target = parseLedgerUrl(url);
  const inMemory = target.kind === 'sqlite' && target.path === ':memory:';
  if (options.worker === true && inMemory) {
    throw new MarginError(
      'MARGIN_ERR_CONFIG',
      "ledger worker mode needs a file or Postgres ledger ('sqlite::memory:' cannot be shared with a thread)",
      { param: 'worker' },
    );
  }
  const spoolDir = options.spool === false ? undefined : (options.spool ?? defaultSpoolDir(target));
  // Writers on other hosts are presumed dead after 10 missed heartbeats (at least a minute).
  const session = newSession(Math.max(60_000, 10 * flushIntervalMs));
  const dead = spoolDir ? deadSpools(spoolDir) : [];
  if (options.worker ?? (target.kind === 'sqlite' && !inMemory)) {
    const { openWorkerLedger } = await import('./worker/client.js');
    return openWorkerLedger(
      {
        url,
        flushIntervalMs,
        batchSize,
        maxPending,
        retryBackoffMs,
        session,
        ...(spoolDir ? { spool: spoolDir } : {}),
        replay: dead,
      },
      onError,
      () => openStore(url, false),
    );
  }
  const store = await openStore(url, true);
  let lostOnLastCrash: number;
  let replayedOnStart: ReplayStats;
  try {
    replayedOnStart = await replaySpools(store, dead, batchSize);
    ({ lostOnLastCrash } = await store.beginSession(session));
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
  const spool = spoolDir ? new SpoolWriter(spoolDir, session.sessionId, onError) : undefined;
  const writer = new BatchWriter(store, session, {
    flushIntervalMs,
    batchSize,
    maxPending,
    retryBackoffMs,
    onError,
    ...(spoolDir ? { spool: new SpoolReader(spoolDir, process.pid, session.sessionId) } : {}),
  });
  let closing: Promise<void> | null = null;
  return {
    append: (record) => {
      // On disk first (one write), then buffered: see LedgerOptions.spool.
      try {
        if (spool && recordProblem(record) === undefined) spool.append(JSON.stringify(record));
      } catch (err) {
        onError(err as Error);
      }
      writer.append(record);
    },
    feedback: (row) => store.insertFeedback(row),
    flush: () => writer.flush(),
    close: () => {
      closing ??= (async () => {
        spool?.close();
        await writer.close();
        await store.close().catch((err: unknown) => onError(err as Error));
      })();
      return closing;
    },
    stats: () => ({ ...writer.stats(), lostOnLastCrash, replayedOnStart }),
    store,
  };
}
