// SQLite LedgerStore: WAL, synchronous=NORMAL, multi-row prepared inserts, rollups in the same transaction.
import Database from 'better-sqlite3';
import { AggregateMerger } from '../aggregate.js';
import { COLUMNS, fromRow, pushRow, type RowValue } from '../columns.js';
import { FEEDBACK_INSERT_COLUMNS, feedbackJoinSql, feedbackParams, fromFeedbackRow } from '../feedback.js';
import { planRange } from '../plan.js';
import type { LedgerRecord } from '../record.js';
import { rollupDeltas, rollupValuesSql } from '../rollup.js';
import { sessionIsDead } from '../session.js';
import { aggregateSql, type Dialect, rollupUpsertSql, samplesSql, type Tables, whereSql } from '../sql.js';
import type {
  AggregateQuery,
  AggregateResult,
  CrashStats,
  FeedbackRow,
  FeedbackWithRoute,
  LedgerFilter,
  LedgerStore,
  SessionInfo,
  SessionMark,
  TimeRange,
} from '../store.js';
import { migrate } from './schema.js';

const TABLES: Tables = { raw: 'ledger_records', hourly: 'ledger_hourly', daily: 'ledger_daily' };
const DIALECT: Dialect = { ph: () => '?' };
/** Rows per multi-row INSERT statement (36 columns × 64 rows stays far below SQLite's parameter limit). */
const CHUNK = 64;
/** Delta rows per multi-row rollup upsert (26 columns each). */
const ROLLUP_CHUNK = 32;

function insertSql(rows: number): string {
  const one = `(${COLUMNS.map(() => '?').join(', ')})`;
  const cols = COLUMNS.map(([c]) => c).join(', ');
  return `INSERT OR IGNORE INTO ledger_records (${cols}) VALUES ${Array(rows).fill(one).join(', ')}`;
}

interface SessionRow {
  id: string;
  pid: number;
  host: string;
  heartbeat_ms: number;
  stale_after_ms: number;
  accepted: number;
  written: number;
}

