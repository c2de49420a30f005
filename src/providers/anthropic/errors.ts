// Anthropic error bodies (`{"type":"error","error":{"type","message"}}`, HTTP 529 when overloaded) →
// UpstreamErrorInfo for re-wrapping in the client's protocol.
import { obj, str, tryParse } from '../../protocols/anthropic-messages/narrow.js';
import { type ErrorKind, errorKindOfStatus } from '../../protocols/error-kind.js';
import type { UpstreamErrorInfo } from '../types.js';

const STATUS_BY_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** HTTP status Anthropic uses for an error type (errors inside a stream arrive with no status). */
export function errorStatus(type: string): number {
  return STATUS_BY_TYPE[type] ?? 500;
}

/** Status, message and type of an Anthropic error response (any body shape tolerated). */
export function parseAnthropicError(status: number, body: string): UpstreamErrorInfo {
  const e = obj(obj(tryParse(body))?.['error']);
  const type = str(e?.['type']);
  const message = str(e?.['message']) ?? (body.trim().slice(0, 500) || `Anthropic returned HTTP ${status}`);
  const known = type !== undefined && type in STATUS_BY_TYPE;
  const kind: ErrorKind = known ? (type as ErrorKind) : errorKindOfStatus(status);
  return {
    status,
    message,
    type: type ?? (status === 529 ? 'overloaded_error' : undefined),
    code: type,
    kind,
  };
}
