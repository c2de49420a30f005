// MarginError: the one error class; its code points into the registry.
import { ERRORS, type ErrorCode, type ErrorSpec } from './registry.js';

export interface MarginErrorOptions {
  /** The request field at fault (OpenAI `error.param`). */
  param?: string;
  /** Overrides the registry status (e.g. an upstream's own 4xx passed through). */
  status?: number;
  /** Seconds a client should wait (rate limits). */
  retryAfterS?: number;
  cause?: unknown;
}

export class MarginError extends Error {
  readonly code: ErrorCode;
  readonly spec: ErrorSpec;
  readonly status: number;
  readonly param: string | undefined;
  readonly retryAfterS: number | undefined;

  constructor(code: ErrorCode, message: string, options: MarginErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MarginError';
    this.code = code;
    this.spec = ERRORS[code];
    this.status = options.status ?? this.spec.status;
    this.param = options.param;
    this.retryAfterS = options.retryAfterS;
  }
}

export function isMarginError(err: unknown): err is MarginError {
  return err instanceof MarginError;
}

/** Wraps anything thrown into a MarginError (unknown errors become MARGIN_ERR_INTERNAL). */
export function toMarginError(err: unknown): MarginError {
  if (err instanceof MarginError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new MarginError('MARGIN_ERR_INTERNAL', message, { cause: err });
}
