// Postgres job store: the same three tables in the ledger's schema (created on open), for gateways that share
// a Postgres ledger across replicas. Claims take rows with FOR UPDATE SKIP LOCKED, so replicas never hold the
// same line.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { fileRow, JOB_INSERT_COLUMNS, jobFromRow, LINE_INSERT_COLUMNS, lineFromRow } from './rows.js';
import type {
  Assignment,
  ClaimedLine,
  FileListQuery,
  Job,
  JobListQuery,
  JobPlan,
  JobStore,
  LineCounts,
  LineResult,
  LineRow,
  NewJob,
  NewLine,
  StoredFile,
} from './types.js';

const schemaSql = (s: string) => [
  `CREATE SCHEMA IF NOT EXISTS "${s}"`,
  `CREATE TABLE IF NOT EXISTS "${s}".margin_files (id TEXT PRIMARY KEY, tenant TEXT, key_id TEXT,
    purpose TEXT NOT NULL, filename TEXT NOT NULL, bytes BIGINT NOT NULL, created_at BIGINT NOT NULL,
    content BYTEA NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS "${s}".margin_jobs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, key_id TEXT,
    tenant TEXT, endpoint TEXT NOT NULL, objective TEXT NOT NULL, deadline BIGINT NOT NULL,
    created_at BIGINT NOT NULL, callback_url TEXT, input_file_id TEXT, metadata TEXT, status TEXT NOT NULL,
    plan TEXT, started_at BIGINT, finished_at BIGINT, cancelled_at BIGINT,
    callback_state TEXT NOT NULL DEFAULT 'none', callback_attempts INTEGER NOT NULL DEFAULT 0,
    callback_next_at BIGINT, callback_error TEXT)`,
  `CREATE INDEX IF NOT EXISTS margin_jobs_created ON "${s}".margin_jobs (created_at, id)`,
  `CREATE TABLE IF NOT EXISTS "${s}".margin_job_lines (job_id TEXT NOT NULL, idx INTEGER NOT NULL,
    custom_id TEXT NOT NULL, request TEXT, state TEXT NOT NULL, group_key TEXT, mode TEXT, not_before BIGINT,
    claim_owner TEXT, claim_token TEXT, lease_until BIGINT, attempts INTEGER NOT NULL DEFAULT 0,
    provider_batch_id TEXT, result TEXT, ledger_id TEXT, finished_at BIGINT, PRIMARY KEY (job_id, idx))`,
  `CREATE INDEX IF NOT EXISTS margin_job_lines_due ON "${s}".margin_job_lines (state, not_before)`,
];

type Row = Record<string, unknown>;
type Client = pg.Pool | pg.PoolClient;

export class PostgresJobStore implements JobStore {
  readonly kind = 'postgres' as const;
  private readonly files: string;
  private readonly jobs: string;
  private readonly lns: string;

