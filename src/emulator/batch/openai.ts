// OpenAI Batch API of the emulator: POST /v1/batches, GET /v1/batches[/{id}], POST /v1/batches/{id}/cancel.
// Status: validating → in_progress → finalizing → completed, or failed (invalid input file or injected),
// expired (past the completion window), cancelling → cancelled. Output and error files in OpenAI's JSONL
// format are written to the file store when the batch ends.
import * as endpoints from '../endpoints.js';
import { drawBatchFaults, drawLineError } from '../faults.js';
import { openaiError } from '../openai-wire.js';
import type { Reply } from '../reply.js';
import { responses } from '../responses.js';
import type { BatchEnv } from './env.js';
import type { FileStore } from './files.js';
import { jsonReply, limitParam, page, unix } from './http.js';
import { BatchJob } from './job.js';
import { type LineHandler, type LineOutcome, runLine } from './lines.js';
import { type BatchError, parseInput } from './openai-input.js';

const HANDLERS: Record<string, LineHandler> = {
  '/v1/chat/completions': endpoints.chat,
  '/v1/completions': endpoints.completion,
  '/v1/embeddings': endpoints.embeddings,
  '/v1/responses': responses,
};

const EXPIRED = {
  code: 'batch_expired',
  message: 'This request could not be executed before the completion window expired.',
};
const CANCELLED = {
  code: 'batch_cancelled',
  message: 'This request was not executed because the batch was cancelled.',
};

interface Line {
  customId: string;
  requestId: string;
  outcome: LineOutcome;
  usage: Record<string, number> | undefined;
}

interface OpenAIBatch {
  id: string;
  job: BatchJob;
  endpoint: string;
  inputFileId: string;
  metadata: unknown;
  model: string | undefined;
  errors: BatchError[];
  lines: Line[];
  outputFileId: string | null;
  errorFileId: string | null;
  written: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Token usage of a chat / completion / embeddings / Responses body (either naming). */
function usageOf(body: unknown): Record<string, number> | undefined {
  if (!isObject(body) || !isObject(body.usage)) return undefined;
  const u = body.usage;
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  const details = (v: unknown, k: string) => (isObject(v) ? num(v[k]) : 0);
  return {
    input: num(u.prompt_tokens ?? u.input_tokens),
    output: num(u.completion_tokens ?? u.output_tokens),
    cached: details(u.prompt_tokens_details ?? u.input_tokens_details, 'cached_tokens'),
    reasoning: details(u.completion_tokens_details ?? u.output_tokens_details, 'reasoning_tokens'),
  };
}

export class OpenAIBatches {
  private readonly batches = new Map<string, OpenAIBatch>();
  private seq = 0;

  constructor(
    private readonly env: BatchEnv,
    private readonly files: FileStore,
  ) {}

  /** POST /v1/batches */
  create(body: unknown, now: number): Reply {
    if (!isObject(body)) return openaiError(400, 'The request body must be a JSON object.', null);
    for (const p of ['input_file_id', 'endpoint', 'completion_window']) {
      if (typeof body[p] !== 'string')
        return openaiError(400, `Missing required parameter: '${p}'.`, p, 'missing_required_parameter');
    }
    const endpoint = body.endpoint as string;
    const handler = HANDLERS[endpoint];
    if (!handler) {
      return openaiError(
        400,
        `Invalid value: '${endpoint}'. Supported values are: ${Object.keys(HANDLERS)
          .map((e) => `'${e}'`)
          .join(', ')}.`,
        'endpoint',
        'invalid_value',
      );
    }
    if (body.completion_window !== '24h') {
      return openaiError(
        400,
        `Invalid value: '${String(body.completion_window)}'. Supported values are: '24h'.`,
        'completion_window',
        'invalid_value',
      );
    }
    const file = this.files.get(body.input_file_id as string);
    if (!file)
      return openaiError(
        404,
        `No such File object: ${String(body.input_file_id)}`,
        'input_file_id',
        'not_found',
      );
    if (file.purpose !== 'batch') {
      return openaiError(
        400,
        `File ${file.id} has purpose '${file.purpose}'; a batch's input file must have purpose 'batch'.`,
        'input_file_id',
        'invalid_value',
      );
    }
    const seq = ++this.seq;
    const id = `batch_${this.env.prefix}${seq.toString(36)}`;
    const input = parseInput(file.content.toString(), endpoint);
    const faults = drawBatchFaults(this.env.o.faults, this.env.o.seed, seq);
    const errors = input.errors.length > 0 ? input.errors : [];
    if (errors.length === 0 && faults.fail) {
      errors.push({
        code: 'batch_failed',
        message: 'Emulated batch failure (--batch-fail-rate).',
        param: null,
        line: null,
      });
    }
    const run = {
      handler,
      protocol: 'openai' as const,
      ctx: this.env.ctx,
      timer: this.env.timer,
      lines: input.lines.length,
    };
    const lines: Line[] =
      errors.length > 0
        ? []
        : input.lines.map((l, i) => {
            const injected = drawLineError(this.env.o.faults, this.env.o.seed, seq, i);
            const ident = {
              id: `${this.env.prefix}${seq.toString(36)}x${i.toString(36)}`,
              created: unix(now),
            };
            const outcome = runLine(run, l.body, ident, injected);
            return {
              customId: l.customId,
              requestId: `req_${ident.id}`,
              outcome,
              usage: outcome.status === 200 ? usageOf(outcome.body) : undefined,
            };
          });
    const job = new BatchJob({
      createdAt: now,
      engineS: lines.map((l) => l.outcome.engineS),
      scale: this.env.o.batchTimeScale,
      fails: errors.length > 0,
      expires: faults.expire,
      validates: true,
    });
    const batch: OpenAIBatch = {
      id,
      job,
      endpoint,
      inputFileId: file.id,
      metadata: body.metadata ?? null,
      model: input.lines[0]?.model,
      errors,
      lines,
      outputFileId: null,
      errorFileId: null,
      written: false,
    };
    this.batches.set(id, batch);
    return jsonReply(200, this.object(batch, now));
  }

