// OpenAI Batch API adapter (OpenAI and OpenAI-compatible servers with `/files` + `/batches`): the lines are
// written as a JSONL input file of `/v1/chat/completions` requests (bodies built by the chat adapter),
// uploaded with `purpose=batch`, run as a batch with the 24 h window, polled, and read back from the output
// and error files, split by `custom_id`. The input file is read back too, so that every submitted line is
// answered exactly once even when a provider leaves one out.
import { Blob } from 'node:buffer';
import { FormData } from 'undici';
import { MarginError } from '../../errors/index.js';
import { obj, str } from '../../protocols/anthropic-messages/narrow.js';
import type { ChatRequest } from '../../protocols/canonical.js';
import {
  batchCall,
  cancelledLine,
  errorLine,
  everyLine,
  expiredLine,
  okLine,
  parseJson,
  parseJsonl,
} from '../batch-http.js';
import type {
  ProviderBatchAdapter,
  ProviderBatchLineIn,
  ProviderBatchLineOut,
  ProviderBatchState,
  ProviderBatchStatus,
} from '../batch-types.js';
import type { UpstreamTarget } from '../types.js';
import { endpointPath, upstreamHeaders } from './http.js';
import { adapter as chat } from './index.js';

const ENDPOINT = '/v1/chat/completions';

const STATUS: Record<string, ProviderBatchStatus> = {
  validating: 'in_progress',
  in_progress: 'in_progress',
  finalizing: 'in_progress',
  cancelling: 'in_progress',
  completed: 'completed',
  failed: 'failed',
  expired: 'expired',
  cancelled: 'cancelled',
};

/** A canonical request as a non-streaming batch body (streams are not allowed in batches). */
export function batchBody(req: ChatRequest, target: UpstreamTarget): unknown {
  const { stream: _s, stream_options: _o, ...rest } = req;
  const http = chat.buildChatRequest(rest as ChatRequest, target);
  return JSON.parse(http.body ?? '{}');
}

/** The JSONL input file for the lines. */
export function inputFile(lines: readonly ProviderBatchLineIn[], target: UpstreamTarget): string {
  return lines
    .map((l) =>
      JSON.stringify({
        custom_id: l.customId,
        method: 'POST',
        url: ENDPOINT,
        body: batchBody(l.request, target),
      }),
    )
    .join('\n')
    .concat('\n');
}

/** Headers for JSON calls, and without content type for multipart uploads (fetch sets the boundary). */
function headers(target: UpstreamTarget, json: boolean): Record<string, string> {
  const h = { ...upstreamHeaders(target) };
  if (!json) delete h['content-type'];
  return h;
}

async function getBatch(id: string, target: UpstreamTarget): Promise<Record<string, unknown>> {
  const path = endpointPath(target, `/batches/${encodeURIComponent(id)}`);
  return parseJson(
    await batchCall(chat, target, { method: 'GET', path, headers: headers(target, true) }),
    'batch',
  );
}

async function fileContent(id: string, target: UpstreamTarget): Promise<string> {
  const path = endpointPath(target, `/files/${encodeURIComponent(id)}/content`);
  return batchCall(chat, target, { method: 'GET', path, headers: headers(target, true) });
}

/** The state of a batch object. */
export function stateOf(batch: Record<string, unknown>): ProviderBatchState {
  const status = STATUS[str(batch.status) ?? ''];
  if (!status)
    throw new MarginError(
      'MARGIN_ERR_UPSTREAM_BAD_RESPONSE',
      `Unknown batch status '${String(batch.status)}'.`,
    );
  const c = obj(batch.request_counts);
  const n = (v: unknown) => (typeof v === 'number' ? v : 0);
  return { status, counts: { total: n(c?.total), succeeded: n(c?.completed), failed: n(c?.failed) } };
}

/** One line of an output or error file. */
export function resultLine(
  row: Record<string, unknown>,
  target: UpstreamTarget,
): ProviderBatchLineOut | undefined {
  const customId = str(row.custom_id);
  if (customId === undefined) return undefined;
  const response = obj(row.response);
  const status = typeof response?.status_code === 'number' ? response.status_code : undefined;
  if (response && status !== undefined) {
    if (status >= 200 && status < 300) return okLine(chat, target, customId, response.body);
    return { customId, ok: false, error: chat.parseError(status, JSON.stringify(response.body ?? null)) };
  }
  const e = obj(row.error);
  const code = str(e?.code);
  if (code === 'batch_expired') return expiredLine(customId);
  if (code === 'batch_cancelled') return cancelledLine(customId);
  return errorLine(customId, 500, str(e?.message) ?? 'The batch request failed.', code, 'api_error');
}

