// Deferred live requests: `x-margin-defer: 6h` (a duration) or an RFC 3339 deadline on /v1/chat/completions,
// /v1/responses or /v1/messages → 202 with the job's id, deadline and plan; the request runs later through
// the live path when the scheduler says. GET /v1/deferred/{id} answers its status and, once it ran, the
// response in the client's protocol. `x-margin-callback-url` gets the same object POSTed, signed with
// HMAC-SHA256 (src/deferral/jobs-webhook.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { newJobId } from '../../deferral/jobs.js';
import { parseDeadline } from '../../deferral/jobs-input.js';
import { deferredObject } from '../../deferral/jobs-wire.js';
import { MarginError } from '../../errors/index.js';
import { parseJsonBody, readBody } from '../body.js';
import type { ClientCodec } from '../codecs/types.js';
import type { Exchange } from '../exchange.js';
import { endResponse, type GatewayState } from '../state.js';
import { authenticate } from './authenticate.js';
import { deferralCall, deferralOf } from './deferral-call.js';
import { sendJson } from './send-json.js';

export const DEFER_HEADER = 'x-margin-defer';
export const CALLBACK_HEADER = 'x-margin-callback-url';

function callbackOf(state: GatewayState, ex: Exchange): string | null {
  const raw = ex.headers[CALLBACK_HEADER];
  if (raw === undefined) return null;
  const url = Array.isArray(raw) ? raw[0] : raw;
  let u: URL | undefined;
  try {
    u = new URL(url ?? '');
  } catch {
    u = undefined;
  }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) {
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', `${CALLBACK_HEADER} must be an http(s) URL.`, {
      param: CALLBACK_HEADER,
    });
  }
  if (!deferralOf(state).webhookSecret) {
    throw new MarginError(
      'MARGIN_ERR_BAD_REQUEST',
      `${CALLBACK_HEADER} needs a signing secret on the gateway: set deferral.webhookSecret or MARGIN_WEBHOOK_SECRET.`,
      { param: CALLBACK_HEADER },
    );
  }
  return u.toString();
}

export async function handleDeferredCreate(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  codec: ClientCodec,
  path: string,
): Promise<void> {
  const d = deferralOf(state);
  const json = parseJsonBody(await readBody(req, state.config.server.bodyLimitBytes));
  const request = codec.parseRequest(json);
  ex.requestedModel = request.model;
  await authenticate(state, ex);
  const now = Date.now();
  const raw = ex.headers[DEFER_HEADER];
  const deadline = parseDeadline(String(Array.isArray(raw) ? raw[0] : raw), now, DEFER_HEADER);
  const callbackUrl = callbackOf(state, ex);
  if (!state.models.resolve(request.model) && !state.hooks.router?.routes?.().includes(request.model)) {
    throw new MarginError('MARGIN_ERR_UNKNOWN_MODEL', `The model '${request.model}' does not exist.`, {
      param: 'model',
    });
  }
  const { stream: _stream, ...body } = json as Record<string, unknown>;
  const id = newJobId('defer');
  await d.accept(
    {
      id,
      kind: 'deferred',
      keyId: ex.keyId,
      tenant: ex.tenant,
      endpoint: path,
      objective: state.config.deferral.objective,
      deadline,
      createdAt: now,
      callbackUrl,
      inputFileId: null,
      metadata: null,
    },
    [{ idx: 0, customId: id, request: body }],
  );
  const job = (await d.worker.planById(id)) ?? (await d.store.getJob(id));
  if (!job) throw new MarginError('MARGIN_ERR_INTERNAL', 'The deferred request was not stored.');
  const [line] = await d.store.lines(id, 0, 1);
  const out = JSON.stringify(deferredObject(job, line));
  ex.status = 202;
  res.writeHead(202, {
    'x-margin-request-id': ex.id,
    location: `/v1/deferred/${id}`,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(out),
  });
  endResponse(state, ex, res, out);
}

export async function handleDeferredGet(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
): Promise<void> {
  const d = await deferralCall(state, ex, req);
  const job = await d.visibleJob(ex, id, ['deferred']);
  const [line] = await d.store.lines(id, 0, 1);
  sendJson(state, res, ex, deferredObject(job, line));
}
