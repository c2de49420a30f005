// The one error registry: every error Margin raises has a stable MARGIN_ERR_* code, an HTTP status and the
// OpenAI `error.type` it maps to. Wire bodies are produced from these in src/protocols/*/errors.ts only.

export interface ErrorSpec {
  /** HTTP status when the error reaches a client. */
  status: number;
  /** OpenAI `error.type`. */
  type: string;
  /** OpenAI `error.code` (stable, machine readable). */
  code: string;
}

export const ERRORS = {
  MARGIN_ERR_BAD_JSON: { status: 400, type: 'invalid_request_error', code: 'invalid_json' },
  MARGIN_ERR_BAD_REQUEST: { status: 400, type: 'invalid_request_error', code: 'invalid_request' },
  MARGIN_ERR_UNAUTHENTICATED: { status: 401, type: 'authentication_error', code: 'invalid_api_key' },
  MARGIN_ERR_FORBIDDEN: { status: 403, type: 'permission_error', code: 'forbidden' },
  MARGIN_ERR_NOT_FOUND: { status: 404, type: 'invalid_request_error', code: 'not_found' },
  MARGIN_ERR_UNKNOWN_MODEL: { status: 404, type: 'invalid_request_error', code: 'model_not_found' },
  MARGIN_ERR_BODY_TOO_LARGE: { status: 413, type: 'invalid_request_error', code: 'request_too_large' },
  MARGIN_ERR_BUDGET_EXHAUSTED: { status: 429, type: 'insufficient_quota', code: 'insufficient_quota' },
  MARGIN_ERR_RATE_LIMITED: { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded' },
  MARGIN_ERR_INTERNAL: { status: 500, type: 'server_error', code: 'internal_error' },
  MARGIN_ERR_UPSTREAM_UNREACHABLE: { status: 502, type: 'api_error', code: 'upstream_unreachable' },
  MARGIN_ERR_UPSTREAM_BAD_RESPONSE: { status: 502, type: 'api_error', code: 'upstream_bad_response' },
  MARGIN_ERR_UPSTREAM_TIMEOUT: { status: 504, type: 'api_error', code: 'upstream_timeout' },
  /** An upstream's own error, re-wrapped for the client (status overridden with the upstream's). */
  MARGIN_ERR_UPSTREAM_ERROR: { status: 502, type: 'api_error', code: 'upstream_error' },
  /** A stream the upstream cut before its end (recorded; the client already had a 200). */
  MARGIN_ERR_UPSTREAM_STREAM_CUT: { status: 502, type: 'api_error', code: 'upstream_stream_cut' },
  MARGIN_ERR_METHOD_NOT_ALLOWED: { status: 405, type: 'invalid_request_error', code: 'method_not_allowed' },
  MARGIN_ERR_UNSUPPORTED: { status: 400, type: 'invalid_request_error', code: 'unsupported' },
  /** A Responses API `previous_response_id` the gateway's store does not hold (expired, or never stored). */
  MARGIN_ERR_PREVIOUS_RESPONSE_NOT_FOUND: {
    status: 400,
    type: 'invalid_request_error',
    code: 'previous_response_not_found',
  },
  // Errors that never reach HTTP (CLI, config, catalog) still carry a status for uniformity.
  MARGIN_ERR_CONFIG: { status: 500, type: 'server_error', code: 'invalid_config' },
  MARGIN_ERR_CATALOG: { status: 500, type: 'server_error', code: 'invalid_catalog' },
  MARGIN_ERR_BAD_ARGUMENT: { status: 400, type: 'invalid_request_error', code: 'bad_argument' },
  MARGIN_ERR_UNKNOWN_HARDWARE: { status: 404, type: 'invalid_request_error', code: 'hardware_not_found' },
  MARGIN_ERR_UNKNOWN_REGION: { status: 404, type: 'invalid_request_error', code: 'region_not_found' },
  MARGIN_ERR_BAD_WORKLOAD: { status: 400, type: 'invalid_request_error', code: 'invalid_workload' },
  MARGIN_ERR_LEDGER: { status: 500, type: 'server_error', code: 'ledger_error' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;
