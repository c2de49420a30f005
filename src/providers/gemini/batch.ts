// Gemini Batch API adapter (Gemini Developer API): the lines go inline to
// POST /v1beta/models/{model}:batchGenerateContent as `{request, metadata: {key}}` (request bodies built by
// the Gemini chat adapter); the answer is a long-running operation named `batches/{id}`, polled by
// GET /v1beta/batches/{id} (`metadata.state` BATCH_STATE_*, `metadata.batchStats`), cancelled by
// POST …:cancel. Results: `response.inlinedResponses.inlinedResponses` (or `metadata.output`), each with
// `response` or `error` and the request's `metadata.key`; larger jobs may get a `responsesFile` (JSONL of
// `{key, response | error}`), read through the files download endpoint.
import { MarginError } from '../../errors/index.js';
import { obj, str } from '../../protocols/anthropic-messages/narrow.js';
import type { ChatRequest } from '../../protocols/canonical.js';
import { batchCall, errorLine, okLine, parseJson, parseJsonl } from '../batch-http.js';
import type {
  ProviderBatchAdapter,
  ProviderBatchLineOut,
  ProviderBatchState,
  ProviderBatchStatus,
} from '../batch-types.js';
import type { UpstreamTarget } from '../types.js';
import { adapter as chat, methodPath } from './index.js';

const STATE: Record<string, ProviderBatchStatus> = {
  BATCH_STATE_UNSPECIFIED: 'in_progress',
  BATCH_STATE_PENDING: 'in_progress',
  BATCH_STATE_RUNNING: 'in_progress',
  BATCH_STATE_SUCCEEDED: 'completed',
  BATCH_STATE_FAILED: 'failed',
  BATCH_STATE_CANCELLED: 'cancelled',
  BATCH_STATE_EXPIRED: 'expired',
};

/** HTTP status of a google.rpc.Status code. */
const HTTP_OF_RPC: Record<number, number> = {
  1: 499,
  2: 500,
  3: 400,
  4: 504,
  5: 404,
  6: 409,
  7: 403,
  8: 429,
  9: 400,
  10: 409,
  11: 400,
  12: 501,
  13: 500,
  14: 503,
  15: 500,
  16: 401,
};

/** `/v1beta` (or the base URL's own version path) under the target's base path. */
function apiRoot(baseUrl: string): string {
  const base = new URL(baseUrl).pathname.replace(/\/+$/, '');
  return /\/v1(alpha|beta)?$/.test(base) ? base : `${base}/v1beta`;
}

function headers(target: UpstreamTarget): Record<string, string> {
  const h: Record<string, string> = { 'content-type': 'application/json' };
  if (target.apiKey) h['x-goog-api-key'] = target.apiKey;
  return { ...h, ...target.headers };
}

/** A batch name (`batches/abc`) as a path; a bare id is accepted too. */
const batchPath = (target: UpstreamTarget, name: string): string =>
  `${apiRoot(target.baseUrl)}/${name.startsWith('batches/') ? name : `batches/${name}`}`;

/** The GenerateContentRequest for a canonical request. */
export function batchRequest(req: ChatRequest, target: UpstreamTarget): Record<string, unknown> {
  const { stream: _s, stream_options: _o, ...rest } = req;
  return JSON.parse(chat.buildChatRequest(rest as ChatRequest, target).body ?? '{}') as Record<
    string,
    unknown
  >;
}

async function getBatch(name: string, target: UpstreamTarget): Promise<Record<string, unknown>> {
  return parseJson(
    await batchCall(chat, target, { method: 'GET', path: batchPath(target, name), headers: headers(target) }),
    'batch operation',
  );
}

const count = (v: unknown): number =>
  typeof v === 'number' ? v : typeof v === 'string' ? Number(v) || 0 : 0;

/** The batch of an operation (its `metadata`), or the object itself when it is the batch. */
const batchOf = (op: Record<string, unknown>): Record<string, unknown> => obj(op.metadata) ?? op;

