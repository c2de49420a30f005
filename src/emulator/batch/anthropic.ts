// Anthropic Message Batches of the emulator: POST /v1/messages/batches, GET …/{id}, list, POST …/{id}/cancel,
// GET …/{id}/results (JSONL), DELETE …/{id}. processing_status in_progress → canceling → ended; every
// request ends succeeded, errored, canceled or expired. Requests are checked at creation (400 naming the
// request and field, as the API does); an unknown model fails that request alone (errored, not_found_error).
import { anthropicError } from '../anthropic-wire.js';
import * as endpoints from '../endpoints.js';
import { drawBatchFaults, drawLineError } from '../faults.js';
import type { Reply } from '../reply.js';
import { messagesRequestSchema } from '../request.js';
import type { BatchEnv } from './env.js';
import { jsonlReply, jsonReply, limitParam, page, rfc3339, unix } from './http.js';
import { BatchJob } from './job.js';
import { type LineOutcome, runLine } from './lines.js';

const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;
/** Anthropic's limit on requests per batch. */
const MAX_REQUESTS = 100_000;

interface Request {
  customId: string;
  outcome: LineOutcome;
}

interface AnthropicBatch {
  id: string;
  job: BatchJob;
  requests: Request[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const bad = (message: string): Reply => anthropicError(400, message);

/** The first problem with a create body, as a 400/413, or the requests. */
function validate(body: unknown): Reply | Array<{ customId: string; params: Record<string, unknown> }> {
  if (!isObject(body) || !Array.isArray(body.requests)) return bad('requests: Field required');
  const requests = body.requests as unknown[];
  if (requests.length === 0) return bad('requests: List should have at least 1 item after validation, not 0');
  if (requests.length > MAX_REQUESTS)
    return anthropicError(
      413,
      `requests: a batch may have at most ${MAX_REQUESTS} requests (got ${requests.length})`,
    );
  const seen = new Set<string>();
  const out: Array<{ customId: string; params: Record<string, unknown> }> = [];
  for (const [i, r] of requests.entries()) {
    if (!isObject(r)) return bad(`requests.${i}: Input should be a valid dictionary`);
    const customId = r.custom_id;
    if (typeof customId !== 'string') return bad(`requests.${i}.custom_id: Field required`);
    if (!CUSTOM_ID.test(customId))
      return bad(`requests.${i}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`);
    if (seen.has(customId))
      return bad(
        `requests.${i}.custom_id: Duplicate custom_id '${customId}': each request needs a unique custom_id`,
      );
    seen.add(customId);
    if (!isObject(r.params)) return bad(`requests.${i}.params: Field required`);
    const parsed = messagesRequestSchema.safeParse(r.params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = ['requests', i, 'params', ...(issue?.path ?? [])].join('.');
      return bad(`${where}: ${issue?.message ?? 'invalid'}`);
    }
    out.push({ customId, params: r.params });
  }
  return out;
}

export class AnthropicBatches {
  private readonly batches = new Map<string, AnthropicBatch>();
  private seq = 0;

  constructor(private readonly env: BatchEnv) {}

  /** POST /v1/messages/batches */
  create(body: unknown, now: number, origin: string): Reply {
    const requests = validate(body);
    if (!Array.isArray(requests)) return requests;
    const seq = ++this.seq;
    const faults = drawBatchFaults(this.env.o.faults, this.env.o.seed, seq);
    const run = {
      handler: endpoints.messages,
      protocol: 'anthropic' as const,
      ctx: this.env.ctx,
      timer: this.env.timer,
      lines: requests.length,
    };
    const out: Request[] = requests.map((r, i) => {
      // Anthropic has no failed batch state: an injected whole-batch failure errors every request.
      const injected = faults.fail ? 500 : drawLineError(this.env.o.faults, this.env.o.seed, seq, i);
      const ident = { id: `${this.env.prefix}${seq.toString(36)}x${i.toString(36)}`, created: unix(now) };
      return { customId: r.customId, outcome: runLine(run, r.params, ident, injected) };
    });
    const job = new BatchJob({
      createdAt: now,
      engineS: out.map((r) => r.outcome.engineS),
      scale: this.env.o.batchTimeScale,
      fails: false,
      expires: faults.expire,
      validates: false,
    });
    const batch = { id: `msgbatch_${this.env.prefix}${seq.toString(36)}`, job, requests: out };
    this.batches.set(batch.id, batch);
    return jsonReply(200, this.object(batch, now, origin));
  }

  /** GET /v1/messages/batches/{id} */
  retrieve(id: string, now: number, origin: string): Reply {
    const b = this.batches.get(id);
    return b ? jsonReply(200, this.object(b, now, origin)) : notFound(id);
  }

  /** POST /v1/messages/batches/{id}/cancel */
  cancel(id: string, now: number, origin: string): Reply {
    const b = this.batches.get(id);
    if (!b) return notFound(id);
    const phase = b.job.phase(now);
    if (phase !== 'cancelling' && !b.job.cancel(now)) {
      return bad(`Message Batch ${id} cannot be canceled: its processing has already ended.`);
    }
    return jsonReply(200, this.object(b, now, origin));
  }

  /** GET /v1/messages/batches/{id}/results */
  results(id: string, now: number): Reply {
    const b = this.batches.get(id);
    if (!b) return notFound(id);
    if (!b.job.terminal(now)) {
      return bad(
        `Message Batch ${id} has not ended yet; results are available once processing_status is 'ended'.`,
      );
    }
    const end = b.job.phase(now) === 'cancelled' ? 'canceled' : 'expired';
    const lines = b.requests.map((r, i) => {
      if (!b.job.isDone(i, now)) return { custom_id: r.customId, result: { type: end } };
      if (r.outcome.status === 200)
        return { custom_id: r.customId, result: { type: 'succeeded', message: r.outcome.body } };
      return { custom_id: r.customId, result: { type: 'errored', error: r.outcome.body } };
    });
    return jsonlReply(lines, 'application/binary');
  }

  /** DELETE /v1/messages/batches/{id} (only once processing has ended). */
  delete(id: string, now: number): Reply {
    const b = this.batches.get(id);
    if (!b) return notFound(id);
    if (!b.job.terminal(now))
      return bad(`Message Batch ${id} cannot be deleted while it is processing; cancel it first.`);
    this.batches.delete(id);
    return jsonReply(200, { id, type: 'message_batch_deleted' });
  }

  /** GET /v1/messages/batches?limit=&after_id=&before_id= (newest first) */
  list(query: URLSearchParams, now: number, origin: string): Reply {
    const all = [...this.batches.values()].reverse();
    const limit = limitParam(query, 20, 1000);
    const before = query.get('before_id');
    let data: AnthropicBatch[];
    let hasMore: boolean;
    if (before) {
      const i = all.findIndex((b) => b.id === before);
      const end = i === -1 ? 0 : i;
      data = all.slice(Math.max(0, end - limit), end);
      hasMore = end - limit > 0;
    } else ({ data, hasMore } = page(all, query.get('after_id'), limit));
    return jsonReply(200, {
      data: data.map((b) => this.object(b, now, origin)),
      has_more: hasMore,
      first_id: data[0]?.id ?? null,
      last_id: data[data.length - 1]?.id ?? null,
    });
  }

  private object(b: AnthropicBatch, now: number, origin: string) {
    const j = b.job;
    const phase = j.phase(now);
    const ended = j.terminal(now);
    const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    if (!ended) counts.processing = b.requests.length;
    else {
      b.requests.forEach((r, i) => {
        if (!j.isDone(i, now)) counts[phase === 'cancelled' ? 'canceled' : 'expired']++;
        else counts[r.outcome.status === 200 ? 'succeeded' : 'errored']++;
      });
    }
    const endedAt = j.endedAt(now);
    return {
      id: b.id,
      type: 'message_batch',
      processing_status: ended ? 'ended' : phase === 'cancelling' ? 'canceling' : 'in_progress',
      request_counts: counts,
      ended_at: endedAt === undefined ? null : rfc3339(endedAt),
      created_at: rfc3339(j.createdAt),
      expires_at: rfc3339(j.expiresAt),
      archived_at: null,
      cancel_initiated_at: j.cancelAt === undefined ? null : rfc3339(j.cancelAt),
      results_url: ended ? `${origin}/v1/messages/batches/${b.id}/results` : null,
    };
  }
}

const notFound = (id: string): Reply => anthropicError(404, `Message Batch ${id} not found.`);
