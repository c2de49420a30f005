// Stage 2 of the lifecycle: authenticate the caller (the authenticate hook, if any) and watch for a client
// that leaves before its answer is complete.
import type { ServerResponse } from 'node:http';
import { MarginError } from '../../errors/index.js';
import { ClientGone } from '../abort.js';
import type { Exchange } from '../exchange.js';
import type { GatewayState } from '../state.js';

/** Runs the authenticate hook, if any, and records the caller on the exchange. */
export async function authenticate(state: GatewayState, ex: Exchange): Promise<void> {
  if (ex.internal) return authenticateInternal(state, ex);
  const auth = state.hooks.authenticate;
  if (!auth) return;
  const who = await auth(ex);
  if (who) {
    ex.keyId = who.keyId;
    ex.tenant = who.tenant;
    ex.admin = who.admin === true;
    if (who.maxOutputTokens !== undefined) ex.outputCap = who.maxOutputTokens;
  }
}

/** A deferred line run by the worker: its job's caller, without taking from the per-minute request limit. */
async function authenticateInternal(state: GatewayState, ex: Exchange): Promise<void> {
  const p = ex.internal?.principal;
  if (!p) return;
  const who = state.hooks.authenticateAs ? await state.hooks.authenticateAs(ex, p.keyId) : undefined;
  ex.keyId = who?.keyId ?? p.keyId;
  ex.tenant = who ? who.tenant : p.tenant;
  ex.admin = who?.admin === true;
  if (who?.maxOutputTokens !== undefined) ex.outputCap = who.maxOutputTokens;
}

/** Aborts the upstream work when the client goes away before the response is complete. */
export function watchClient(res: ServerResponse, ex: Exchange): ClientGone {
  const gone = new ClientGone();
  res.once('close', () => {
    if (!res.writableFinished) {
      ex.clientAborted = true;
      gone.abort(new MarginError('MARGIN_ERR_BAD_REQUEST', 'The client closed the connection.'));
    }
  });
  return gone;
}
