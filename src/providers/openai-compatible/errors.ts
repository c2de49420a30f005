// Upstream error bodies from OpenAI-compatible servers → status/message/type/code. OpenAI and most servers
// send `{"error":{"message","type","code"}}`; some send `{"error":"text"}`, `{"detail":…}` or plain text.
import { type ErrorKind, errorKindOfStatus } from '../../protocols/error-kind.js';
import type { UpstreamErrorInfo } from '../types.js';

/** The kind of an OpenAI-style error from its code and type, else its status. */
function kindOf(status: number, type: string | undefined, code: string | undefined): ErrorKind {
  if (code === 'insufficient_quota' || type === 'insufficient_quota') return 'billing_error';
  if (code === 'invalid_api_key' || type === 'authentication_error') return 'authentication_error';
  if (code === 'model_not_found') return 'not_found_error';
  if (code === 'rate_limit_exceeded') return 'rate_limit_error';
  if (code === 'context_length_exceeded') return 'invalid_request_error';
  return errorKindOfStatus(status);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const codeStr = (v: unknown): string | undefined => (typeof v === 'number' ? String(v) : str(v));

/** Parses an error body of any shape; never throws. */
export function parseOpenAIError(status: number, body: string): UpstreamErrorInfo {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const text = body.trim().slice(0, 500);
    const message = text || `upstream returned HTTP ${status}`;
    return { status, message, type: undefined, code: undefined, kind: errorKindOfStatus(status) };
  }
  const o = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  const e = o.error;
  if (e && typeof e === 'object') {
    const eo = e as Record<string, unknown>;
    const type = str(eo.type);
    const code = codeStr(eo.code);
    const message = str(eo.message) ?? `upstream returned HTTP ${status}`;
    return { status, message, type, code, kind: kindOf(status, type, code) };
  }
  const message =
    str(e) ?? str(o.message) ?? (typeof o.detail === 'string' ? o.detail : undefined) ?? JSON.stringify(json);
  const type = str(o.type);
  const code = codeStr(o.code);
  return { status, message: message.slice(0, 500), type, code, kind: kindOf(status, type, code) };
}
