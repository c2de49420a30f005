// The one allow-list of client request headers forwarded to upstreams, by the upstream's wire protocol.
// Clients turn provider features on with them (Anthropic betas such as 1M context, interleaved thinking or
// fine-grained tool streaming; OpenAI betas; idempotent retries). Anything not listed here is never sent
// upstream. Headers tied to the caller's own provider account (organisation, project) are only forwarded
// when the caller's own key is (the transparent-proxy case): with the gateway's key they would not match.
import type { IncomingHttpHeaders } from 'node:http';
import type { WireProtocol } from './types.js';

export interface ForwardedHeader {
  /** Lower-case header name. */
  name: string;
  /** Forwarded only when the client's own credentials are (account-bound headers). */
  clientKeyOnly?: true;
}

const IDEMPOTENCY: ForwardedHeader = { name: 'idempotency-key' };

export const FORWARDED_HEADERS: Readonly<Record<WireProtocol, readonly ForwardedHeader[]>> = {
  anthropic: [{ name: 'anthropic-beta' }, { name: 'anthropic-version' }, IDEMPOTENCY],
  openai: [
    { name: 'openai-beta' },
    { name: 'openai-organization', clientKeyOnly: true },
    { name: 'openai-project', clientKeyOnly: true },
    IDEMPOTENCY,
  ],
  gemini: [{ name: 'x-goog-user-project', clientKeyOnly: true }, IDEMPOTENCY],
};

/**
 * The allow-listed headers present on a client request, for an upstream speaking `protocol`; undefined
 * when there are none (the common case: no allocation). Headers the upstream's config sets are left to it.
 */
export function forwardedHeaders(
  protocol: WireProtocol,
  client: IncomingHttpHeaders,
  configured: Readonly<Record<string, string>>,
  clientKey: boolean,
): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const h of FORWARDED_HEADERS[protocol]) {
    const v = client[h.name];
    if (typeof v !== 'string' || v === '' || (h.clientKeyOnly && !clientKey)) continue;
    if (hasHeader(configured, h.name)) continue;
    out ??= {};
    out[h.name] = v;
  }
  return out;
}

function hasHeader(headers: Readonly<Record<string, string>>, name: string): boolean {
  for (const k in headers) if (k.toLowerCase() === name) return true;
  return false;
}