  private constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    this.files = `"${schema}".margin_files`;
    this.jobs = `"${schema}".margin_jobs`;
    this.lns = `"${schema}".margin_job_lines`;
  }

  static async open(connectionString: string, schema: string): Promise<PostgresJobStore> {
    const pool = new pg.Pool({ connectionString, max: 4 });
    // A dropped connection (Postgres restarting, a network cut) must not crash the gateway: the worker's
    // next tick retries, and the request that hit it gets a 500.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    try {
      for (const sql of schemaSql(schema)) await pool.query(sql);
    } catch (err) {
      await pool.end();
      throw err;
    }
    return new PostgresJobStore(pool, schema);
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  }

  private async rows(sql: string, args: unknown[] = [], c: Client = this.pool): Promise<Row[]> {
    return (await c.query(sql, args)).rows as Row[];
  }

  async putFile(f: StoredFile, content: Buffer): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.files} (id, tenant, key_id, purpose, filename, bytes, created_at, content) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [f.id, f.tenant, f.keyId, f.purpose, f.filename, f.bytes, f.createdAt, content],
    );
  }

  async getFile(id: string): Promise<StoredFile | undefined> {
    const [r] = await this.rows(
      `SELECT id, tenant, key_id, purpose, filename, bytes, created_at FROM ${this.files} WHERE id = $1`,
      [id],
    );
    return r ? fileRow(r) : undefined;
  }

  async fileContent(id: string): Promise<Buffer | undefined> {
    const [r] = await this.rows(`SELECT content FROM ${this.files} WHERE id = $1`, [id]);
    return r ? (r.content as Buffer) : undefined;
  }

  async listFiles(q: FileListQuery): Promise<StoredFile[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const arg = (v: unknown): string => {
      args.push(v);
      return `$${args.length}`;
    };
    if (q.tenant !== undefined) where.push(`tenant IS NOT DISTINCT FROM ${arg(q.tenant)}`);
    if (q.purpose !== undefined) where.push(`purpose = ${arg(q.purpose)}`);
    const cursor = q.afterId ? await this.getFile(q.afterId) : undefined;
    // An unknown cursor (deleted meanwhile) ends the listing rather than restarting it.
    if (q.afterId && !cursor) return [];
    if (cursor) {
      const op = q.ascending ? '>' : '<';
      where.push(`(created_at, id) ${op} (${arg(cursor.createdAt)}, ${arg(cursor.id)})`);
    }
    const dir = q.ascending ? 'ASC' : 'DESC';
    const rows = await this.rows(
      `SELECT id, tenant, key_id, purpose, filename, bytes, created_at FROM ${this.files}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at ${dir}, id ${dir} LIMIT ${arg(q.limit)}`,
      args,
    );
    return rows.map(fileRow);
  }

  async deleteFile(id: string): Promise<boolean> {
    const r = await this.pool.query(`DELETE FROM ${this.files} WHERE id = $1`, [id]);
    return (r.rowCount ?? 0) > 0;
  }

  async createJob(job: NewJob, lines: readonly NewLine[]): Promise<void> {
    await this.tx(async (c) => {
      await c.query(
        `INSERT INTO ${this.jobs} (${JOB_INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'queued', $12)`,
        [
          job.id,
          job.kind,
          job.keyId,
          job.tenant,
          job.endpoint,
          job.objective,
          job.deadline,
          job.createdAt,
          job.callbackUrl,
          job.inputFileId,
          job.metadata ? JSON.stringify(job.metadata) : null,
          job.callbackUrl ? 'pending' : 'none',
        ],
      );
      for (let i = 0; i < lines.length; i += 500) {
        const chunk = lines.slice(i, i + 500);
        const args: unknown[] = [];
        const values = chunk.map((l) => {
          const n = args.length;
          args.push(
            job.id,
            l.idx,
            l.customId,
            l.request === null ? null : JSON.stringify(l.request),
            l.failed ? 'failed' : 'queued',
            l.failed ? JSON.stringify(l.failed) : null,
            l.failed ? job.createdAt : null,
          );
          return `(${[1, 2, 3, 4, 5, 6, 7].map((k) => `$${n + k}`).join(', ')})`;
        });
        await c.query(`INSERT INTO ${this.lns} (${LINE_INSERT_COLUMNS}) VALUES ${values.join(', ')}`, args);
      }
    });
  }

  async getJob(id: string): Promise<Job | undefined> {
    const [r] = await this.rows(`SELECT * FROM ${this.jobs} WHERE id = $1`, [id]);
    return r ? jobFromRow(r) : undefined;
  }

  async listJobs(q: JobListQuery): Promise<Job[]> {
    const args: unknown[] = [[...q.kinds]];
    const where = ['kind = ANY($1)'];
    if (q.tenant !== undefined) {
      if (q.tenant === null) where.push('tenant IS NULL');
      else {
        args.push(q.tenant);
        where.push(`tenant = $${args.length}`);
      }
    }
    let order = 'DESC';
    const cursorId = q.afterId ?? q.beforeId;
    if (cursorId !== undefined) {
      const [c] = await this.rows(`SELECT created_at FROM ${this.jobs} WHERE id = $1`, [cursorId]);
      if (c) {
        args.push(c.created_at, cursorId);
        const op = q.afterId !== undefined ? '<' : '>';
        if (q.afterId === undefined) order = 'ASC';
        where.push(`(created_at, id) ${op} ($${args.length - 1}, $${args.length})`);
      }
    }
    args.push(q.limit);
    const rows = await this.rows(
      `SELECT * FROM ${this.jobs} WHERE ${where.join(' AND ')} ORDER BY created_at ${order}, id ${order} LIMIT $${args.length}`,
      args,
    );
    const jobs = rows.map(jobFromRow);
    return order === 'ASC' ? jobs.reverse() : jobs;
  }

  async counts(jobId: string): Promise<LineCounts> {
    const rows = await this.rows(
      `SELECT state, COUNT(*) AS n FROM ${this.lns} WHERE job_id = $1 GROUP BY state`,
      [jobId],
    );
    const c: LineCounts = { total: 0, queued: 0, running: 0, done: 0, failed: 0, cancelled: 0 };
    for (const r of rows) {
      const n = Number(r.n);
      c.total += n;
      const s = String(r.state) as keyof LineCounts;
      if (s in c) c[s] += n;
    }
    return c;
  }

  async openJobs(): Promise<Job[]> {
    const rows = await this.rows(
      `SELECT * FROM ${this.jobs} WHERE status IN ('queued', 'in_progress', 'cancelling') ORDER BY created_at`,
    );
    return rows.map(jobFromRow);
  }

  async unplanned(jobId: string): Promise<LineRow[]> {
    const rows = await this.rows(
      `SELECT * FROM ${this.lns} WHERE job_id = $1 AND state = 'queued' AND group_key IS NULL ORDER BY idx`,
      [jobId],
    );
    return rows.map(lineFromRow);
  }

  async setPlan(
    jobId: string,
    plan: JobPlan,
    assignments: readonly Assignment[],
    now: number,
  ): Promise<void> {
    await this.tx(async (c) => {
      for (const a of assignments) {
        await c.query(
          `UPDATE ${this.lns} SET group_key = $1, mode = $2, not_before = $3 WHERE job_id = $4 AND idx = $5`,
          [a.group, a.mode, a.notBefore, jobId, a.idx],
        );
      }
      await c.query(
        `UPDATE ${this.jobs} SET plan = $1, status = CASE WHEN status = 'queued' THEN 'in_progress' ELSE status END,
           started_at = COALESCE(started_at, $2) WHERE id = $3`,
        [JSON.stringify(plan), now, jobId],
      );
    });
  }

  private async claim(
    where: string,
    extra: unknown[],
    now: number,
    owner: string,
    leaseMs: number,
    limit: number,
  ): Promise<ClaimedLine[]> {
    return this.tx(async (c) => {
      const picked = await this.rows(
        `SELECT l.job_id, l.idx FROM ${this.lns} l JOIN ${this.jobs} j ON j.id = l.job_id
         WHERE l.not_before <= $1 AND l.result IS NULL AND ${where}
           AND ((l.state = 'queued' AND j.status = 'in_progress') OR (l.state = 'running' AND l.lease_until < $1 AND l.provider_batch_id IS NULL AND j.status IN ('in_progress', 'cancelling')))
         ORDER BY l.not_before, l.job_id, l.idx LIMIT $2 FOR UPDATE OF l SKIP LOCKED`,
        [now, limit, ...extra],
        c,
      );
      const out: ClaimedLine[] = [];
      for (const p of picked) {
        const token = randomUUID();
        const [r] = await this.rows(
          `UPDATE ${this.lns} SET state = 'running', claim_owner = $1, claim_token = $2, lease_until = $3,
             attempts = attempts + 1 WHERE job_id = $4 AND idx = $5 RETURNING *`,
          [owner, token, now + leaseMs, p.job_id, p.idx],
          c,
        );
        if (r) out.push({ ...lineFromRow(r), token });
      }
      return out;
    });
  }

  async claimLive(now: number, limit: number, owner: string, leaseMs: number): Promise<ClaimedLine[]> {
    return this.claim("l.mode <> 'provider-batch'", [], now, owner, leaseMs, limit);
  }

  async claimGroup(
    jobId: string,
    group: string,
    now: number,
    owner: string,
    leaseMs: number,
  ): Promise<ClaimedLine[]> {
    return this.claim('l.job_id = $3 AND l.group_key = $4', [jobId, group], now, owner, leaseMs, 1_000_000);
  }

  async setProviderBatch(jobId: string, idxs: readonly number[], providerBatchId: string): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.lns} SET provider_batch_id = $1 WHERE job_id = $2 AND idx = ANY($3) AND state = 'running'`,
      [providerBatchId, jobId, [...idxs]],
    );
  }

  async providerBatches(): Promise<Array<{ jobId: string; group: string; providerBatchId: string }>> {
    const rows = await this.rows(
      `SELECT DISTINCT job_id, group_key, provider_batch_id FROM ${this.lns} WHERE state = 'running' AND provider_batch_id IS NOT NULL`,
    );
    return rows.map((r) => ({
      jobId: String(r.job_id),
      group: String(r.group_key),
      providerBatchId: String(r.provider_batch_id),
    }));
  }

  async batchLines(jobId: string, providerBatchId: string): Promise<LineRow[]> {
    const rows = await this.rows(
      `SELECT * FROM ${this.lns} WHERE job_id = $1 AND provider_batch_id = $2 AND state = 'running' ORDER BY idx`,
      [jobId, providerBatchId],
    );
    return rows.map(lineFromRow);
  }

  async renew(owner: string, until: number): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.lns} SET lease_until = $1 WHERE claim_owner = $2 AND state = 'running' AND provider_batch_id IS NULL`,
      [until, owner],
    );
  }

  async complete(
    jobId: string,
    idx: number,
    token: string | null,
    state: 'done' | 'failed' | 'cancelled',
    result: LineResult,
    now: number,
  ): Promise<boolean> {
    const args: unknown[] = [state, JSON.stringify(result), result.requestId, now, jobId, idx];
    if (token !== null) args.push(token);
    const r = await this.pool.query(
      `UPDATE ${this.lns} SET state = $1, result = $2, ledger_id = $3, finished_at = $4, lease_until = NULL
       WHERE job_id = $5 AND idx = $6 AND state = 'running' AND result IS NULL
         AND ${token === null ? 'provider_batch_id IS NOT NULL' : 'claim_token = $7'}`,
      args,
    );
    return r.rowCount === 1;
  }

  async release(jobId: string, idx: number, token: string, notBefore: number): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.lns} SET state = 'queued', not_before = $1, claim_owner = NULL, claim_token = NULL,
         lease_until = NULL WHERE job_id = $2 AND idx = $3 AND claim_token = $4 AND state = 'running'`,
      [notBefore, jobId, idx, token],
    );
  }

  async cancel(jobId: string, now: number): Promise<Job | undefined> {
    await this.tx(async (c) => {
      const [j] = await this.rows(`SELECT status FROM ${this.jobs} WHERE id = $1 FOR UPDATE`, [jobId], c);
      if (!j || (j.status !== 'queued' && j.status !== 'in_progress')) return;
      await c.query(
        `UPDATE ${this.lns} SET state = 'cancelled', finished_at = $1 WHERE job_id = $2 AND state = 'queued'`,
        [now, jobId],
      );
      const [r] = await this.rows(
        `SELECT COUNT(*) AS n FROM ${this.lns} WHERE job_id = $1 AND state = 'running'`,
        [jobId],
        c,
      );
      const running = Number(r?.n ?? 0) > 0;
      await c.query(
        `UPDATE ${this.jobs} SET status = $1, cancelled_at = $2, finished_at = $3 WHERE id = $4`,
        [running ? 'cancelling' : 'cancelled', now, running ? null : now, jobId],
      );
    });
    return this.getJob(jobId);
  }

  async finishIfDone(jobId: string, now: number): Promise<Job | undefined> {
    const r = await this.pool.query(
      `UPDATE ${this.jobs} SET status = CASE status WHEN 'cancelling' THEN 'cancelled' ELSE 'completed' END,
         finished_at = $1 WHERE id = $2 AND status IN ('in_progress', 'cancelling')
         AND NOT EXISTS (SELECT 1 FROM ${this.lns} WHERE job_id = $2 AND state IN ('queued', 'running'))`,
      [now, jobId],
    );
    return r.rowCount === 1 ? this.getJob(jobId) : undefined;
  }

  async lines(jobId: string, from: number, limit: number): Promise<LineRow[]> {
    const rows = await this.rows(
      `SELECT * FROM ${this.lns} WHERE job_id = $1 AND idx >= $2 ORDER BY idx LIMIT $3`,
      [jobId, from, limit],
    );
    return rows.map(lineFromRow);
  }

  async setCallback(jobId: string, cb: Job['callback']): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.jobs} SET callback_state = $1, callback_attempts = $2, callback_next_at = $3, callback_error = $4 WHERE id = $5`,
      [cb.state, cb.attempts, cb.nextAt, cb.lastError, jobId],
    );
  }

  async dueCallbacks(now: number): Promise<Job[]> {
    const rows = await this.rows(
      `SELECT * FROM ${this.jobs} WHERE callback_state = 'pending' AND status IN ('completed', 'cancelled', 'failed')
       AND (callback_next_at IS NULL OR callback_next_at <= $1)`,
      [now],
    );
    return rows.map(jobFromRow);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
