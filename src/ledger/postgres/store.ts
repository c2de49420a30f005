// Postgres LedgerStore: one INSERT … SELECT FROM unnest(arrays) per batch, rollups folded from its RETURNING rows.
import type pg from 'pg';
import { AggregateMerger } from '../aggregate.js';
import { COLUMNS, fromRow, pushRow, type RowValue } from '../columns.js';
import { FEEDBACK_INSERT_COLUMNS, feedbackJoinSql, feedbackParams, fromFeedbackRow } from '../feedback.js';
import { planRange } from '../plan.js';
import type { LedgerRecord } from '../record.js';
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
import { quoteIdent } from './schema.js';

const DIALECT: Dialect = { ph: (n) => `$${n}` };
const ARRAY_TYPE = { text: 'text[]', int: 'bigint[]', real: 'float8[]', bool: 'boolean[]' } as const;

export class PostgresStore implements LedgerStore {
  readonly kind = 'postgres' as const;
  private readonly t: Tables;
  private readonly s: string;
  private readonly insertSql: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    this.s = quoteIdent(schema);
    this.t = {
      raw: `${this.s}.ledger_records`,
      hourly: `${this.s}.ledger_hourly`,
      daily: `${this.s}.ledger_daily`,
    };
    const cols = COLUMNS.map(([c]) => c).join(', ');
    const arrays = COLUMNS.map(([, type], i) => `$${i + 1}::${ARRAY_TYPE[type]}`).join(', ');
    this.insertSql =
      `WITH ins AS (INSERT INTO ${this.t.raw} (${cols}) SELECT * FROM unnest(${arrays}) ` +
      `ON CONFLICT (id) DO NOTHING RETURNING *), ` +
      `h AS (${rollupUpsertSql(this.t.hourly, 'hourly', 'ins', 'true')}), ` +
      `d AS (${rollupUpsertSql(this.t.daily, 'daily', 'ins', 'true')}) ` +
      'SELECT COUNT(*)::int AS n FROM ins';
  }

  async insertBatch(records: readonly LedgerRecord[], mark?: SessionMark): Promise<{ inserted: number }> {
    const columns: RowValue[][] = COLUMNS.map(() => new Array<RowValue>(records.length));
    const row: RowValue[] = [];
    records.forEach((r, i) => {
      row.length = 0;
      pushRow(r, row);
      for (let c = 0; c < row.length; c++) columns[c]![i] = row[c]!;
    });
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const res = await client.query(this.insertSql, columns);
      const inserted = Number(res.rows[0]?.n ?? 0);
      // Written = rows this transaction added: a retried batch (or a replayed spool) is not counted twice.
      if (mark) await this.mark(client, mark, inserted);
      await client.query('COMMIT');
      return { inserted };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  async markSession(mark: SessionMark): Promise<void> {
    await this.mark(this.pool, mark, 0);
  }

  private async mark(q: pg.Pool | pg.PoolClient, mark: SessionMark, written: number): Promise<void> {
    await q.query(
      `UPDATE ${this.s}.margin_sessions SET accepted = GREATEST(accepted, $1), written = written + $2,
       heartbeat_ms = $3 WHERE id = $4`,
      [mark.accepted, written, Date.now(), mark.sessionId],
    );
  }

  async beginSession(info: SessionInfo): Promise<CrashStats> {
    const now = Date.now();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const open = await client.query(
        `SELECT id, pid, host, heartbeat_ms, stale_after_ms, accepted, written FROM ${this.s}.margin_sessions
         WHERE state = 'open' FOR UPDATE`,
      );
      let lost = 0;
      let crashed = 0;
      for (const r of open.rows as Array<Record<string, string | number>>) {
        const dead = sessionIsDead(
          {
            pid: Number(r.pid),
            host: String(r.host),
            heartbeatMs: Number(r.heartbeat_ms),
            staleAfterMs: Number(r.stale_after_ms),
          },
          now,
          info.host,
        );
        if (!dead) continue;
        const l = Math.max(0, Number(r.accepted) - Number(r.written));
        await client.query(
          `UPDATE ${this.s}.margin_sessions SET state = 'crashed', lost = $1 WHERE id = $2`,
          [l, r.id],
        );
        lost += l;
        crashed++;
      }
      if (crashed > 0) {
        await client.query(`UPDATE ${this.s}.margin_meta SET value = $1 WHERE key = 'lost_on_last_crash'`, [
          String(lost),
        ]);
        await client.query(
          `UPDATE ${this.s}.margin_meta SET value = (value::bigint + $1)::text WHERE key = 'lost_total'`,
          [lost],
        );
      }
      await client.query(
        `INSERT INTO ${this.s}.margin_sessions (id, pid, host, started_ms, heartbeat_ms, stale_after_ms)
         VALUES ($1, $2, $3, $4, $4, $5)`,
        [info.sessionId, info.pid, info.host, now, info.staleAfterMs],
      );
      await client.query('COMMIT');
      const stats = await this.crashStats();
      return { ...stats, lostOnLastCrash: lost, crashedSessions: crashed };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  async endSession(sessionId: string, accepted: number, clean: boolean): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.s}.margin_sessions SET accepted = GREATEST(accepted, $1), heartbeat_ms = $2, state = $3
       WHERE id = $4`,
      [accepted, Date.now(), clean ? 'clean' : 'open', sessionId],
    );
  }

  async crashStats(): Promise<CrashStats> {
    const meta = await this.pool.query(`SELECT key, value FROM ${this.s}.margin_meta`);
    const m = new Map((meta.rows as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]));
    const c = await this.pool.query(
      `SELECT COUNT(*)::int AS n FROM ${this.s}.margin_sessions WHERE state = 'crashed'`,
    );
    return {
      lostOnLastCrash: Number(m.get('lost_on_last_crash') ?? 0),
      lostTotal: Number(m.get('lost_total') ?? 0),
      crashedSessions: Number(c.rows[0]?.n ?? 0),
    };
  }

  async aggregate(q: AggregateQuery): Promise<AggregateResult> {
    const merger = new AggregateMerger(q.by);
    let rawRowsScanned = 0;
    let usedRollup = false;
    for (const part of planRange(q.from, q.to, q.by !== 'hour')) {
      const { sql, params } = aggregateSql(part, q, this.t, DIALECT);
      const res = await this.pool.query(sql, params);
      for (const row of res.rows as Array<Record<string, unknown>>) {
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
    const res = await this.pool.query(
      `SELECT COUNT(*)::bigint AS n FROM ${this.t.raw} WHERE ${where}`,
      params,
    );
    return Number(res.rows[0]?.n ?? 0);
  }

  async latencySamples(
    q: AggregateQuery,
  ): Promise<Map<string | null, { latency: number[]; ttft: number[] }>> {
    const { sql, params } = samplesSql(q, this.t, DIALECT);
    const res = await this.pool.query({ text: sql, values: params, rowMode: 'array' });
    const out = new Map<string | null, { latency: number[]; ttft: number[] }>();
    for (const row of res.rows as Array<[unknown, number, number | null]>) {
      const key = row[0] === null ? null : String(row[0]);
      let s = out.get(key);
      if (!s) {
        s = { latency: [], ttft: [] };
        out.set(key, s);
      }
      s.latency.push(Number(row[1]));
      if (row[2] !== null) s.ttft.push(Number(row[2]));
    }
    return out;
  }

  async requestOwner(id: string): Promise<{ keyId: string | null; tenant: string | null } | undefined> {
    const res = await this.pool.query(`SELECT key_id, tenant FROM ${this.t.raw} WHERE id = $1`, [id]);
    const row = res.rows[0] as { key_id: string | null; tenant: string | null } | undefined;
    return row && { keyId: row.key_id, tenant: row.tenant };
  }

  async records(q: Partial<TimeRange> & { limit: number; filter?: LedgerFilter }): Promise<LedgerRecord[]> {
    const params: unknown[] = [];
    const where = whereSql('raw', q.from ?? 0, q.to ?? Number.MAX_SAFE_INTEGER, q.filter, DIALECT, params);
    params.push(q.limit);
    const res = await this.pool.query(
      `SELECT * FROM ${this.t.raw} WHERE ${where} ORDER BY ts DESC, seq DESC LIMIT $${params.length}`,
      params,
    );
    return (res.rows as Array<Record<string, unknown>>).map(fromRow);
  }

  async insertFeedback(row: FeedbackRow): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.s}.ledger_feedback (${FEEDBACK_INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`,
      feedbackParams(row),
    );
  }

  async feedbackWithRoutes(q: TimeRange): Promise<FeedbackWithRoute[]> {
    const sql = feedbackJoinSql(`${this.s}.ledger_feedback`, this.t.raw, (n) => `$${n}`);
    const res = await this.pool.query(sql, [q.from, q.to]);
    return (res.rows as Array<Record<string, unknown>>).map(fromFeedbackRow);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
