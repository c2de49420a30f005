// Paths and headers for OpenAI-compatible upstreams, computed once per target and reused on every request.
import type { UpstreamTarget } from '../types.js';

interface Prepared {
  basePath: string;
  headers: Record<string, string>;
}

const prepared = new WeakMap<UpstreamTarget, Prepared>();

function prepare(target: UpstreamTarget): Prepared {
  let p = prepared.get(target);
  if (!p) {
    const basePath = new URL(target.baseUrl).pathname.replace(/\/+$/, '');
    const headers: Record<string, string> = { 'content-type': 'application/json', ...target.headers };
    if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
    p = { basePath, headers };
    prepared.set(target, p);
  }
  return p;
}

/** Request path for an endpoint under the target's base path (`/v1` + `/chat/completions`). */
export function endpointPath(target: UpstreamTarget, endpoint: string): string {
  return prepare(target).basePath + endpoint;
}

/** Upstream headers (content type, bearer key, configured extras); shared, do not mutate. */
export function upstreamHeaders(target: UpstreamTarget): Record<string, string> {
  return prepare(target).headers;
}
