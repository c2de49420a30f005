// Stage 5a of the lifecycle: what goes upstream besides the client's body: the prepareUpstream hook's
// rewrite (provider prompt caching), the allow-listed provider headers of the client and, for a transparent
// proxy, the client's own credentials.
import { forwardedHeaders } from '../../providers/headers.js';
import type { UpstreamHttpRequest, WireProtocol } from '../../providers/types.js';
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

/** The header carrying a key for each upstream protocol (what a transparent proxy forwards). */
const KEY_HEADER: Record<WireProtocol, string> = {
  openai: 'authorization',
  anthropic: 'x-api-key',
  gemini: 'x-goog-api-key',
};

/**
 * What the client's own headers add upstream: for a transparent proxy (the target has no configured key
 * and the gateway authenticates no one) the client's credentials, and always the allow-listed provider
 * headers (src/providers/headers.ts: betas, versions, idempotency keys; account-bound ones only with the
 * client's own key). Returns `r` itself when nothing is added.
 */
export function withClientHeaders(
  state: GatewayState,
  ex: Exchange,
  model: ResolvedModel,
  r: UpstreamHttpRequest,
): UpstreamHttpRequest {
  const protocol = model.adapter.protocol;
  let extra: Record<string, string> | undefined;
  const transparent = !model.target.apiKey && !state.hooks.authenticate;
  const name = KEY_HEADER[protocol];
  const key = transparent ? ex.headers[name] : undefined;
  const clientKey = typeof key === 'string' && key !== '' && !r.headers[name];
  if (clientKey) extra = { [name]: key };
  const forwarded = forwardedHeaders(protocol, ex.headers, model.target.headers, clientKey);
  if (forwarded) extra = { ...extra, ...forwarded };
  return extra ? { ...r, headers: { ...r.headers, ...extra } } : r;
}
