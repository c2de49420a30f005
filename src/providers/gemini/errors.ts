// Google error bodies (`{"error":{"code","message","status"}}`, sometimes wrapped in an array) →
// UpstreamErrorInfo; `kind` from Google's status string (kept as `code`).
import { obj, str, tryParse } from '../../protocols/anthropic-messages/narrow.js';
import { type ErrorKind, errorKindOfStatus } from '../../protocols/error-kind.js';
import type { UpstreamErrorInfo } from '../types.js';

const KIND_BY_STATUS: Record<string, ErrorKind> = {
  INVALID_ARGUMENT: 'invalid_request_error',
  FAILED_PRECONDITION: 'invalid_request_error',
  OUT_OF_RANGE: 'invalid_request_error',
  UNAUTHENTICATED: 'authentication_error',
  PERMISSION_DENIED: 'permission_error',
  NOT_FOUND: 'not_found_error',
  RESOURCE_EXHAUSTED: 'rate_limit_error',
  INTERNAL: 'api_error',
  UNAVAILABLE: 'overloaded_error',
  DEADLINE_EXCEEDED: 'timeout_error',
};

/** Status, message, type and Google status code of a Gemini error response. */
export function parseGeminiError(status: number, body: string): UpstreamErrorInfo {
  let parsed = tryParse(body);
  if (Array.isArray(parsed)) parsed = parsed[0];
  const e = obj(obj(parsed)?.['error']);
  const code = str(e?.['status']);
  const message = str(e?.['message']) ?? (body.trim().slice(0, 500) || `Gemini returned HTTP ${status}`);
  const kind = (code === undefined ? undefined : KIND_BY_STATUS[code]) ?? errorKindOfStatus(status);
  return { status, message, type: code === undefined ? undefined : kind, code, kind };
}
