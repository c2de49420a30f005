// Shared plumbing of the provider batch adapters (src/providers/*/batch.ts): one HTTP call to a provider's
// batch API with its errors as MarginErrors, and the result-line helpers every adapter uses (usage marked
// `batch` so the meter prices the line at the batch tier; errors for lines that ended without an answer).
import { type FormData, fetch } from 'undici';
import { MarginError } from '../errors/index.js';
import type { Usage } from '../meter/usage.js';
import type { ErrorKind } from '../protocols/error-kind.js';
import type { ProviderBatchLineOut } from './batch-types.js';
import type { ProviderAdapter, UpstreamErrorInfo, UpstreamTarget } from './types.js';

export interface BatchCall {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path under the target's origin (base path included), or an absolute URL (Anthropic `results_url`). */
  path: string;
  headers: Record<string, string>;
  body?: string | FormData;
}

/** Sends one call; the body text of a 2xx answer, else a MarginError carrying the provider's error. */
export async function batchCall(
  chat: ProviderAdapter,
  target: UpstreamTarget,
  call: BatchCall,
): Promise<string> {
  const url = /^https?:\/\//.test(call.path) ? call.path : new URL(target.baseUrl).origin + call.path;
  let res: Awaited<ReturnType<typeof fetch>>;
  try {
    res = await fetch(url, { method: call.method, headers: call.headers, body: call.body ?? null });
  } catch (err) {
    const detail =
      err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    throw new MarginError(
      'MARGIN_ERR_UPSTREAM_UNREACHABLE',
      `Batch API at ${url} is unreachable: ${detail}`,
      {
        cause: err,
      },
    );
  }
  const text = await res.text();
  if (res.ok) return text;
  const info = chat.parseError(res.status, text);
  throw new MarginError(
    'MARGIN_ERR_UPSTREAM_ERROR',
    `Batch API ${call.method} ${url} answered ${res.status}: ${info.message}`,
    { cause: info, ...(res.status === 404 ? { status: 404 } : {}) },
  );
}

/** JSON of a 2xx body, or MARGIN_ERR_UPSTREAM_BAD_RESPONSE. */
export function parseJson(text: string, what: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new MarginError('MARGIN_ERR_UPSTREAM_BAD_RESPONSE', `The batch API's ${what} is not a JSON object.`);
}

/** JSONL text → objects (blank and unparseable lines skipped: their custom ids come back as missing). */
export function parseJsonl(text: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const v: unknown = JSON.parse(line);
      if (v && typeof v === 'object' && !Array.isArray(v)) out.push(v as Record<string, unknown>);
    } catch {
      // a truncated line: its request is reported as missing
    }
  }
  return out;
}

/** Usage of a batch line: billed at the batch tier. */
export const batchUsage = (u: Usage | undefined): Usage | undefined =>
  u ? { ...u, kind: 'batch' } : undefined;

/** A successful line from a provider's response body (translated by the provider's own chat adapter). */
export function okLine(
  chat: ProviderAdapter,
  target: UpstreamTarget,
  customId: string,
  body: unknown,
): ProviderBatchLineOut {
  try {
    const { response, usage } = chat.parseChatResponse(body, target);
    return { customId, ok: true, response, usage: batchUsage(usage) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return errorLine(
      customId,
      502,
      `The batch returned an unreadable answer: ${message}`,
      'bad_response',
      'api_error',
    );
  }
}

export function errorLine(
  customId: string,
  status: number,
  message: string,
  code: string | undefined,
  kind: ErrorKind,
): ProviderBatchLineOut {
  const error: UpstreamErrorInfo = { status, message, type: code, code, kind };
  return { customId, ok: false, error };
}

/** The line a batch expired before running (status 504, code `batch_expired`). */
export const expiredLine = (customId: string): ProviderBatchLineOut =>
  errorLine(
    customId,
    504,
    'The provider batch expired before this request ran.',
    'batch_expired',
    'timeout_error',
  );

/** The line a cancelled batch never ran (status 499, code `batch_cancelled`). */
export const cancelledLine = (customId: string): ProviderBatchLineOut =>
  errorLine(
    customId,
    499,
    'The provider batch was cancelled before this request ran.',
    'batch_cancelled',
    'api_error',
  );

/**
 * Results in submitted order, each submitted id exactly once: duplicates and unknown ids dropped, missing
 * ids reported as errors (status 502, code `batch_line_missing`).
 */
export function everyLine(
  ids: readonly string[],
  got: readonly ProviderBatchLineOut[],
): ProviderBatchLineOut[] {
  const byId = new Map<string, ProviderBatchLineOut>();
  for (const l of got) if (!byId.has(l.customId)) byId.set(l.customId, l);
  return ids.map(
    (id) =>
      byId.get(id) ??
      errorLine(
        id,
        502,
        'The provider batch returned no result for this request.',
        'batch_line_missing',
        'api_error',
      ),
  );
}
