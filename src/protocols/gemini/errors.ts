// Errors in Google's wire shape `{"error":{"code","message","status"}}` for Gemini clients, from a
// MarginError or from an upstream error of another protocol (by its kind).
import type { MarginError } from '../../errors/index.js';
import type { ErrorKind } from '../error-kind.js';
import { errorKindOfStatus } from '../error-kind.js';

export interface GeminiErrorBody {
  error: { code: number; message: string; status: string };
}

const STATUS_BY_KIND: Record<ErrorKind, string> = {
  invalid_request_error: 'INVALID_ARGUMENT',
  authentication_error: 'UNAUTHENTICATED',
  permission_error: 'PERMISSION_DENIED',
  not_found_error: 'NOT_FOUND',
  request_too_large: 'INVALID_ARGUMENT',
  rate_limit_error: 'RESOURCE_EXHAUSTED',
  billing_error: 'RESOURCE_EXHAUSTED',
  api_error: 'INTERNAL',
  overloaded_error: 'UNAVAILABLE',
  timeout_error: 'DEADLINE_EXCEEDED',
};

/** Google error body for a status, message and error kind. */
export function geminiErrorBody(
  status: number,
  message: string,
  kind: ErrorKind = errorKindOfStatus(status),
): GeminiErrorBody {
  return { error: { code: status, message, status: STATUS_BY_KIND[kind] } };
}

/** Google error body for a MarginError. */
export function toGeminiErrorBody(err: MarginError): GeminiErrorBody {
  const message =
    err.param && !err.message.includes(err.param) ? `${err.param}: ${err.message}` : err.message;
  return geminiErrorBody(err.status, message);
}
