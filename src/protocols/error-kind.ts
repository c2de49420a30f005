// A protocol-neutral kind for upstream errors, so that an error from one vendor reaches a client in its own
// vocabulary (an Anthropic `overloaded_error` becomes an OpenAI `server_error`, a Google `RESOURCE_EXHAUSTED`
// an Anthropic `rate_limit_error`). The kinds are Anthropic's error types, which name every case once.

export type ErrorKind =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'billing_error'
  | 'api_error'
  | 'overloaded_error'
  | 'timeout_error';

/** The kind an HTTP status implies when the body names none. */
export function errorKindOfStatus(status: number): ErrorKind {
  switch (status) {
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
