// The durable job store's interface (SQLite by default, beside the ledger; Postgres when the ledger is):
// batch input files, jobs (an OpenAI batch, an Anthropic message batch or one deferred request) and their
// lines. A line moves queued → running (claimed with a token and a lease) → done | failed, or → cancelled.
// Guarantee (docs/deferral.md): a line's result, its ledger id and its final state are written in one
// transaction, and only by the holder of its current claim; a claim whose lease ran out (its process died)
// is taken again only while no result was recorded. Each line's ledger id is fixed, so a line re-run after a
// crash in the middle of its call still leaves one ledger record.
import type { DeferralObjective, ScheduleEstimate, ScheduleMode } from '../types.js';

export type JobKind = 'openai-batch' | 'anthropic-batch' | 'deferred';
export type JobStatus = 'queued' | 'in_progress' | 'cancelling' | 'cancelled' | 'completed' | 'failed';
export type LineState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export type CallbackState = 'none' | 'pending' | 'delivered' | 'failed';

/** An uploaded file (`POST /v1/files`). */
export interface StoredFile {
  id: string;
  tenant: string | null;
  keyId: string | null;
  purpose: string;
  filename: string;
  bytes: number;
  createdAt: number;
}

/** One group of a job's lines (same resolved model) and the scheduler's plan for it. */
export interface PlannedGroup {
  key: string;
  model: string;
  provider: string;
  priceId: string | null;
  lines: number;
  mode: ScheduleMode;
  startAt: number;
  finishBy: number;
  reason: string;
  late: boolean;
  expected: ScheduleEstimate;
  immediate: ScheduleEstimate;
}

export interface JobPlan {
  groups: PlannedGroup[];
}

export interface NewJob {
  id: string;
  kind: JobKind;
  keyId: string | null;
  tenant: string | null;
  /** The client endpoint each line is a request to: `/v1/chat/completions`, `/v1/messages`, … */
  endpoint: string;
  objective: DeferralObjective;
  /** Epoch ms. */
  deadline: number;
  createdAt: number;
  callbackUrl: string | null;
  inputFileId: string | null;
  metadata: Record<string, string> | null;
}

export interface Job extends NewJob {
  status: JobStatus;
  plan: JobPlan | null;
  startedAt: number | null;
  finishedAt: number | null;
  cancelledAt: number | null;
  callback: { state: CallbackState; attempts: number; nextAt: number | null; lastError: string | null };
}

export interface LineCounts {
  total: number;
  queued: number;
  running: number;
  done: number;
  failed: number;
  cancelled: number;
}

/** A line's outcome in the client's protocol: the HTTP status and body it would have got live. */
export interface LineResult {
  status: number;
  body: unknown;
  /** `x-margin-request-id` of the run (its ledger record), null when it never ran. */
  requestId: string | null;
}

export interface NewLine {
  idx: number;
  customId: string;
  /** The request body in the client's protocol; null when the input line could not be read. */
  request: unknown;
  /** For a line that could not be read: its failure (it is stored as `failed`). */
  failed?: LineResult;
}

export interface LineRow {
  jobId: string;
  idx: number;
  customId: string;
  request: unknown;
  state: LineState;
  group: string | null;
  mode: ScheduleMode | null;
  notBefore: number | null;
  attempts: number;
  providerBatchId: string | null;
  result: LineResult | null;
  ledgerId: string | null;
  finishedAt: number | null;
}

/** A line this process holds a claim on (the token proves it when the result is recorded). */
export interface ClaimedLine extends LineRow {
  token: string;
}

export interface Assignment {
  idx: number;
  group: string;
  mode: ScheduleMode;
  notBefore: number;
}

export interface JobListQuery {
  kinds: readonly JobKind[];
  /** Only this tenant's jobs; undefined = every tenant's. */
  tenant?: string | null;
  /** Jobs older than this one (cursor pagination, newest first). */
  afterId?: string;
  /** Jobs newer than this one. */
  beforeId?: string;
  limit: number;
}