/** Lines of a failed batch: each gets its own validation error when one names its line, else the first. */
function failedLines(ids: readonly string[], batch: Record<string, unknown>): ProviderBatchLineOut[] {
  const data = Array.isArray(obj(batch.errors)?.data) ? (obj(batch.errors)?.data as unknown[]) : [];
  const errors = data.map(obj).filter((e) => e !== undefined);
  const byLine = new Map(errors.map((e) => [typeof e.line === 'number' ? e.line : -1, e]));
  const first = errors[0];
  return ids.map((id, i) => {
    const e = byLine.get(i + 1) ?? first;
    const message = str(e?.message) ?? 'The provider rejected the batch.';
    return errorLine(
      id,
      400,
      `Batch failed: ${message}`,
      str(e?.code) ?? 'batch_failed',
      'invalid_request_error',
    );
  });
}

export const openaiBatchAdapter: ProviderBatchAdapter = {
  async submit(lines, target) {
    const form = new FormData();
    form.append('purpose', 'batch');
    form.append(
      'file',
      new Blob([inputFile(lines, target)], { type: 'application/jsonl' }),
      'margin-batch.jsonl',
    );
    const file = parseJson(
      await batchCall(chat, target, {
        method: 'POST',
        path: endpointPath(target, '/files'),
        headers: headers(target, false),
        body: form,
      }),
      'file',
    );
    const fileId = str(file.id);
    if (!fileId) throw new MarginError('MARGIN_ERR_UPSTREAM_BAD_RESPONSE', 'The file upload returned no id.');
    const body = {
      input_file_id: fileId,
      endpoint: ENDPOINT,
      completion_window: '24h',
      metadata: { source: 'margin' },
    };
    const batch = parseJson(
      await batchCall(chat, target, {
        method: 'POST',
        path: endpointPath(target, '/batches'),
        headers: headers(target, true),
        body: JSON.stringify(body),
      }),
      'batch',
    );
    const id = str(batch.id);
    if (!id)
      throw new MarginError('MARGIN_ERR_UPSTREAM_BAD_RESPONSE', 'The batch create call returned no id.');
    return { providerBatchId: id };
  },

  async poll(providerBatchId, target) {
    return stateOf(await getBatch(providerBatchId, target));
  },

  async results(providerBatchId, target) {
    const batch = await getBatch(providerBatchId, target);
    const state = stateOf(batch);
    if (state.status === 'in_progress') {
      throw new MarginError(
        'MARGIN_ERR_UPSTREAM_ERROR',
        `Batch ${providerBatchId} has not finished (${String(batch.status)}).`,
      );
    }
    const input = str(batch.input_file_id);
    const ids = input ? parseJsonl(await fileContent(input, target)).map((r) => str(r.custom_id) ?? '') : [];
    if (state.status === 'failed') return failedLines(ids, batch);
    const got: ProviderBatchLineOut[] = [];
    for (const f of [str(batch.output_file_id), str(batch.error_file_id)]) {
      if (!f) continue;
      for (const row of parseJsonl(await fileContent(f, target))) {
        const line = resultLine(row, target);
        if (line) got.push(line);
      }
    }
    // Lines a cancelled or expired batch never wrote anywhere.
    const missing =
      state.status === 'cancelled' ? cancelledLine : state.status === 'expired' ? expiredLine : undefined;
    if (missing) {
      const seen = new Set(got.map((l) => l.customId));
      for (const id of ids) if (!seen.has(id)) got.push(missing(id));
    }
    return everyLine(ids.length > 0 ? ids : got.map((l) => l.customId), got);
  },

  async cancel(providerBatchId, target) {
    const path = endpointPath(target, `/batches/${encodeURIComponent(providerBatchId)}/cancel`);
    try {
      await batchCall(chat, target, { method: 'POST', path, headers: headers(target, true) });
    } catch (err) {
      // Cancelling a batch that has already ended is not an error for the caller.
      const state = await openaiBatchAdapter.poll(providerBatchId, target).catch(() => undefined);
      if (state && state.status !== 'in_progress') return;
      throw err;
    }
  },
};
