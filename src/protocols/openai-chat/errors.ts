// Errors in OpenAI's wire shape `{"error":{"message","type","param","code"}}`, from a MarginError or from
// an upstream's parsed error (re-wrapped for an OpenAI client, status kept).
import type { MarginError } from '../../errors/index.js';

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
