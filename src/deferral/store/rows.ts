// Row ↔ object mapping shared by the SQLite and Postgres job stores (same column names in both).
import type { ScheduleMode } from '../types.js';
import type { Job, JobKind, JobStatus, LineRow, LineState, StoredFile } from './types.js';

const json = <T>(v: unknown): T | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? (JSON.parse(v) as T) : (v as T);
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function jobFromRow(r: Record<string, unknown>): Job {
  return {
    id: String(r.id),
    kind: r.kind as JobKind,
    keyId: (r.key_id as string | null) ?? null,
    tenant: (r.tenant as string | null) ?? null,
    endpoint: String(r.endpoint),
    objective: r.objective as Job['objective'],
    deadline: Number(r.deadline),
    createdAt: Number(r.created_at),
    callbackUrl: (r.callback_url as string | null) ?? null,
    inputFileId: (r.input_file_id as string | null) ?? null,
    metadata: json<Record<string, string>>(r.metadata),
    status: r.status as JobStatus,
    plan: json<Job['plan']>(r.plan),
    startedAt: num(r.started_at),
    finishedAt: num(r.finished_at),
    cancelledAt: num(r.cancelled_at),
    callback: {
      state: (r.callback_state as Job['callback']['state']) ?? 'none',
      attempts: Number(r.callback_attempts ?? 0),
      nextAt: num(r.callback_next_at),
      lastError: (r.callback_error as string | null) ?? null,
    },
  };
}

export function lineFromRow(r: Record<string, unknown>): LineRow {
  return {
    jobId: String(r.job_id),
    idx: Number(r.idx),
    customId: String(r.custom_id),
    request: json<unknown>(r.request),
    state: r.state as LineState,
    group: (r.group_key as string | null) ?? null,
    mode: (r.mode as ScheduleMode | null) ?? null,
    notBefore: num(r.not_before),
    attempts: Number(r.attempts ?? 0),
    providerBatchId: (r.provider_batch_id as string | null) ?? null,
    result: json<LineRow['result']>(r.result),
    ledgerId: (r.ledger_id as string | null) ?? null,
    finishedAt: num(r.finished_at),
  };
}

/** Job columns in insert order. */
export const JOB_INSERT_COLUMNS =
  'id, kind, key_id, tenant, endpoint, objective, deadline, created_at, callback_url, input_file_id, metadata, status, callback_state';

export const LINE_INSERT_COLUMNS = 'job_id, idx, custom_id, request, state, result, finished_at';

/** A `margin_files` row (without its content) as a StoredFile. */
export function fileRow(r: Record<string, unknown>): StoredFile {
  return {
    id: String(r.id),
    tenant: (r.tenant as string | null) ?? null,
    keyId: (r.key_id as string | null) ?? null,
    purpose: String(r.purpose),
    filename: String(r.filename),
    bytes: Number(r.bytes),
    createdAt: Number(r.created_at),
  };
}