export function stateOf(op: Record<string, unknown>): ProviderBatchState {
  const batch = batchOf(op);
  const state =
    str(batch.state) ??
    (op.done === true ? (op.error ? 'BATCH_STATE_FAILED' : 'BATCH_STATE_SUCCEEDED') : 'BATCH_STATE_PENDING');
  const status = STATE[state];
  if (!status) throw new MarginError('MARGIN_ERR_UPSTREAM_BAD_RESPONSE', `Unknown batch state '${state}'.`);
  const s = obj(batch.batchStats);
  return {
    status,
    counts: {
      total: count(s?.requestCount),
      succeeded: count(s?.successfulRequestCount),
      failed: count(s?.failedRequestCount),
    },
  };
}

/** One inlined response (or responses-file line) → a result line; `fallbackKey`: its position's id. */
export function resultLine(
  row: Record<string, unknown>,
  target: UpstreamTarget,
  fallbackKey: string | undefined,
): ProviderBatchLineOut | undefined {
  const customId = str(obj(row.metadata)?.key) ?? str(row.key) ?? fallbackKey;
  if (customId === undefined) return undefined;
  const e = obj(row.error);
  if (e) {
    const code = typeof e.code === 'number' ? e.code : 13;
    return {
      customId,
      ok: false,
      error: chat.parseError(HTTP_OF_RPC[code] ?? 500, JSON.stringify({ error: e })),
    };
  }
  if (row.response === undefined)
    return errorLine(
      customId,
      502,
      'The batch returned neither a response nor an error.',
      undefined,
      'api_error',
    );
  return okLine(chat, target, customId, row.response);
}

export const geminiBatchAdapter: ProviderBatchAdapter = {
  async submit(lines, target) {
    const model = target.upstreamModel.replace(/^models\//, '');
    const requests = lines.map((l) => ({
      request: batchRequest(l.request, target),
      metadata: { key: l.customId },
    }));
    const body = {
      batch: {
        displayName: `margin-${new Date().toISOString()}`,
        inputConfig: { requests: { requests } },
      },
    };
    const op = parseJson(
      await batchCall(chat, target, {
        method: 'POST',
        path: methodPath(target.baseUrl, model, 'batchGenerateContent'),
        headers: headers(target),
        body: JSON.stringify(body),
      }),
      'batch operation',
    );
    const name = str(op.name) ?? str(batchOf(op).name);
    if (!name)
      throw new MarginError('MARGIN_ERR_UPSTREAM_BAD_RESPONSE', 'The batch create call returned no name.');
    return { providerBatchId: name };
  },

  async poll(providerBatchId, target) {
    return stateOf(await getBatch(providerBatchId, target));
  },

  async results(providerBatchId, target) {
    const op = await getBatch(providerBatchId, target);
    const state = stateOf(op);
    if (state.status === 'in_progress')
      throw new MarginError('MARGIN_ERR_UPSTREAM_ERROR', `Batch ${providerBatchId} has not finished.`);
    const output = obj(op.response) ?? obj(batchOf(op).output);
    const inlined = obj(output?.inlinedResponses)?.inlinedResponses;
    let rows: Array<Record<string, unknown>> = Array.isArray(inlined)
      ? inlined.map(obj).filter((r) => r !== undefined)
      : [];
    const file = str(output?.responsesFile);
    if (rows.length === 0 && file) {
      const path = `${new URL(target.baseUrl).pathname.replace(/\/v1(alpha|beta)?\/?$/, '').replace(/\/+$/, '')}/download/v1beta/${file}:download?alt=media`;
      rows = parseJsonl(await batchCall(chat, target, { method: 'GET', path, headers: headers(target) }));
    }
    const seen = new Set<string>();
    const out: ProviderBatchLineOut[] = [];
    for (const row of rows) {
      const line = resultLine(row, target, undefined);
      if (line && !seen.has(line.customId)) {
        seen.add(line.customId);
        out.push(line);
      }
    }
    return out;
  },

  async cancel(providerBatchId, target) {
    const path = `${batchPath(target, providerBatchId)}:cancel`;
    try {
      await batchCall(chat, target, { method: 'POST', path, headers: headers(target) });
    } catch (err) {
      const state = await geminiBatchAdapter.poll(providerBatchId, target).catch(() => undefined);
      if (state && state.status !== 'in_progress') return;
      throw err;
    }
  },
};
