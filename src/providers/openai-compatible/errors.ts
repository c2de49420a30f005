// Upstream error bodies from OpenAI-compatible servers → status/message/type/code. OpenAI and most servers
// send `{"error":{"message","type","code"}}`; some send `{"error":"text"}`, `{"detail":…}` or plain text.
import type { UpstreamErrorInfo } from '../types.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const codeStr = (v: unknown): string | undefined => (typeof v === 'number' ? String(v) : str(v));

/** Parses an error body of any shape; never throws. */
export function parseOpenAIError(status: number, body: string): UpstreamErrorInfo {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const text = body.trim().slice(0, 500);
    return { status, message: text || `upstream returned HTTP ${status}`, type: undefined, code: undefined };
  }
  const o = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  const e = o.error;
  if (e && typeof e === 'object') {
    const eo = e as Record<string, unknown>;
    return {
      status,
      message: str(eo.message) ?? `upstream returned HTTP ${status}`,
      type: str(eo.type),
      code: codeStr(eo.code),
    };
  }
  const message =
    str(e) ?? str(o.message) ?? (typeof o.detail === 'string' ? o.detail : undefined) ?? JSON.stringify(json);
  return { status, message: message.slice(0, 500), type: str(o.type), code: codeStr(o.code) };
}