export class SqliteStore implements LedgerStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly insertMany: Database.Statement;
  private readonly maxSeq: Database.Statement;
  private readonly upsertHourly: Database.Statement;
  private readonly upsertDaily: Database.Statement;
  private readonly deltaStmts: Record<'hourly' | 'daily', { many: Database.Statement }>;
  /** Prepared statements for the odd-sized tail of a batch, by SQL text (at most CHUNK + 2 × ROLLUP_CHUNK). */
  private readonly tails = new Map<string, Database.Statement>();
  private readonly markStmt: Database.Statement;
  private readonly writeTx: (records: readonly LedgerRecord[], mark?: SessionMark) => number;

  /** Opens (and migrates) the database at `path` (`:memory:` allowed). */
  constructor(path: string, create = true) {
    this.db = new Database(path, { fileMustExist: !create });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('cache_size = -65536'); // 64 MiB: rollup upserts touch many pages
    migrate(this.db, create);
    this.insertMany = this.db.prepare(insertSql(CHUNK));
    this.maxSeq = this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM ledger_records').pluck();
    this.upsertHourly = this.db.prepare(rollupUpsertSql(TABLES.hourly, 'hourly', TABLES.raw, 'seq > ?'));
    this.upsertDaily = this.db.prepare(rollupUpsertSql(TABLES.daily, 'daily', TABLES.raw, 'seq > ?'));
    this.deltaStmts = {
      hourly: {
        many: this.db.prepare(rollupValuesSql(TABLES.hourly, 'hourly', ROLLUP_CHUNK)),
      },
      daily: {
        many: this.db.prepare(rollupValuesSql(TABLES.daily, 'daily', ROLLUP_CHUNK)),
      },
    };
    this.markStmt = this.db.prepare(
      'UPDATE margin_sessions SET accepted = MAX(accepted, ?), written = written + ?, heartbeat_ms = ? WHERE id = ?',
    );
    this.writeTx = this.db.transaction((records: readonly LedgerRecord[], mark?: SessionMark) => {
      const before = this.maxSeq.get() as number;
      let inserted = 0;
      let i = 0;
      const params: RowValue[] = [];
      for (; i + CHUNK <= records.length; i += CHUNK) {
        params.length = 0;
        for (let j = i; j < i + CHUNK; j++) pushRow(records[j]!, params);
        inserted += this.insertMany.run(params).changes;
      }
      if (i < records.length) {
        params.length = 0;
        for (let j = i; j < records.length; j++) pushRow(records[j]!, params);
        inserted += this.stmt(insertSql(records.length - i)).run(params).changes;
      }
      if (inserted === records.length) {
        // Every row is new: fold deltas summed in memory (cheaper than a GROUP BY over the new rows).
        this.applyDeltas(records, 'hourly');
        this.applyDeltas(records, 'daily');
      } else if (inserted > 0) {
        // Some ids were duplicates and ignored: fold exactly the rows this transaction inserted.
        this.upsertHourly.run(before);
        this.upsertDaily.run(before);
      }
      // Written = rows this transaction added: a retried batch (or a replayed spool) is not counted twice.
      if (mark) this.markStmt.run(mark.accepted, inserted, Date.now(), mark.sessionId);
      return inserted;
    });
  }

  private stmt(sql: string): Database.Statement {
    let st = this.tails.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.tails.set(sql, st);
    }
    return st;
  }

  private applyDeltas(records: readonly LedgerRecord[], kind: 'hourly' | 'daily'): void {
    const rows = rollupDeltas(records, kind);
    const st = this.deltaStmts[kind];
    let i = 0;
    const params: RowValue[] = [];
    for (; i + ROLLUP_CHUNK <= rows.length; i += ROLLUP_CHUNK) {
      params.length = 0;
      for (let j = i; j < i + ROLLUP_CHUNK; j++) for (const v of rows[j]!) params.push(v);
      st.many.run(params);
    }
    if (i < rows.length) {
      params.length = 0;
      for (let j = i; j < rows.length; j++) for (const v of rows[j]!) params.push(v);
      this.stmt(rollupValuesSql(TABLES[kind], kind, rows.length - i)).run(params);
    }
  }

  async insertBatch(records: readonly LedgerRecord[], mark?: SessionMark): Promise<{ inserted: number }> {
    return { inserted: this.writeTx(records, mark) };
  }

  async markSession(mark: SessionMark): Promise<void> {
    this.markStmt.run(mark.accepted, 0, Date.now(), mark.sessionId);
  }

  async beginSession(info: SessionInfo): Promise<CrashStats> {
    const now = Date.now();
    return this.db
      .transaction(() => {
        const open = this.db
          .prepare("SELECT * FROM margin_sessions WHERE state = 'open'")
          .all() as SessionRow[];
        let lost = 0;
        let crashed = 0;
        const markCrashed = this.db.prepare(
          "UPDATE margin_sessions SET state = 'crashed', lost = ? WHERE id = ?",
        );
        for (const s of open) {
          const dead = sessionIsDead(
            { pid: s.pid, host: s.host, heartbeatMs: s.heartbeat_ms, staleAfterMs: s.stale_after_ms },
            now,
            info.host,
          );
          if (!dead) continue;
          const l = Math.max(0, s.accepted - s.written);
          markCrashed.run(l, s.id);
          lost += l;
          crashed++;
        }
        if (crashed > 0) {
          this.setMeta('lost_on_last_crash', String(lost));
          this.setMeta('lost_total', String(Number(this.getMeta('lost_total') ?? 0) + lost));
        }
        this.db
          .prepare(
            'INSERT INTO margin_sessions (id, pid, host, started_ms, heartbeat_ms, stale_after_ms) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(info.sessionId, info.pid, info.host, now, now, info.staleAfterMs);
        return {
          lostOnLastCrash: lost,
          lostTotal: Number(this.getMeta('lost_total') ?? 0),
          crashedSessions: crashed,
        };
      })
      .immediate();
  }

  async endSession(sessionId: string, accepted: number, clean: boolean): Promise<void> {
    this.db
      .prepare(
        'UPDATE margin_sessions SET accepted = MAX(accepted, ?), heartbeat_ms = ?, state = ? WHERE id = ?',
      )
      .run(accepted, Date.now(), clean ? 'clean' : 'open', sessionId);
  }

  async crashStats(): Promise<CrashStats> {
    const crashed = this.db
      .prepare("SELECT COUNT(*) FROM margin_sessions WHERE state = 'crashed'")
      .pluck()
      .get();
    return {
      lostOnLastCrash: Number(this.getMeta('lost_on_last_crash') ?? 0),
      lostTotal: Number(this.getMeta('lost_total') ?? 0),
      crashedSessions: Number(crashed),
    };
  }

  async aggregate(q: AggregateQuery): Promise<AggregateResult> {
    const merger = new AggregateMerger(q.by);
    let rawRowsScanned = 0;
    let usedRollup = false;
    for (const part of planRange(q.from, q.to, q.by !== 'hour')) {
      const { sql, params } = aggregateSql(part, q, TABLES, DIALECT);
      for (const row of this.db.prepare(sql).all(...params) as Array<Record<string, unknown>>) {
        merger.add(row);
        if (part.source === 'raw') rawRowsScanned += Number(row.requests ?? 0);
      }
      if (part.source !== 'raw') usedRollup = true;
    }
    return { rows: merger.rows(), rawRowsScanned, usedRollup };
  }

  async countRaw(q: TimeRange & { filter?: LedgerFilter }): Promise<number> {
    const params: unknown[] = [];
    const where = whereSql('raw', q.from, q.to, q.filter, DIALECT, params);
    return Number(
      this.db
        .prepare(`SELECT COUNT(*) FROM ${TABLES.raw} WHERE ${where}`)
        .pluck()
        .get(...params),
    );
  }

  async latencySamples(
    q: AggregateQuery,
  ): Promise<Map<string | null, { latency: number[]; ttft: number[] }>> {
    const { sql, params } = samplesSql(q, TABLES, DIALECT);
    const out = new Map<string | null, { latency: number[]; ttft: number[] }>();
    for (const row of this.db
      .prepare(sql)
      .raw()
      .iterate(...params) as Iterable<[unknown, number, number | null]>) {
      const key = row[0] === null ? null : String(row[0]);
      let s = out.get(key);
      if (!s) {
        s = { latency: [], ttft: [] };
        out.set(key, s);
      }
      s.latency.push(row[1]);
      if (row[2] !== null) s.ttft.push(row[2]);
    }
    return out;
  }

  async records(q: Partial<TimeRange> & { limit: number; filter?: LedgerFilter }): Promise<LedgerRecord[]> {
    const params: unknown[] = [];
    const where = whereSql('raw', q.from ?? 0, q.to ?? Number.MAX_SAFE_INTEGER, q.filter, DIALECT, params);
    params.push(q.limit);
    const sql = `SELECT * FROM ${TABLES.raw} WHERE ${where} ORDER BY ts DESC, seq DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params) as Array<Record<string, unknown>>).map(fromRow);
  }

  async requestOwner(id: string): Promise<{ keyId: string | null; tenant: string | null } | undefined> {
    const row = this.db.prepare(`SELECT key_id, tenant FROM ${TABLES.raw} WHERE id = ?`).get(id) as
      | { key_id: string | null; tenant: string | null }
      | undefined;
    return row && { keyId: row.key_id, tenant: row.tenant };
  }

  async insertFeedback(row: FeedbackRow): Promise<void> {
    this.db
      .prepare(`INSERT INTO ledger_feedback (${FEEDBACK_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(...feedbackParams(row));
  }

  async feedbackWithRoutes(q: TimeRange): Promise<FeedbackWithRoute[]> {
    const sql = feedbackJoinSql('ledger_feedback', TABLES.raw, () => '?');
    return (this.db.prepare(sql).all(q.from, q.to) as Array<Record<string, unknown>>).map(fromFeedbackRow);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private getMeta(key: string): string | undefined {
    return this.db.prepare('SELECT value FROM margin_meta WHERE key = ?').pluck().get(key) as
      | string
      | undefined;
  }

  private setMeta(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO margin_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }
}
