// Margin errors in Anthropic's wire shape: `{"type":"error","error":{"type","message"}}`, as JSON bodies
// on /v1/messages and as `event: error` inside a stream.
import type { MarginError } from '../../errors/index.js';
import type { ErrorKind } from '../error-kind.js';
import { formatSse } from '../sse.js';

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

/** Anthropic error type for an HTTP status (the SDK picks its error class from the status). */
export function anthropicErrorType(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 503:
    case 529:
      return 'overloaded_error';
    case 504:
      return 'timeout_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/** The Anthropic error body for a MarginError (the parameter at fault is named in the message). */
export function toAnthropicErrorBody(err: MarginError): AnthropicErrorBody {
  const message =
    err.param && !err.message.includes(err.param) ? `${err.param}: ${err.message}` : err.message;
  return { type: 'error', error: { type: anthropicErrorType(err.status), message } };
}

/** An `event: error` SSE event for a failure after the stream has started. */
export function toAnthropicErrorEvent(err: MarginError): string {
  return formatSse(JSON.stringify(toAnthropicErrorBody(err)), 'error');
}

/** An upstream error of another protocol, in Anthropic's vocabulary (the kinds are Anthropic's types). */
export function anthropicUpstreamErrorBody(message: string, kind: ErrorKind): AnthropicErrorBody {
  return { type: 'error', error: { type: kind, message } };
}
