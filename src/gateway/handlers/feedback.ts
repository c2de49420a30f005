// POST /v1/feedback: a caller's score (0 … 1) for an answer it received, by the answer's
// `x-margin-request-id`. Stored durably in the ledger's `ledger_feedback` table (no prompt or answer text)
// for `npm run train:router -- --from-ledger`. The scored request must be in the ledger (404 otherwise,
// after waiting out one flush interval, since its record may still be buffered here or in another replica)
// and, when keys are on, belong to the caller's tenant unless the caller holds an admin key (403).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { MarginError } from '../../errors/index.js';
import { MAX_FEEDBACK_COMMENT } from '../../ledger/feedback.js';
import { parseJsonBody, readBody } from '../body.js';
import type { Exchange } from '../exchange.js';
import type { GatewayState, LedgerSink } from '../state.js';
import { authenticate } from './authenticate.js';
import { sendJson } from './send-json.js';

const bodySchema = z
  .object({
    request_id: z.string().min(1).max(200).optional(),
    id: z.string().min(1).max(200).optional(),
    score: z.number().min(0).max(1),
    comment: z.string().max(MAX_FEEDBACK_COMMENT).nullable().optional(),
  })
  .passthrough();

/** Validates the body; a problem is a 400 naming the field. */
function parseFeedback(json: unknown): { requestId: string; score: number; comment: string | null } {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', 'The feedback body must be a JSON object.');
  }
  const res = bodySchema.safeParse(json);
  if (!res.success) {
    const issue = res.error.issues[0];
    const param = issue?.path.join('.') || undefined;
    throw new MarginError(
      'MARGIN_ERR_BAD_REQUEST',
      `Invalid feedback field '${param ?? '(body)'}': ${issue?.message ?? 'invalid'}.`,
      param ? { param } : {},
    );
  }
  const requestId = res.data.request_id ?? res.data.id;
  if (requestId === undefined) {
    throw new MarginError(
      'MARGIN_ERR_BAD_REQUEST',
      "Missing 'request_id': the x-margin-request-id of the answer being scored.",
      { param: 'request_id' },
    );
  }
  return { requestId, score: res.data.score, comment: res.data.comment ?? null };
}

type Owner = { keyId: string | null; tenant: string | null };

/** The scored request's owner: from the store, after this replica's flush, then after one flush interval. */
async function findOwner(
  state: GatewayState,
  sink: LedgerSink,
  store: NonNullable<LedgerSink['store']>,
  id: string,
): Promise<Owner | undefined> {
  const found = await store.requestOwner(id);
  if (found) return found;
  await sink.flush();
  const flushed = await store.requestOwner(id);
  if (flushed) return flushed;
  // Another replica writes its buffered records at least once per flush interval.
  await new Promise((resolve) => setTimeout(resolve, state.config.ledger.flushIntervalMs));
  return store.requestOwner(id);
}

/** Stores one feedback row; answers `{"object":"feedback","request_id","score","stored":true}`. */
export async function handleFeedback(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const text = await readBody(req, state.config.server.bodyLimitBytes);
  await authenticate(state, ex);
  const fb = parseFeedback(parseJsonBody(text));
  const sink = state.ledger;
  if (!sink?.feedback || !sink.store) {
    throw new MarginError(
      'MARGIN_ERR_NOT_FOUND',
      'Feedback needs the ledger, and this gateway runs without one (ledger.url is off).',
    );
  }
  const owner = await findOwner(state, sink, sink.store, fb.requestId);
  if (!owner) {
    throw new MarginError(
      'MARGIN_ERR_NOT_FOUND',
      `No request with id '${fb.requestId}' in the ledger: send the x-margin-request-id of an answer this gateway served.`,
      { param: 'request_id' },
    );
  }
  if (state.hooks.authenticate && !ex.admin && owner.tenant !== ex.tenant) {
    throw new MarginError(
      'MARGIN_ERR_FORBIDDEN',
      `Request '${fb.requestId}' belongs to another tenant; scoring it needs an admin key.`,
      { param: 'request_id' },
    );
  }
  try {
    await sink.feedback({ ...fb, ts: Date.now(), keyId: ex.keyId, tenant: ex.tenant });
  } catch (err) {
    if (err instanceof MarginError) throw err;
    throw new MarginError('MARGIN_ERR_LEDGER', `Feedback not stored: ${(err as Error).message}`);
  }
  // A semantic-cache answer: its entry learns from the score (tightened on a wrong reuse).
  state.hooks.cache?.feedback?.(fb.requestId, fb.score);
  sendJson(state, res, ex, { object: 'feedback', request_id: fb.requestId, score: fb.score, stored: true });
}
