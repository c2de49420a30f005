// Errors in OpenAI's wire shape `{"error":{"message","type","param","code"}}`, from a MarginError or from
// an upstream's parsed error (re-wrapped for an OpenAI client, status kept).
import type { MarginError } from '../../errors/index.js';
import type { ErrorKind } from '../error-kind.js';

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** OpenAI error body from its four fields. */
export function openAIErrorBody(
  message: string,
  type: string,
  param: string | null,
  code: string | null,
): OpenAIErrorBody {
  return { error: { message, type, param, code } };
}

/** OpenAI error body for a MarginError (type and code from the registry). */
export function toOpenAIErrorBody(err: MarginError): OpenAIErrorBody {
  return openAIErrorBody(err.message, err.spec.type, err.param ?? null, err.spec.code);
}

/** OpenAI error type for an HTTP status, used when an upstream gave none. */
export function openAIErrorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/** OpenAI's `type` and `code` for each kind of upstream error (what the OpenAI API itself sends). */
const OPENAI_BY_KIND: Record<ErrorKind, { type: string; code: string | null }> = {
  invalid_request_error: { type: 'invalid_request_error', code: null },
  authentication_error: { type: 'invalid_request_error', code: 'invalid_api_key' },
  permission_error: { type: 'invalid_request_error', code: 'permission_denied' },
  not_found_error: { type: 'invalid_request_error', code: 'not_found' },
  request_too_large: { type: 'invalid_request_error', code: 'request_too_large' },
  rate_limit_error: { type: 'requests', code: 'rate_limit_exceeded' },
  billing_error: { type: 'insufficient_quota', code: 'insufficient_quota' },
  api_error: { type: 'server_error', code: null },
  overloaded_error: { type: 'server_error', code: 'overloaded' },
  timeout_error: { type: 'server_error', code: 'timeout' },
};

/** An upstream error of another protocol, in OpenAI's vocabulary. */
export function openAIUpstreamErrorBody(message: string, kind: ErrorKind): OpenAIErrorBody {
  const { type, code } = OPENAI_BY_KIND[kind];
  return openAIErrorBody(message, type, null, code);
}
