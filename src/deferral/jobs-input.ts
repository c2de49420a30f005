// Reading batch input: OpenAI JSONL lines and Anthropic `requests`, each checked on its own — a line that
// cannot be read fails alone (it is reported in the error file / results), never the batch — and deadlines
// (`24h`, `90m`, `1h30m`, or an RFC 3339 instant).
import { MarginError } from '../errors/index.js';
import type { LineResult, NewLine } from './store/types.js';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a duration such as `24h`, `90m`, `1h30m`, `2d`; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (!/^(\d+(\.\d+)?[smhd])+$/.test(t)) return undefined;
  let ms = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)([smhd])/g)) ms += Number(m[1]) * (UNITS[m[2] as string] ?? 0);
  return ms;
}

/** The deadline a header or field asks for (duration from now, or an RFC 3339 instant); 400 naming `param`. */
export function parseDeadline(text: string, now: number, param: string): number {
  const d = parseDuration(text);
  let at: number;
  if (d !== undefined) at = now + d;
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(text.trim()))
    at = Date.parse(text.trim());
  else {
    throw new MarginError(
      'MARGIN_ERR_BAD_REQUEST',
      `${param} must be a duration such as 6h or 90m, or an RFC 3339 time (got '${text}').`,
      { param },
    );
  }
  if (!Number.isFinite(at) || at <= now) {
    throw new MarginError(
      'MARGIN_ERR_BAD_REQUEST',
      `${param} '${text}' is an impossible deadline: it is not in the future.`,
      { param },
    );
  }
  if (at - now > 7 * UNITS.d!) {
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', `${param} '${text}' is more than 7 days away.`, {
      param,
    });
  }
  return at;
}

const failed = (code: string, message: string): LineResult => ({
  status: 400,
  body: { error: { code, message, type: 'invalid_request_error' } },
  requestId: null,
});

/** The lines of an OpenAI batch input file for `endpoint`. */
export function readOpenAIJsonl(text: string, endpoint: string): NewLine[] {
  const out: NewLine[] = [];
  const seen = new Set<string>();
  const rows = text.split('\n');
  for (let n = 0; n < rows.length; n++) {
    const raw = rows[n]?.trim() ?? '';
    if (raw === '') continue;
    const idx = out.length;
    const bad = (customId: string, code: string, message: string) =>
      out.push({ idx, customId, request: null, failed: failed(code, `Line ${n + 1}: ${message}`) });
    let o: Record<string, unknown>;
    try {
      const v = JSON.parse(raw) as unknown;
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a JSON object');
      o = v as Record<string, unknown>;
    } catch (err) {
      bad(`line-${n + 1}`, 'invalid_json', `not valid JSON (${err instanceof Error ? err.message : err}).`);
      continue;
    }
    const customId = o.custom_id;
    if (typeof customId !== 'string' || customId === '') {
      bad(`line-${n + 1}`, 'missing_custom_id', 'custom_id must be a non-empty string.');
      continue;
    }
    if (seen.has(customId)) {
      bad(customId, 'duplicate_custom_id', `custom_id '${customId}' is used by an earlier line.`);
      continue;
    }
    seen.add(customId);
    if (o.method !== undefined && o.method !== 'POST') {
      bad(customId, 'invalid_method', "method must be 'POST'.");
      continue;
    }
    if (o.url !== endpoint) {
      bad(
        customId,
        'invalid_url',
        `url must be the batch's endpoint '${endpoint}' (got '${String(o.url)}').`,
      );
      continue;
    }
    const body = o.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      bad(customId, 'invalid_body', 'body must be a JSON object.');
      continue;
    }
    const { stream: _stream, ...request } = body as Record<string, unknown>;
    out.push({ idx, customId, request });
  }
  return out;
}

/** The lines of an Anthropic Message Batches create body (`requests: [{custom_id, params}]`). */
export function readAnthropicRequests(body: unknown): NewLine[] {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) {
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', 'requests must be a non-empty array.', {
      param: 'requests',
    });
  }
  const out: NewLine[] = [];
  const seen = new Set<string>();
  requests.forEach((r: unknown, idx) => {
    const o = (r ?? {}) as Record<string, unknown>;
    const customId = typeof o.custom_id === 'string' && o.custom_id !== '' ? o.custom_id : `request-${idx}`;
    const bad = (message: string) =>
      out.push({
        idx,
        customId,
        request: null,
        failed: {
          status: 400,
          body: {
            type: 'error',
            error: { type: 'invalid_request_error', message: `requests.${idx}: ${message}` },
          },
          requestId: null,
        },
      });
    if (typeof o.custom_id !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(o.custom_id)) {
      bad('custom_id must be 1-64 letters, digits, hyphens or underscores.');
      return;
    }
    if (seen.has(customId)) {
      bad(`custom_id '${customId}' is used by an earlier request.`);
      return;
    }
    seen.add(customId);
    const params = o.params;
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
      bad('params must be a JSON object.');
      return;
    }
    const { stream: _stream, ...request } = params as Record<string, unknown>;
    out.push({ idx, customId, request });
  });
  return out;
}
