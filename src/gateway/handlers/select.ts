// Stages 2, 4, 4b and 5a of the lifecycle: authenticate the caller, choose the model and its fallbacks
// (the router hook's decision, or the requested name as configured), reserve budget, and let the
// prepareUpstream hook rewrite the upstream body.
import type { ServerResponse } from 'node:http';
import { MarginError } from '../../errors/index.js';
import type { Usage } from '../../meter/usage.js';
import type { UpstreamHttpRequest } from '../../providers/types.js';
import { ClientGone } from '../abort.js';
import type { Exchange } from '../exchange.js';
import { addLabels } from '../metering.js';
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
    ex.admin = who.admin === true;
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
      ex.routePolicy = decision.policy;
      ex.cascade = decision.cascade;
      ex.route = JSON.stringify({
        ...decision.detail,
        policy: decision.policy,
        reason: decision.reason,
        model: decision.model,
      });
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
  const label = state.meterer.label(priceId, usage);
  ex.label = ex.prior ? (label ? addLabels(label, ex.prior) : ex.prior) : label;
  ex.provider = model.provider;
  ex.servedModel =
    ex.label && !model.priceId
      ? ex.label.model
      : model.target.upstreamModel || responseModel || ex.requestedModel;
}

/** Output tokens reserved for a request that sets no max tokens. */
export const DEFAULT_RESERVED_OUTPUT_TOKENS = 1024;

/**
 * Stage 4b: reserves the worst-case cost against the caller's budget (the most expensive candidate, plus
 * the escalation and verifier models of a cascade). No budget hook: nothing happens.
 */
export function reserveBudget(
  state: GatewayState,
  ex: Exchange,
  candidates: readonly ResolvedModel[],
  promptTokens: (model: ResolvedModel) => number,
  maxOutputTokens: number | undefined,
): void {
  const budget = state.hooks.budget;
  if (!budget) return;
  ex.hold = budget(ex, () => {
    const out = maxOutputTokens ?? DEFAULT_RESERVED_OUTPUT_TOKENS;
    const cost = (m: ResolvedModel) => state.meterer.estimateUsd(m, promptTokens(m), out);
    let usd = 0;
    for (const m of candidates) usd = Math.max(usd, cost(m));
    const plan = ex.cascade;
    if (plan && !ex.streamed) {
      for (const extra of [plan.escalateTo, plan.verifier]) {
        const m = extra === undefined ? undefined : state.models.resolve(extra);
        if (m) usd += cost(m);
      }
    }
    return usd;
  });
}

/** Stage 5a: lets the prepareUpstream hook rewrite the JSON body (only for the protocols it asks for). */
export function prepareUpstream(
  state: GatewayState,
  ex: Exchange,
  model: ResolvedModel,
  r: UpstreamHttpRequest,
): UpstreamHttpRequest {
  const hook = state.hooks.prepareUpstream;
  if (!hook || r.body === undefined || !hook.protocols.includes(model.adapter.protocol)) return r;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(r.body) as Record<string, unknown>;
  } catch {
    return r;
  }
  const out = hook.prepare(
    ex,
    {
      provider: model.provider,
      protocol: model.adapter.protocol,
      upstreamModel: model.target.upstreamModel,
    },
    body,
  );
  return out ? { ...r, body: JSON.stringify(out) } : r;
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
