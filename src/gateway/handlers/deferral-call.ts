// What the batch, file and deferred-request handlers share: the deferral service (404 when off), the opening
// of a call that carries no body (drain it, authenticate, then the service), a list `limit`, and one page of
// the jobs a caller may see.
import type { IncomingMessage } from 'node:http';
import type { Deferral } from '../../deferral/jobs.js';
import type { Job } from '../../deferral/store/types.js';
import { MarginError } from '../../errors/index.js';
import type { Exchange } from '../exchange.js';
import type { GatewayState } from '../state.js';
import { authenticate } from './authenticate.js';

/** The deferral service, or 404 when this gateway runs without one. */
export function deferralOf(state: GatewayState): Deferral {
  if (!state.deferral) throw new MarginError('MARGIN_ERR_NOT_FOUND', 'Batches are off on this gateway.');
  return state.deferral;
}

/** A GET/DELETE (or body-less POST) call: drains the body, authenticates (401 first), then the service. */
export async function deferralCall(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
): Promise<Deferral> {
  req.resume();
  await authenticate(state, ex);
  return deferralOf(state);
}

/** A list's `limit`: an integer 1..`max`, `fallback` when absent. */
export function limitOf(q: URLSearchParams, fallback = 20, max = 1000): number {
  const raw = q.get('limit');
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', `limit must be an integer from 1 to ${max}.`, {
      param: 'limit',
    });
  return n;
}

/**
 * One page of the jobs of `kinds` the caller may see (its tenant's, or all for an admin), newest first:
 * after `afterId`, or before `beforeId` (the page nearest the cursor), and whether more lie beyond.
 */
export async function visibleJobPage(
  d: Deferral,
  ex: Exchange,
  kinds: readonly Job['kind'][],
  limit: number,
  cursor: { afterId?: string | undefined; beforeId?: string | undefined },
): Promise<{ page: Job[]; hasMore: boolean }> {
  const { afterId, beforeId } = cursor;
  const jobs = await d.store.listJobs({
    kinds,
    ...(ex.admin ? {} : { tenant: ex.tenant }),
    ...(afterId ? { afterId } : beforeId ? { beforeId } : {}),
    limit: limit + 1,
  });
  // before_id pages come back newest first too; the extra row is at the far end of the direction read.
  const page = beforeId && !afterId ? jobs.slice(Math.max(0, jobs.length - limit)) : jobs.slice(0, limit);
  return { page, hasMore: jobs.length > limit };
}