  /** GET /v1/batches/{id} */
  retrieve(id: string, now: number): Reply {
    const b = this.batches.get(id);
    return b ? jsonReply(200, this.object(b, now)) : notFound(id);
  }

  /** POST /v1/batches/{id}/cancel */
  cancel(id: string, now: number): Reply {
    const b = this.batches.get(id);
    if (!b) return notFound(id);
    const phase = b.job.phase(now);
    if (phase !== 'cancelling' && !b.job.cancel(now)) {
      return openaiError(409, `Cannot cancel a batch with status '${phase}'.`, null, 'invalid_state');
    }
    return jsonReply(200, this.object(b, now));
  }

  /** GET /v1/batches?after=&limit= (newest first) */
  list(query: URLSearchParams, now: number): Reply {
    const all = [...this.batches.values()].reverse();
    const { data, hasMore } = page(all, query.get('after'), limitParam(query, 20, 100));
    return jsonReply(200, {
      object: 'list',
      data: data.map((b) => this.object(b, now)),
      first_id: data[0]?.id ?? null,
      last_id: data[data.length - 1]?.id ?? null,
      has_more: hasMore,
    });
  }

  /** Writes the output and error files once the batch has ended (expired and cancelled lines included). */
  private write(b: OpenAIBatch, now: number): void {
    if (b.written || !b.job.terminal(now) || b.job.fails) return;
    b.written = true;
    const phase = b.job.phase(now);
    const at = b.job.endedAt(now) ?? now;
    const out: unknown[] = [];
    const err: unknown[] = [];
    b.lines.forEach((l, i) => {
      const id = `batch_req_${l.requestId.slice(4)}`;
      if (!b.job.isDone(i, now)) {
        err.push({
          id,
          custom_id: l.customId,
          response: null,
          error: phase === 'cancelled' ? CANCELLED : EXPIRED,
        });
        return;
      }
      const line = {
        id,
        custom_id: l.customId,
        response: { status_code: l.outcome.status, request_id: l.requestId, body: l.outcome.body },
        error: null,
      };
      (l.outcome.status === 200 ? out : err).push(line);
    });
    const jsonl = (rows: unknown[]) => Buffer.from(rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
    if (out.length > 0)
      b.outputFileId = this.files.add(jsonl(out), `${b.id}_output.jsonl`, 'batch_output', at).id;
    if (err.length > 0)
      b.errorFileId = this.files.add(jsonl(err), `${b.id}_error.jsonl`, 'batch_output', at).id;
  }

  private object(b: OpenAIBatch, now: number) {
    this.write(b, now);
    const j = b.job;
    const phase = j.phase(now);
    const ended = j.terminal(now);
    let completed = 0;
    let failed = 0;
    const usage = { input: 0, output: 0, cached: 0, reasoning: 0 };
    b.lines.forEach((l, i) => {
      if (!j.isDone(i, now)) {
        if (ended) failed++;
        return;
      }
      if (l.outcome.status !== 200) {
        failed++;
        return;
      }
      completed++;
      if (l.usage)
        for (const k of ['input', 'output', 'cached', 'reasoning'] as const) usage[k] += l.usage[k] ?? 0;
    });
    const past = (t: number | undefined) =>
      t !== undefined && t <= now && Number.isFinite(t) ? unix(t) : null;
    return {
      id: b.id,
      object: 'batch',
      endpoint: b.endpoint,
      model: b.model ?? null,
      errors: b.errors.length > 0 && phase === 'failed' ? { object: 'list', data: b.errors } : null,
      input_file_id: b.inputFileId,
      completion_window: '24h',
      status: phase,
      output_file_id: b.outputFileId,
      error_file_id: b.errorFileId,
      created_at: unix(j.createdAt),
      in_progress_at:
        j.fails || (j.cancelAt !== undefined && j.cancelAt < j.validatedAt) ? null : past(j.validatedAt),
      expires_at: unix(j.expiresAt),
      finalizing_at: phase === 'finalizing' || phase === 'completed' ? past(j.finishAt) : null,
      completed_at: phase === 'completed' ? past(j.finalizedAt) : null,
      failed_at: phase === 'failed' ? past(j.validatedAt) : null,
      expired_at: phase === 'expired' ? past(j.expiresAt) : null,
      cancelling_at: past(j.cancelAt),
      cancelled_at: phase === 'cancelled' ? past(j.cancelledAt) : null,
      request_counts: { total: b.lines.length, completed, failed },
      usage: {
        input_tokens: usage.input,
        input_tokens_details: { cached_tokens: usage.cached },
        output_tokens: usage.output,
        output_tokens_details: { reasoning_tokens: usage.reasoning },
        total_tokens: usage.input + usage.output,
      },
      metadata: b.metadata,
    };
  }
}

const notFound = (id: string): Reply =>
  openaiError(404, `No batch found with id '${id}'.`, 'batch_id', 'not_found');
