// The one place where errors become wire bodies: a MarginError, or an upstream's error re-wrapped, in the
// caller's protocol (OpenAI shape on OpenAI routes, Anthropic shape on /v1/messages, Google's shape on the
// Gemini routes). Status is kept; an upstream error's kind is translated into the caller's vocabulary.
import type { ServerResponse } from 'node:http';
import type { MarginError } from '../errors/index.js';
import {
  anthropicUpstreamErrorBody,
  toAnthropicErrorBody,
  toAnthropicErrorEvent,
} from '../protocols/anthropic-messages/errors.js';
import { geminiErrorBody, toGeminiErrorBody } from '../protocols/gemini/errors.js';
import { openAIUpstreamErrorBody, toOpenAIErrorBody } from '../protocols/openai-chat/errors.js';
import type { UpstreamErrorInfo } from '../providers/types.js';
import { redactUrls } from '../util/redact.js';

export type ClientProtocol = 'openai' | 'anthropic' | 'gemini';

/** Wire body for a MarginError in the client's protocol. */
export function errorBody(protocol: ClientProtocol, err: MarginError): unknown {
  if (protocol === 'anthropic') return toAnthropicErrorBody(err);
  if (protocol === 'gemini') return toGeminiErrorBody(err);
  return toOpenAIErrorBody(err);
}

/** Wire body for an upstream error re-wrapped in the client's protocol (used across protocols). */
export function upstreamErrorBody(protocol: ClientProtocol, info: UpstreamErrorInfo): unknown {
  if (protocol === 'anthropic') return anthropicUpstreamErrorBody(info.message, info.kind);
  if (protocol === 'gemini') return geminiErrorBody(info.status, info.message, info.kind);
  return openAIUpstreamErrorBody(info.message, info.kind);
}

/** True when an upstream error body is already in the client's own protocol (passed through as is). */
export function isNativeErrorBody(protocol: ClientProtocol, json: unknown): boolean {
  if (json === null || typeof json !== 'object') return false;
  const o = json as Record<string, unknown>;
  const e = o.error;
  if (typeof e !== 'object' || e === null) return false;
  if (protocol === 'anthropic') return o.type === 'error';
  if (protocol === 'gemini') return typeof (e as Record<string, unknown>).status === 'string';
  return true;
}

/**
 * An SSE event that reports an error after a stream has started, in the client's protocol: Anthropic's
 * `event: error`, the Responses API's `error` event, else a `data: {"error": …}` event (OpenAI, Gemini).
 */
export function streamErrorEvent(protocol: ClientProtocol, err: MarginError, responses = false): string {
  if (protocol === 'anthropic') return redactUrls(toAnthropicErrorEvent(err));
  if (responses) {
    const e = (errorBody('openai', err) as { error: Record<string, unknown> }).error;
    const body = { type: 'error', code: e.code, message: e.message, param: e.param ?? null };
    return redactUrls(`event: error\ndata: ${JSON.stringify(body)}\n\n`);
  }
  return redactUrls(`data: ${JSON.stringify(errorBody(protocol, err))}\n\n`);
}

/** Writes an error response (JSON) unless headers are already out; then it only ends the response. */
export function sendError(
  res: ServerResponse,
  protocol: ClientProtocol,
  err: MarginError,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  const body = redactUrls(JSON.stringify(errorBody(protocol, err)));
  const h: Record<string, string | number> = {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  };
  if (err.retryAfterS !== undefined && Number.isFinite(err.retryAfterS))
    h['retry-after'] = String(Math.ceil(err.retryAfterS));
  if (err.status === 405) h.allow = headers.allow ?? 'POST';
  res.writeHead(err.status, h);
  res.end(body);
}
