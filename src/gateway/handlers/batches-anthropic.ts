// Anthropic Message Batches: POST /v1/messages/batches ({requests: [{custom_id, params}]}), GET
// /v1/messages/batches/{id}, GET /v1/messages/batches (newest first; after_id / before_id / limit), POST
// /v1/messages/batches/{id}/cancel, GET /v1/messages/batches/{id}/results (JSONL, once ended). Each request
// runs through the live /v1/messages path later (src/deferral/worker.ts); a request that cannot be read
// fails alone (`errored` in the results), never the batch.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { newJobId } from '../../deferral/jobs.js';
import { readAnthropicRequests } from '../../deferral/jobs-input.js';
import { anthropicBatch, anthropicResultLine } from '../../deferral/jobs-wire.js';
import type { Job } from '../../deferral/store/types.js';
import { MarginError } from '../../errors/index.js';
import { parseJsonBody, readBody } from '../body.js';
import type { Exchange } from '../exchange.js';
import { endResponse, type GatewayState } from '../state.js';
import { authenticate } from './authenticate.js';
import { cancelVisibleBatch } from './batches.js';
import { deferralCall, deferralOf, limitOf, visibleJobPage } from './deferral-call.js';
import { sendJson } from './send-json.js';

const KINDS = ['anthropic-batch'] as const;
const DAY_MS = 86_400_000;

/** `http://host` the client used (results_url is absolute, as Anthropic's is). */
const baseOf = (req: IncomingMessage) => `http://${req.headers.host ?? '127.0.0.1'}`;

async function render(state: GatewayState, req: IncomingMessage, job: Job): Promise<Record<string, unknown>> {
  return anthropicBatch(job, await deferralOf(state).store.counts(job.id), baseOf(req));
}

export async function handleMessageBatchCreate(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const d = deferralOf(state);
  const json = parseJsonBody(await readBody(req, state.config.deferral.maxFileBytes));
  await authenticate(state, ex);
  const lines = readAnthropicRequests(json);
  if (lines.length > state.config.deferral.maxLines) {
    throw new MarginError(
      'MARGIN_ERR_BAD_REQUEST',
      `requests has ${lines.length} entries; at most ${state.config.deferral.maxLines} are accepted per batch.`,
      { param: 'requests' },
    );
  }
  const now = Date.now();
  const id = newJobId('msgbatch');
  await d.accept(
    {
      id,
      kind: 'anthropic-batch',
      keyId: ex.keyId,
      tenant: ex.tenant,
      endpoint: '/v1/messages',
      objective: state.config.deferral.objective,
      deadline: now + DAY_MS,
      createdAt: now,
      callbackUrl: null,
      inputFileId: null,
      metadata: null,
    },
    lines,
  );
  const job = await d.store.getJob(id);
  if (!job) throw new MarginError('MARGIN_ERR_INTERNAL', 'The batch was not stored.');
  sendJson(state, res, ex, await render(state, req, job));
}

export async function handleMessageBatchGet(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
): Promise<void> {
  const job = await (await deferralCall(state, ex, req)).visibleJob(ex, id, KINDS);
  sendJson(state, res, ex, await render(state, req, job));
}

export async function handleMessageBatchCancel(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
): Promise<void> {
  const job = await cancelVisibleBatch(state, ex, req, id, KINDS);
  sendJson(state, res, ex, await render(state, req, job));
}

export async function handleMessageBatchList(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): Promise<void> {
  const d = await deferralCall(state, ex, req);
  const limit = limitOf(query);
  const { page, hasMore } = await visibleJobPage(d, ex, KINDS, limit, {
    afterId: query.get('after_id') ?? undefined,
    beforeId: query.get('before_id') ?? undefined,
  });
  const data = [];
  for (const j of page) data.push(await render(state, req, j));
  sendJson(state, res, ex, {
    data,
    has_more: hasMore,
    first_id: page[0]?.id ?? null,
    last_id: page.at(-1)?.id ?? null,
  });
}

export async function handleMessageBatchResults(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
): Promise<void> {
  const d = await deferralCall(state, ex, req);
  const job = await d.visibleJob(ex, id, KINDS);
  if (job.status !== 'completed' && job.status !== 'cancelled' && job.status !== 'failed') {
    throw new MarginError(
      'MARGIN_ERR_NOT_FOUND',
      `Batch '${id}' has not ended yet; its results are not ready.`,
      {
        param: 'id',
      },
    );
  }
  const out: string[] = [];
  for (let from = 0; ; ) {
    const lines = await d.store.lines(job.id, from, 1000);
    if (lines.length === 0) break;
    for (const l of lines) {
      const t = anthropicResultLine(l);
      if (t) out.push(t);
    }
    from = (lines.at(-1)?.idx ?? from) + 1;
  }
  const body = out.length ? `${out.join('\n')}\n` : '';
  ex.status = 200;
  res.writeHead(200, {
    'x-margin-request-id': ex.id,
    'content-type': 'application/binary',
    'content-length': Buffer.byteLength(body),
  });
  endResponse(state, ex, res, body);
}
