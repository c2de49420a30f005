// SQLite job store (better-sqlite3): tables margin_files, margin_jobs and margin_job_lines in the ledger's
// file (WAL, its own connection). Claims are single UPDATE … WHERE transitions inside IMMEDIATE transactions,
// so two workers on one file never hold the same line.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
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

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS margin_files (id TEXT PRIMARY KEY, tenant TEXT, key_id TEXT, purpose TEXT NOT NULL,
    filename TEXT NOT NULL, bytes INTEGER NOT NULL, created_at INTEGER NOT NULL, content BLOB NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS margin_jobs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, key_id TEXT, tenant TEXT,
    endpoint TEXT NOT NULL, objective TEXT NOT NULL, deadline INTEGER NOT NULL, created_at INTEGER NOT NULL,
    callback_url TEXT, input_file_id TEXT, metadata TEXT, status TEXT NOT NULL, plan TEXT,
    started_at INTEGER, finished_at INTEGER, cancelled_at INTEGER,
    callback_state TEXT NOT NULL DEFAULT 'none', callback_attempts INTEGER NOT NULL DEFAULT 0,
    callback_next_at INTEGER, callback_error TEXT)`,
  'CREATE INDEX IF NOT EXISTS margin_jobs_created ON margin_jobs (created_at, id)',
  'CREATE INDEX IF NOT EXISTS margin_jobs_status ON margin_jobs (status)',
  `CREATE TABLE IF NOT EXISTS margin_job_lines (job_id TEXT NOT NULL, idx INTEGER NOT NULL,
    custom_id TEXT NOT NULL, request TEXT, state TEXT NOT NULL, group_key TEXT, mode TEXT, not_before INTEGER,
    claim_owner TEXT, claim_token TEXT, lease_until INTEGER, attempts INTEGER NOT NULL DEFAULT 0,
    provider_batch_id TEXT, result TEXT, ledger_id TEXT, finished_at INTEGER,
    PRIMARY KEY (job_id, idx)) WITHOUT ROWID`,
  'CREATE INDEX IF NOT EXISTS margin_job_lines_due ON margin_job_lines (state, not_before)',
  'CREATE INDEX IF NOT EXISTS margin_job_lines_owner ON margin_job_lines (claim_owner, state)',
];

type Row = Record<string, unknown>;

export class SqliteJobStore implements JobStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    for (const sql of SCHEMA) this.db.exec(sql);
  }

  async putFile(f: StoredFile, content: Buffer): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO margin_files (id, tenant, key_id, purpose, filename, bytes, created_at, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(f.id, f.tenant, f.keyId, f.purpose, f.filename, f.bytes, f.createdAt, content);
  }

  async getFile(id: string): Promise<StoredFile | undefined> {
    const r = this.db
      .prepare(
        'SELECT id, tenant, key_id, purpose, filename, bytes, created_at FROM margin_files WHERE id = ?',
      )
      .get(id) as Row | undefined;
    return r ? fileRow(r) : undefined;
  }

  async fileContent(id: string): Promise<Buffer | undefined> {
    return this.db.prepare('SELECT content FROM margin_files WHERE id = ?').pluck().get(id) as
      | Buffer
      | undefined;
  }

  async listFiles(q: FileListQuery): Promise<StoredFile[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.tenant !== undefined) {
      where.push('tenant IS ?');
      args.push(q.tenant);
    }
    if (q.purpose !== undefined) {
      where.push('purpose = ?');
      args.push(q.purpose);
    }
    const cursor = q.afterId ? await this.getFile(q.afterId) : undefined;
    // An unknown cursor (deleted meanwhile) ends the listing rather than restarting it.
    if (q.afterId && !cursor) return [];
    if (cursor) {
      where.push(
        q.ascending
          ? '(created_at > ? OR (created_at = ? AND id > ?))'
          : '(created_at < ? OR (created_at = ? AND id < ?))',
      );
      args.push(cursor.createdAt, cursor.createdAt, cursor.id);
    }
    const dir = q.ascending ? 'ASC' : 'DESC';
    const rows = this.db
      .prepare(
        `SELECT id, tenant, key_id, purpose, filename, bytes, created_at FROM margin_files${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at ${dir}, id ${dir} LIMIT ?`,
      )
      .all(...args, q.limit) as Row[];
    return rows.map(fileRow);
  }

  async deleteFile(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM margin_files WHERE id = ?').run(id).changes > 0;
  }

  async createJob(job: NewJob, lines: readonly NewLine[]): Promise<void> {
    const insJob = this.db.prepare(
      `INSERT INTO margin_jobs (${JOB_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)`,
    );
    const insLine = this.db.prepare(
      `INSERT INTO margin_job_lines (${LINE_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      insJob.run(
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
      );
      for (const l of lines) {
        insLine.run(
          job.id,
          l.idx,
          l.customId,
          l.request === null ? null : JSON.stringify(l.request),
          l.failed ? 'failed' : 'queued',
          l.failed ? JSON.stringify(l.failed) : null,
          l.failed ? job.createdAt : null,
        );
      }
    })();
  }

  async getJob(id: string): Promise<Job | undefined> {
    const r = this.db.prepare('SELECT * FROM margin_jobs WHERE id = ?').get(id) as Row | undefined;
    return r ? jobFromRow(r) : undefined;
  }

  async listJobs(q: JobListQuery): Promise<Job[]> {
    const where: string[] = [`kind IN (${q.kinds.map(() => '?').join(', ')})`];
    const args: unknown[] = [...q.kinds];
    if (q.tenant !== undefined) {
      where.push(q.tenant === null ? 'tenant IS NULL' : 'tenant = ?');
      if (q.tenant !== null) args.push(q.tenant);
    }
    const cursor = (id: string) =>
      this.db.prepare('SELECT created_at FROM margin_jobs WHERE id = ?').pluck().get(id) as
        | number
        | undefined;
    let order = 'DESC';
    if (q.afterId !== undefined) {
      const c = cursor(q.afterId);
      if (c !== undefined) {
        where.push('(created_at, id) < (?, ?)');
        args.push(c, q.afterId);
      }
    } else if (q.beforeId !== undefined) {
      const c = cursor(q.beforeId);
      if (c !== undefined) {
        where.push('(created_at, id) > (?, ?)');
        args.push(c, q.beforeId);
        order = 'ASC';
      }
    }
    const rows = this.db
      .prepare(
        `SELECT * FROM margin_jobs WHERE ${where.join(' AND ')} ORDER BY created_at ${order}, id ${order} LIMIT ?`,
      )
      .all(...args, q.limit) as Row[];
    const jobs = rows.map(jobFromRow);
    return order === 'ASC' ? jobs.reverse() : jobs;
  }

  async counts(jobId: string): Promise<LineCounts> {
    const rows = this.db
      .prepare('SELECT state, COUNT(*) AS n FROM margin_job_lines WHERE job_id = ? GROUP BY state')
      .all(jobId) as Array<{ state: string; n: number }>;
    const c: LineCounts = { total: 0, queued: 0, running: 0, done: 0, failed: 0, cancelled: 0 };
    for (const r of rows) {
      c.total += r.n;
      if (r.state in c) c[r.state as keyof LineCounts] += r.n;
    }
    return c;
  }

  async openJobs(): Promise<Job[]> {
    const rows = this.db
      .prepare(
        "SELECT * FROM margin_jobs WHERE status IN ('queued', 'in_progress', 'cancelling') ORDER BY created_at",
      )
      .all() as Row[];
    return rows.map(jobFromRow);
  }

  async unplanned(jobId: string): Promise<LineRow[]> {
    const rows = this.db
      .prepare(
        "SELECT * FROM margin_job_lines WHERE job_id = ? AND state = 'queued' AND group_key IS NULL ORDER BY idx",
      )
      .all(jobId) as Row[];
    return rows.map(lineFromRow);
  }

  async setPlan(
    jobId: string,
    plan: JobPlan,
    assignments: readonly Assignment[],
    now: number,
  ): Promise<void> {
    const upd = this.db.prepare(
      'UPDATE margin_job_lines SET group_key = ?, mode = ?, not_before = ? WHERE job_id = ? AND idx = ?',
    );
    this.db.transaction(() => {
      for (const a of assignments) upd.run(a.group, a.mode, a.notBefore, jobId, a.idx);
      this.db
        .prepare(
          "UPDATE margin_jobs SET plan = ?, status = CASE WHEN status = 'queued' THEN 'in_progress' ELSE status END, started_at = COALESCE(started_at, ?) WHERE id = ?",
        )
        .run(JSON.stringify(plan), now, jobId);
    })();
  }

  private claim(where: string, args: unknown[], now: number, owner: string, leaseMs: number, limit: number) {
    const pick = this.db.prepare(
      `SELECT l.job_id, l.idx FROM margin_job_lines l JOIN margin_jobs j ON j.id = l.job_id
       WHERE l.not_before <= ? AND l.result IS NULL AND ${where}
         AND ((l.state = 'queued' AND j.status = 'in_progress') OR (l.state = 'running' AND l.lease_until < ? AND l.provider_batch_id IS NULL AND j.status IN ('in_progress', 'cancelling')))
       ORDER BY l.not_before, l.job_id, l.idx LIMIT ?`,
    );
    const take = this.db.prepare(
      `UPDATE margin_job_lines SET state = 'running', claim_owner = ?, claim_token = ?, lease_until = ?,
         attempts = attempts + 1 WHERE job_id = ? AND idx = ? RETURNING *`,
    );
    return this.db
      .transaction((): ClaimedLine[] => {
        const out: ClaimedLine[] = [];
        for (const p of pick.all(now, ...args, now, limit) as Array<{ job_id: string; idx: number }>) {
          const token = randomUUID();
          const r = take.get(owner, token, now + leaseMs, p.job_id, p.idx) as Row;
          out.push({ ...lineFromRow(r), token });
        }
        return out;
      })
      .immediate();
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
    return this.claim('l.job_id = ? AND l.group_key = ?', [jobId, group], now, owner, leaseMs, 1_000_000);
  }

  async setProviderBatch(jobId: string, idxs: readonly number[], providerBatchId: string): Promise<void> {
    const upd = this.db.prepare(
      "UPDATE margin_job_lines SET provider_batch_id = ? WHERE job_id = ? AND idx = ? AND state = 'running'",
    );
    this.db.transaction(() => {
      for (const i of idxs) upd.run(providerBatchId, jobId, i);
    })();
  }

  async providerBatches(): Promise<Array<{ jobId: string; group: string; providerBatchId: string }>> {
    const rows = this.db
      .prepare(
        "SELECT DISTINCT job_id, group_key, provider_batch_id FROM margin_job_lines WHERE state = 'running' AND provider_batch_id IS NOT NULL",
      )
      .all() as Array<{ job_id: string; group_key: string; provider_batch_id: string }>;
    return rows.map((r) => ({ jobId: r.job_id, group: r.group_key, providerBatchId: r.provider_batch_id }));
  }

  async batchLines(jobId: string, providerBatchId: string): Promise<LineRow[]> {
    const rows = this.db
      .prepare(
        "SELECT * FROM margin_job_lines WHERE job_id = ? AND provider_batch_id = ? AND state = 'running' ORDER BY idx",
      )
      .all(jobId, providerBatchId) as Row[];
    return rows.map(lineFromRow);
  }

  async renew(owner: string, until: number): Promise<void> {
    this.db
      .prepare(
        "UPDATE margin_job_lines SET lease_until = ? WHERE claim_owner = ? AND state = 'running' AND provider_batch_id IS NULL",
      )
      .run(until, owner);
  }

  async complete(
    jobId: string,
    idx: number,
    token: string | null,
    state: 'done' | 'failed' | 'cancelled',
    result: LineResult,
    now: number,
  ): Promise<boolean> {
    const sql = `UPDATE margin_job_lines SET state = ?, result = ?, ledger_id = ?, finished_at = ?, lease_until = NULL
      WHERE job_id = ? AND idx = ? AND state = 'running' AND result IS NULL AND ${token === null ? 'provider_batch_id IS NOT NULL' : 'claim_token = ?'}`;
    const args: unknown[] = [state, JSON.stringify(result), result.requestId, now, jobId, idx];
    if (token !== null) args.push(token);
    return this.db.prepare(sql).run(...args).changes === 1;
  }

  async release(jobId: string, idx: number, token: string, notBefore: number): Promise<void> {
    this.db
      .prepare(
        "UPDATE margin_job_lines SET state = 'queued', not_before = ?, claim_owner = NULL, claim_token = NULL, lease_until = NULL WHERE job_id = ? AND idx = ? AND claim_token = ? AND state = 'running'",
      )
      .run(notBefore, jobId, idx, token);
  }

  async cancel(jobId: string, now: number): Promise<Job | undefined> {
    this.db
      .transaction(() => {
        const job = this.db.prepare('SELECT status FROM margin_jobs WHERE id = ?').pluck().get(jobId);
        if (job !== 'queued' && job !== 'in_progress') return;
        this.db
          .prepare(
            "UPDATE margin_job_lines SET state = 'cancelled', finished_at = ? WHERE job_id = ? AND state = 'queued'",
          )
          .run(now, jobId);
        const running = this.db
          .prepare("SELECT COUNT(*) FROM margin_job_lines WHERE job_id = ? AND state = 'running'")
          .pluck()
          .get(jobId) as number;
        this.db
          .prepare(
            'UPDATE margin_jobs SET status = ?, cancelled_at = ?, finished_at = CASE WHEN ? THEN ? ELSE finished_at END WHERE id = ?',
          )
          .run(running > 0 ? 'cancelling' : 'cancelled', now, running > 0 ? 0 : 1, now, jobId);
      })
      .immediate();
    return this.getJob(jobId);
  }

  async finishIfDone(jobId: string, now: number): Promise<Job | undefined> {
    const changed = this.db
      .prepare(
        `UPDATE margin_jobs SET status = CASE status WHEN 'cancelling' THEN 'cancelled' ELSE 'completed' END,
           finished_at = ? WHERE id = ? AND status IN ('in_progress', 'cancelling')
           AND NOT EXISTS (SELECT 1 FROM margin_job_lines WHERE job_id = ? AND state IN ('queued', 'running'))`,
      )
      .run(now, jobId, jobId).changes;
    return changed === 1 ? this.getJob(jobId) : undefined;
  }

  async lines(jobId: string, from: number, limit: number): Promise<LineRow[]> {
    const rows = this.db
      .prepare('SELECT * FROM margin_job_lines WHERE job_id = ? AND idx >= ? ORDER BY idx LIMIT ?')
      .all(jobId, from, limit) as Row[];
    return rows.map(lineFromRow);
  }

  async setCallback(jobId: string, cb: Job['callback']): Promise<void> {
    this.db
      .prepare(
        'UPDATE margin_jobs SET callback_state = ?, callback_attempts = ?, callback_next_at = ?, callback_error = ? WHERE id = ?',
      )
      .run(cb.state, cb.attempts, cb.nextAt, cb.lastError, jobId);
  }

  async dueCallbacks(now: number): Promise<Job[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM margin_jobs WHERE callback_state = 'pending' AND status IN ('completed', 'cancelled', 'failed')
         AND (callback_next_at IS NULL OR callback_next_at <= ?)`,
      )
      .all(now) as Row[];
    return rows.map(jobFromRow);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
