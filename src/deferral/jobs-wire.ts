// Jobs as the vendors' APIs show them: the OpenAI Batch object and its output / error JSONL files, the
// Anthropic Message Batch object and its results JSONL, and Margin's deferred-request object. Field names
// follow the official SDKs' types (openai resources/batches.d.ts, @anthropic-ai/sdk messages/batches.d.ts).
import type { Job, LineCounts, LineRow } from './store/types.js';

const sec = (ms: number | null | undefined): number | null => (ms == null ? null : Math.floor(ms / 1000));
const iso = (ms: number | null | undefined): string | null =>
  ms == null ? null : new Date(ms).toISOString();

export const OUTPUT_SUFFIX = '-output';
export const ERRORS_SUFFIX = '-errors';

/** Ids of the virtual output and error files of an OpenAI batch. */
export const outputFileId = (jobId: string) => `file-${jobId}${OUTPUT_SUFFIX}`;
export const errorFileId = (jobId: string) => `file-${jobId}${ERRORS_SUFFIX}`;

/** The batch a virtual result file belongs to, and which file it is. */
export function resultFileOf(fileId: string): { jobId: string; which: 'output' | 'errors' } | undefined {
  const m = /^file-(batch_[A-Za-z0-9_-]+?)-(output|errors)$/.exec(fileId);
  return m ? { jobId: m[1] as string, which: m[2] as 'output' | 'errors' } : undefined;
}

/** The plan in a few fields (Margin's addition to each job object). */
export function planSummary(job: Job): Record<string, unknown> | null {
  if (!job.plan) return null;
  return {
    objective: job.objective,
    deadline: iso(job.deadline),
    groups: job.plan.groups.map((g) => ({
      model: g.model,
      lines: g.lines,
      mode: g.mode,
      start_at: iso(g.startAt),
      finish_by: iso(g.finishBy),
      late: g.late,
      reason: g.reason,
      expected_usd: g.expected.usd,
      immediate_usd: g.immediate.usd,
      expected_co2e_g: g.expected.co2eG,
      immediate_co2e_g: g.immediate.co2eG,
    })),
  };
}

const ENDED = new Set(['completed', 'cancelled', 'failed']);

export function openaiBatch(job: Job, c: LineCounts, completionWindow: string): Record<string, unknown> {
  const status =
    job.status === 'queued'
      ? 'validating'
      : job.status === 'in_progress' && c.queued + c.running === 0
        ? 'finalizing'
        : job.status;
  const ended = ENDED.has(job.status);
  return {
    id: job.id,
    object: 'batch',
    endpoint: job.endpoint,
    errors: null,
    input_file_id: job.inputFileId,
    completion_window: completionWindow,
    status,
    output_file_id: ended && c.done > 0 ? outputFileId(job.id) : null,
    error_file_id: ended && c.failed + c.cancelled > 0 ? errorFileId(job.id) : null,
    created_at: sec(job.createdAt),
    in_progress_at: sec(job.startedAt),
    expires_at: sec(job.deadline),
    finalizing_at: job.status === 'completed' ? sec(job.finishedAt) : null,
    completed_at: job.status === 'completed' ? sec(job.finishedAt) : null,
    failed_at: job.status === 'failed' ? sec(job.finishedAt) : null,
    expired_at: null,
    cancelling_at: sec(job.cancelledAt),
    cancelled_at: job.status === 'cancelled' ? sec(job.finishedAt) : null,
    request_counts: { total: c.total, completed: c.done, failed: c.failed },
    metadata: job.metadata,
    margin_plan: planSummary(job),
  };
}

/** One line of a batch's output (2xx answers) or error file, in OpenAI's documented format. */
export function openaiResultLine(
  job: Job,
  line: LineRow,
): { file: 'output' | 'errors'; text: string } | undefined {
  const id = `batch_req_${job.id.slice('batch_'.length)}_${line.idx}`;
  if (line.state === 'cancelled') {
    return {
      file: 'errors',
      text: JSON.stringify({
        id,
        custom_id: line.customId,
        response: null,
        error: { code: 'batch_cancelled', message: 'This request was cancelled with its batch.' },
      }),
    };
  }
  const r = line.result;
  if (!r || (line.state !== 'done' && line.state !== 'failed')) return undefined;
  if (r.requestId === null) {
    // Never ran: the input line could not be read.
    const e = (r.body as { error?: { code?: string; message?: string } } | null)?.error;
    return {
      file: 'errors',
      text: JSON.stringify({
        id,
        custom_id: line.customId,
        response: null,
        error: { code: e?.code ?? 'invalid_request', message: e?.message ?? 'Invalid line.' },
      }),
    };
  }
  return {
    file: r.status >= 200 && r.status < 300 ? 'output' : 'errors',
    text: JSON.stringify({
      id,
      custom_id: line.customId,
      response: { status_code: r.status, request_id: r.requestId, body: r.body },
      error: null,
    }),
  };
}

export function anthropicBatch(job: Job, c: LineCounts, resultsBase: string): Record<string, unknown> {
  const ended = ENDED.has(job.status);
  return {
    id: job.id,
    type: 'message_batch',
    processing_status: ended ? 'ended' : job.status === 'cancelling' ? 'canceling' : 'in_progress',
    request_counts: {
      processing: c.queued + c.running,
      succeeded: c.done,
      errored: c.failed,
      canceled: c.cancelled,
      expired: 0,
    },
    created_at: iso(job.createdAt),
    expires_at: iso(job.deadline),
    ended_at: ended ? iso(job.finishedAt) : null,
    cancel_initiated_at: iso(job.cancelledAt),
    archived_at: null,
    results_url: ended ? `${resultsBase}/v1/messages/batches/${job.id}/results` : null,
    margin_plan: planSummary(job),
  };
}

export function anthropicResultLine(line: LineRow): string | undefined {
  let result: Record<string, unknown>;
  if (line.state === 'cancelled') result = { type: 'canceled' };
  else if (line.state === 'done' && line.result) result = { type: 'succeeded', message: line.result.body };
  else if (line.state === 'failed' && line.result) {
    const b = line.result.body as { type?: unknown } | null;
    const error =
      b && typeof b === 'object' && b.type === 'error'
        ? b
        : { type: 'error', error: { type: 'api_error', message: String(JSON.stringify(b)) } };
    result = { type: 'errored', error };
  } else return undefined;
  return JSON.stringify({ custom_id: line.customId, result });
}

/** A deferred request: its status, plan and, once it ran, the response in the client's protocol. */
export function deferredObject(job: Job, line: LineRow | undefined): Record<string, unknown> {
  const status =
    job.status === 'completed'
      ? line?.state === 'done'
        ? 'completed'
        : 'failed'
      : job.status === 'queued'
        ? 'queued'
        : line?.state === 'running'
          ? 'running'
          : job.status === 'in_progress'
            ? 'scheduled'
            : job.status;
  const r = line?.result;
  return {
    id: job.id,
    object: 'margin.deferred',
    status,
    endpoint: job.endpoint,
    created_at: iso(job.createdAt),
    deadline: iso(job.deadline),
    completed_at: iso(job.finishedAt),
    plan: planSummary(job),
    response: r ? { status_code: r.status, request_id: r.requestId, body: r.body } : null,
  };
}
