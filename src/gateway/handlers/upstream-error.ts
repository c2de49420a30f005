// Relays an upstream's error response to the client in the client's protocol, status kept: byte for byte
// when the upstream speaks the client's protocol, re-wrapped otherwise.
import type { ServerResponse } from 'node:http';
import { redactUrls } from '../../util/redact.js';
import type { Exchange } from '../exchange.js';
import { type ClientProtocol, isNativeErrorBody, upstreamErrorBody } from '../respond-error.js';
import { endResponse, type GatewayState } from '../state.js';
import type { UpstreamResult } from '../upstream.js';

type Failed = Extract<UpstreamResult, { ok: false }>;

export function relayUpstreamError(
  state: GatewayState,
  ex: Exchange,
  res: ServerResponse,
  protocol: ClientProtocol,
  r: Failed,
): void {
  const info = r.model.adapter.parseError(r.status, r.text);
  ex.status = r.status;
  ex.provider = r.model.provider;
  ex.servedModel = r.model.target.upstreamModel || ex.requestedModel;
  ex.errorCode = info.code ?? info.type ?? `upstream_http_${r.status}`;
  let body: string | undefined;
  if (r.model.adapter.protocol === protocol) {
    try {
      if (isNativeErrorBody(protocol, JSON.parse(r.text))) body = redactUrls(r.text);
    } catch {
      // not JSON: re-wrapped below
    }
  }
  body ??= redactUrls(JSON.stringify(upstreamErrorBody(protocol, info)));
  const headers: Record<string, string | number> = {
    ...ex.streamHeaders(),
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  };
  for (const h of ['retry-after', 'retry-after-ms']) {
    const v = r.headers[h];
    if (typeof v === 'string') headers[h] = v;
  }
  if (res.headersSent || res.destroyed) return;
  res.writeHead(r.status, headers);
  endResponse(state, ex, res, body);
}
