// OpenAI Batch API: POST /v1/batches (input_file_id, endpoint, completion_window), GET /v1/batches/{id},
// GET /v1/batches (newest first; `after` / `limit` cursor), POST /v1/batches/{id}/cancel. Each line runs
// through the live request path later (src/deferral/worker.ts), when the scheduler says.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { newJobId } from '../../deferral/jobs.js';
import { parseDeadline, readOpenAIJsonl } from '../../deferral/jobs-input.js';
import { openaiBatch } from '../../deferral/jobs-wire.js';
import type { Job } from '../../deferral/store/types.js';
import { MarginError } from '../../errors/index.js';
import { parseJsonBody, readBody } from '../body.js';
import type { Exchange } from '../exchange.js';
import type { GatewayState } from '../state.js';
import { authenticate } from './authenticate.js';
import { deferralCall, deferralOf, limitOf, visibleJobPage } from './deferral-call.js';
import { sendJson } from './send-json.js';

const ENDPOINTS = new Set(['/v1/chat/completions', '/v1/responses', '/v1/embeddings']);
const KINDS = ['openai-batch'] as const;

const windowOf = (job: Job): string => (job.metadata?.__completion_window as string | undefined) ?? '24h';
/** Metadata as the client gave it (the completion window is kept beside it). */
const clientMeta = (job: Job) => {
  if (!job.metadata) return null;
  const { __completion_window: _w, ...rest } = job.metadata;
  return Object.keys(rest).length ? rest : null;
};

async function render(state: GatewayState, job: Job): Promise<Record<string, unknown>> {
  const c = await deferralOf(state).store.counts(job.id);
  return { ...openaiBatch(job, c, windowOf(job)), metadata: clientMeta(job) };
}

export async function handleBatchCreate(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const d = deferralOf(state);
  const json = parseJsonBody(await readBody(req, state.config.server.bodyLimitBytes)) as Record<
    string,
    unknown
  >;
  await authenticate(state, ex);
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', 'The body must be a JSON object.');
  const { input_file_id: fileId, endpoint, completion_window: window, metadata } = json;
  if (typeof fileId !== 'string')
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', 'input_file_id is required.', { param: 'input_file_id' });
  if (typeof endpoint !== 'string' || !ENDPOINTS.has(endpoint)) {
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', `endpoint must be one of ${[...ENDPOINTS].join(', ')}.`, {
      param: 'endpoint',
    });
  }
  const now = Date.now();
  const windowText = typeof window === 'string' ? window : '';
  const deadline = parseDeadline(windowText, now, 'completion_window');
  if (
    metadata !== undefined &&
    metadata !== null &&
    (typeof metadata !== 'object' || Array.isArray(metadata))
  )
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', 'metadata must be an object.', { param: 'metadata' });
  const file = await d.store.getFile(fileId);
  if (!file || (!ex.admin && file.tenant !== ex.tenant))
    throw new MarginError('MARGIN_ERR_NOT_FOUND', `No such file: '${fileId}'.`, { param: 'input_file_id' });
  const text = ((await d.store.fileContent(fileId)) ?? Buffer.alloc(0)).toString('utf8');
  const lines = readOpenAIJsonl(text, endpoint);
  if (lines.length === 0)
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', `File '${fileId}' has no lines.`, {
      param: 'input_file_id',
    });
  if (lines.length > state.config.deferral.maxLines) {
    throw new MarginError(
      'MARGIN_ERR_BAD_REQUEST',
      `File '${fileId}' has ${lines.length} lines; at most ${state.config.deferral.maxLines} are accepted per batch.`,
      { param: 'input_file_id' },
    );
  }
  const id = newJobId('batch');
  const meta: Record<string, string> = { __completion_window: windowText };
  for (const [k, v] of Object.entries((metadata ?? {}) as Record<string, unknown>)) meta[k] = String(v);
  await d.accept(
    {
      id,
      kind: 'openai-batch',
      keyId: ex.keyId,
      tenant: ex.tenant,
      endpoint,
      objective: state.config.deferral.objective,
      deadline,
      createdAt: now,
      callbackUrl: null,
      inputFileId: fileId,
      metadata: meta,
    },
    lines,
  );
  const job = await d.store.getJob(id);
  if (!job) throw new MarginError('MARGIN_ERR_INTERNAL', 'The batch was not stored.');
  sendJson(state, res, ex, await render(state, job));
}

export async function handleBatchGet(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
): Promise<void> {
  const job = await (await deferralCall(state, ex, req)).visibleJob(ex, id, KINDS);
  sendJson(state, res, ex, await render(state, job));
}

export async function handleBatchCancel(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
): Promise<void> {
  const job = await cancelVisibleBatch(state, ex, req, id, KINDS);
  sendJson(state, res, ex, await render(state, job));
}

/** Cancels a batch the caller may see (either vendor's kind): its queued lines end cancelled, the worker wakes. */
export async function cancelVisibleBatch(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  id: string,
  kinds: readonly Job['kind'][],
): Promise<Job> {
  const d = await deferralCall(state, ex, req);
  await d.visibleJob(ex, id, kinds);
  const job = await d.store.cancel(id, Date.now());
  d.worker.poke();
  if (!job) throw new MarginError('MARGIN_ERR_NOT_FOUND', `No such batch: '${id}'.`, { param: 'id' });
  return job;
}

export async function handleBatchList(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): Promise<void> {
  const d = await deferralCall(state, ex, req);
  const limit = limitOf(query);
  const { page, hasMore } = await visibleJobPage(d, ex, KINDS, limit, {
    afterId: query.get('after') ?? undefined,
  });
  const data = [];
  for (const j of page) data.push(await render(state, j));
  sendJson(state, res, ex, {
    object: 'list',
    data,
    first_id: page[0]?.id ?? null,
    last_id: page.at(-1)?.id ?? null,
    has_more: hasMore,
  });
}
