// Stages 2 and 4 of the lifecycle: authenticate the caller, then choose the model and its fallbacks
// (the router hook's decision, or the requested name as configured).
import type { ServerResponse } from 'node:http';
import { MarginError } from '../../errors/index.js';
import type { Usage } from '../../meter/usage.js';
import type { UpstreamHttpRequest } from '../../providers/types.js';
import { ClientGone } from '../abort.js';
import type { Exchange } from '../exchange.js';
import type { ResolvedModel } from '../models.js';
import type { GatewayState } from '../state.js';

/** Runs the authenticate hook, if any, and records the caller on the exchange. */
export async function authenticate(state: GatewayState, ex: Exchange): Promise<void> {
  const auth = state.hooks.authenticate;
  if (!auth) return;
  const who = await auth(ex);
  if (who) {
    ex.keyId = who.keyId;
    ex.tenant = who.tenant;
  }
}

/** Unknown model → 404 `model_not_found` naming the model. */
export function unknownModel(name: string): MarginError {
  return new MarginError(
    'MARGIN_ERR_UNKNOWN_MODEL',
    `The model '${name}' does not exist or is not configured in this gateway.`,
    { param: 'model' },
  );
}

/** The ordered candidates for a request: the chosen model, then its fallbacks. */
export async function candidatesFor(
  state: GatewayState,
  ex: Exchange,
  useRouter: boolean,
): Promise<ResolvedModel[]> {
  let name = ex.requestedModel;
  let fallbacks: readonly string[] | undefined;
  if (useRouter && state.hooks.router) {
    const decision = await state.hooks.router.resolve(ex);
    if (decision) {
      name = decision.model;
      fallbacks = decision.fallbacks;
      ex.route = JSON.stringify({ policy: decision.policy, reason: decision.reason, model: decision.model });
    }
  }
  const primary = state.models.resolve(name);
  if (!primary) throw unknownModel(name);
  const list = [primary];
  for (const f of fallbacks ?? primary.fallbacks) {
    const m = state.models.resolve(f);
    if (m && !list.includes(m)) list.push(m);
  }
  return list;
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

/** Puts the usage and its label on the exchange (served model = catalog id when priced). */
export function meterInto(
  state: GatewayState,
  ex: Exchange,
  model: ResolvedModel,
  usage: Usage,
  responseModel?: string,
): void {
  ex.usage = usage;
  const priceId = state.meterer.priceId(model, responseModel);
  ex.label = state.meterer.label(priceId, usage);
  ex.provider = model.provider;
  ex.servedModel =
    ex.label && !model.priceId
      ? ex.label.model
      : model.target.upstreamModel || responseModel || ex.requestedModel;
}

/**
 * Transparent-proxy credentials: when the target has no configured key and the gateway authenticates no
 * one, the client's own credentials (`authorization`, or `x-api-key` for Anthropic) are sent upstream.
 */
export function withClientCredentials(
  state: GatewayState,
  ex: Exchange,
  model: ResolvedModel,
  r: UpstreamHttpRequest,
): UpstreamHttpRequest {
  if (model.target.apiKey || state.hooks.authenticate) return r;
  const name = model.adapter.protocol === 'anthropic' ? 'x-api-key' : 'authorization';
  const value = ex.headers[name];
  if (typeof value !== 'string' || value === '' || r.headers[name]) return r;
  return { ...r, headers: { ...r.headers, [name]: value } };
}
