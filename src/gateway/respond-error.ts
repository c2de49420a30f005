// The one place where errors become wire bodies: a MarginError, or an upstream's error re-wrapped, in the
// caller's protocol (OpenAI shape everywhere except Anthropic shape on /v1/messages). Status is kept.
import type { ServerResponse } from 'node:http';
import { MarginError } from '../errors/index.js';
import { toAnthropicErrorBody } from '../protocols/anthropic-messages/errors.js';
import { openAIErrorBody, openAIErrorType, toOpenAIErrorBody } from '../protocols/openai-chat/errors.js';
import type { UpstreamErrorInfo } from '../providers/types.js';

export type ClientProtocol = 'openai' | 'anthropic';

/** Wire body for a MarginError in the client's protocol. */
export function errorBody(protocol: ClientProtocol, err: MarginError): unknown {
  return protocol === 'anthropic' ? toAnthropicErrorBody(err) : toOpenAIErrorBody(err);
}

/** Wire body for an upstream error re-wrapped in the client's protocol (used across protocols). */
export function upstreamErrorBody(protocol: ClientProtocol, info: UpstreamErrorInfo): unknown {
  if (protocol === 'anthropic') {
    return toAnthropicErrorBody(
      new MarginError('MARGIN_ERR_UPSTREAM_ERROR', info.message, { status: info.status }),
    );
  }
  return openAIErrorBody(info.message, info.type ?? openAIErrorType(info.status), null, info.code ?? null);
}

/** True when an upstream error body is already in the client's own protocol (passed through as is). */
export function isNativeErrorBody(protocol: ClientProtocol, json: unknown): boolean {
  if (json === null || typeof json !== 'object') return false;
  const o = json as Record<string, unknown>;
  if (protocol === 'anthropic') return o.type === 'error' && typeof o.error === 'object' && o.error !== null;
  return typeof o.error === 'object' && o.error !== null;
}

/** Writes an error response (JSON) unless headers are already out; then it only ends the response. */
export function sendError(
  res: ServerResponse,
  protocol: ClientProtocol,
  err: MarginError,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  const body = JSON.stringify(errorBody(protocol, err));
  const h: Record<string, string | number> = {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  };
  if (err.retryAfterS !== undefined && Number.isFinite(err.retryAfterS))
    h['retry-after'] = String(Math.ceil(err.retryAfterS));
  if (err.status === 405) h.allow = headers.allow ?? 'POST';
  res.writeHead(err.status, h);
  res.end(body);
}
