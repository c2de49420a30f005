// Native pass-through for Anthropic upstreams (an Anthropic client on an Anthropic model): the client's
// Messages body is sent as is, model id aside. Anthropic streams always carry usage, so nothing is added.
import { ANTHROPIC_VERSION, messagesPath } from './anthropic/index.js';
import type { ProviderAdapter, UpstreamHttpRequest, UpstreamTarget } from './types.js';

const headersFor = new WeakMap<UpstreamTarget, Record<string, string>>();

function headers(target: UpstreamTarget): Record<string, string> {
  let h = headersFor.get(target);
  if (!h) {
    h = { 'content-type': 'application/json', 'anthropic-version': ANTHROPIC_VERSION };
    if (target.apiKey) h['x-api-key'] = target.apiKey;
    Object.assign(h, target.headers);
    headersFor.set(target, h);
  }
  return h;
}

/** Upstream request for a native Anthropic Messages body. */
export function buildNativeAnthropicRequest(
  body: Record<string, unknown>,
  target: UpstreamTarget,
  rawBody?: string,
): UpstreamHttpRequest {
  const same = body.model === target.upstreamModel;
  return {
    method: 'POST',
    path: messagesPath(target.baseUrl),
    headers: headers(target),
    body: same && rawBody !== undefined ? rawBody : JSON.stringify({ ...body, model: target.upstreamModel }),
  };
}

/** The Anthropic adapter with native pass-through attached when it does not provide its own. */
export function withNativeAnthropic(adapter: ProviderAdapter): ProviderAdapter {
  return adapter.buildNativeRequest
    ? adapter
    : { ...adapter, buildNativeRequest: buildNativeAnthropicRequest };
}
