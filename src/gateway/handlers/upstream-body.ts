// Stage 5a of the lifecycle: what goes upstream besides the client's body: the prepareUpstream hook's
// rewrite (provider prompt caching) and, for a transparent proxy, the client's own credentials.
import type { UpstreamHttpRequest } from '../../providers/types.js';
import type { Exchange } from '../exchange.js';
import type { ResolvedModel } from '../models.js';
import type { GatewayState } from '../state.js';

/** Lets the prepareUpstream hook rewrite the JSON body (only for the protocols it asks for). */
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