export interface FileListQuery {
  /** Only this tenant's files (null = files uploaded without a tenant); all tenants when absent. */
  tenant?: string | null;
  purpose?: string;
  /** Files that sort after this one (older, newest-first order). */
  afterId?: string;
  /** Oldest first instead of newest first. */
  ascending?: boolean;
  limit: number;
}

export interface JobStore {
  readonly kind: 'sqlite' | 'postgres';
  putFile(meta: StoredFile, content: Buffer): Promise<void>;
  getFile(id: string): Promise<StoredFile | undefined>;
  fileContent(id: string): Promise<Buffer | undefined>;
  /** Uploaded files, newest first (created_at, then id), of one tenant or all, after a cursor file. */
  listFiles(q: FileListQuery): Promise<StoredFile[]>;
  /** Removes an uploaded file and its content; false when there was none. Jobs keep their parsed lines. */
  deleteFile(id: string): Promise<boolean>;
  /** The job and all its lines, in one transaction. */
  createJob(job: NewJob, lines: readonly NewLine[]): Promise<void>;
  getJob(id: string): Promise<Job | undefined>;
  listJobs(q: JobListQuery): Promise<Job[]>;
  counts(jobId: string): Promise<LineCounts>;
  /** Jobs not yet ended (queued, in progress, cancelling). */
  openJobs(): Promise<Job[]>;
  /** Queued lines the scheduler has not placed yet. */
  unplanned(jobId: string): Promise<LineRow[]>;
  /** Stores the plan and each line's group, mode and start; the job becomes in progress. */
  setPlan(jobId: string, plan: JobPlan, assignments: readonly Assignment[], now: number): Promise<void>;
  /**
   * Claims up to `limit` due live lines (not provider-batch) of in-progress jobs: queued ones whose start
   * has come, and running ones whose lease ran out with no result recorded.
   */
  claimLive(now: number, limit: number, owner: string, leaseMs: number): Promise<ClaimedLine[]>;
  /** Claims the due lines of one provider-batch group (same rules). */
  claimGroup(
    jobId: string,
    group: string,
    now: number,
    owner: string,
    leaseMs: number,
  ): Promise<ClaimedLine[]>;
  /** Records that claimed lines were submitted as a provider batch (they are polled, not re-run). */
  setProviderBatch(jobId: string, idxs: readonly number[], providerBatchId: string): Promise<void>;
  /** Provider batches in flight: job, group and batch id. */
  providerBatches(): Promise<Array<{ jobId: string; group: string; providerBatchId: string }>>;
  /** Lines of a provider batch still running. */
  batchLines(jobId: string, providerBatchId: string): Promise<LineRow[]>;
  /** Extends the leases of every line `owner` holds. */
  renew(owner: string, until: number): Promise<void>;
  /**
   * Records a line's result, ledger id and final state in one transaction, only while `token` still holds
   * the claim (`null` = any running line of that provider batch); false when it did not.
   */
  complete(
    jobId: string,
    idx: number,
    token: string | null,
    state: 'done' | 'failed' | 'cancelled',
    result: LineResult,
    now: number,
  ): Promise<boolean>;
  /** Gives a claimed line back to the queue, to start again no earlier than `notBefore`. */
  release(jobId: string, idx: number, token: string, notBefore: number): Promise<void>;
  /** Cancels a job's queued lines; the job is cancelling while lines still run, else cancelled. */
  cancel(jobId: string, now: number): Promise<Job | undefined>;
  /** Ends the job (completed, or cancelled when cancelling) once no line is queued or running. */
  finishIfDone(jobId: string, now: number): Promise<Job | undefined>;
  /** Lines in order, from index `from`. */
  lines(jobId: string, from: number, limit: number): Promise<LineRow[]>;
  /** Webhook delivery state of a deferred job. */
  setCallback(jobId: string, cb: Job['callback']): Promise<void>;
  /** Ended jobs with a webhook due by `now`. */
  dueCallbacks(now: number): Promise<Job[]>;
  close(): Promise<void>;
}
