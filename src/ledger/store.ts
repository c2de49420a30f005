// The one ledger storage interface; src/ledger/sqlite and src/ledger/postgres implement it with the same shape.
import type { LedgerRecord } from './record.js';

/** Dimensions a report can group by; every one is kept in the hourly and daily rollups. */
export const GROUP_BY = ['model', 'provider', 'key', 'tenant', 'day', 'hour', 'endpoint', 'cache'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** Exact-match filters on rollup dimensions (`null` matches records without that field). */
export interface LedgerFilter {
  model?: string;
  provider?: string;
  key?: string | null;
  tenant?: string | null;
}

/** A half-open time range [from, to) in epoch milliseconds. */
export interface TimeRange {
  from: number;
  to: number;
}

export interface AggregateQuery extends TimeRange {
  /** Grouping dimension, or null for one total row. */
  by: GroupBy | null;
  filter?: LedgerFilter;
}

/** Additive totals for one group: every field sums across groups and sources. */
export interface Totals {
  requests: number;
  errors: number;
  inputTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  costUsd: number;
  savedUsd: number;
  energyWh: number;
  co2eG: number;
  savedEnergyWh: number;
  savedCo2eG: number;
  cacheHits: number;
  estimated: number;
  latencySumMs: number;
  ttftSumMs: number;
  ttftCount: number;
}

export interface AggregateRow extends Totals {
  /** Group value (model id, day `2026-11-01`, hour `2026-11-01T13`, ...); null for absent key/tenant/provider. */
  group: string | null;
}

/** Where the rows of an aggregate came from, so reports can say how they were computed. */
export interface AggregateResult {
  rows: AggregateRow[];
  /** Raw rows scanned at the range edges (partial hours). */
  rawRowsScanned: number;
  /** Whether the hourly / daily rollups answered part of the range. */
  usedRollup: boolean;
}

/** Writer progress carried into each batch transaction (crash accounting). */
export interface SessionMark {
  sessionId: string;
  /** Records accepted by this writer session so far (written ahead of the batch). */
  accepted: number;
}

export interface SessionInfo {
  sessionId: string;
  pid: number;
  host: string;
  /** A dead-looking session from another host counts as crashed only after this long without a heartbeat. */
  staleAfterMs: number;
}

export interface CrashStats {
  /** Records accepted but never written by sessions recovered when this session began. */
  lostOnLastCrash: number;
  /** Same, over the ledger's whole life. */
  lostTotal: number;
  crashedSessions: number;
}

/** One piece of caller feedback on a served request (`POST /v1/feedback`); no prompt or answer text. */
export interface FeedbackRow {
  /** The `x-margin-request-id` of the request judged. */
  requestId: string;
  /** When the feedback arrived, milliseconds since the epoch. */
  ts: number;
  /** 0 (bad answer) … 1 (good answer). */
  score: number;
  comment: string | null;
  /** Caller of the feedback request (API key id and tenant, null when anonymous). */
  keyId: string | null;
  tenant: string | null;
}

/** A feedback row joined to its request's ledger record (absent when the record is not there, or not yet). */
export interface FeedbackWithRoute extends FeedbackRow {
  record: {
    /** The record's route decision JSON (null when the request was not routed). */
    route: string | null;
    status: number;
    servedModel: string | null;
    tenant: string | null;
  } | null;
}

export interface LedgerStore {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Inserts records and updates the rollups and session counters in one transaction. Duplicate ids are
   * skipped (and not counted as written by the session).
   */
  insertBatch(records: readonly LedgerRecord[], mark?: SessionMark): Promise<{ inserted: number }>;
  /** Writes the session's accepted high-water mark ahead of its data (best effort between batches). */
  markSession(mark: SessionMark): Promise<void>;
  /** Registers a writer session after recovering crashed ones; returns what they lost. */
  beginSession(info: SessionInfo): Promise<CrashStats>;
  /** Ends a writer session; `clean` false leaves `accepted − written` to be counted as lost. */
  endSession(sessionId: string, accepted: number, clean: boolean): Promise<void>;
  crashStats(): Promise<CrashStats>;
  /** Totals per group over a range: rollups for whole hours/days, raw rows at the edges. */
  aggregate(q: AggregateQuery): Promise<AggregateResult>;
  /** Number of raw records in a range (cheap: indexed on ts). */
  countRaw(q: TimeRange & { filter?: LedgerFilter }): Promise<number>;
  /** Latency and TTFT samples per group from raw rows (caller bounds the range first). */
  latencySamples(q: AggregateQuery): Promise<Map<string | null, { latency: number[]; ttft: number[] }>>;
  /** Who made a request (its key id and tenant), or undefined when no record has that id (yet). */
  requestOwner(id: string): Promise<{ keyId: string | null; tenant: string | null } | undefined>;
  /** Full records, newest first. */
  records(q: Partial<TimeRange> & { limit: number; filter?: LedgerFilter }): Promise<LedgerRecord[]>;
  /** Stores one feedback row (unknown request ids are kept: their records may not be flushed yet). */
  insertFeedback(row: FeedbackRow): Promise<void>;
  /** Feedback received in a range (by feedback time), oldest first, each with its record's route JSON. */
  feedbackWithRoutes(q: TimeRange): Promise<FeedbackWithRoute[]>;
  close(): Promise<void>;
}
