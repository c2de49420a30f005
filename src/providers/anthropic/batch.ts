// Anthropic Message Batches adapter: the lines go as `{custom_id, params}` (params built by the Anthropic
// chat adapter, non-streaming) to POST /v1/messages/batches; polled by retrieve; results read from the
// batch's `results_url` (JSONL: succeeded / errored / canceled / expired per request).
// Anthropic custom ids must match ^[a-zA-Z0-9_-]{1,64}$: other ids are sent base64url-encoded behind an
// `m64_` mark and decoded on the way back, so any caller id of up to 45 bytes works.
import { MarginError } from '../../errors/index.js';
import { obj, str } from '../../protocols/anthropic-messages/narrow.js';
import type { ChatRequest } from '../../protocols/canonical.js';
import {
  batchCall,
  cancelledLine,
  errorLine,
  expiredLine,
  okLine,
  parseJson,
  parseJsonl,
} from '../batch-http.js';
import type { ProviderBatchAdapter, ProviderBatchLineOut, ProviderBatchState } from '../batch-types.js';
import type { UpstreamTarget } from '../types.js';
import { errorStatus } from './errors.js';
import { ANTHROPIC_VERSION, adapter as chat, messagesPath } from './index.js';

const ID = /^[a-zA-Z0-9_-]{1,64}$/;
const MARK = 'm64_';

/** A caller id as an Anthropic custom_id (unchanged when already valid). */
export function toCustomId(id: string): string {
  if (ID.test(id) && !id.startsWith(MARK)) return id;
  const encoded = MARK + Buffer.from(id).toString('base64url');
  if (encoded.length > 64) {
    throw new MarginError(
      'MARGIN_ERR_BAD_REQUEST',
      `custom_id '${id.slice(0, 80)}' cannot be sent to Anthropic (at most 64 characters of [a-zA-Z0-9_-], or 45 bytes of anything)`,
      { param: 'custom_id' },
    );
  }
  return encoded;
}

/** The caller's id back from an Anthropic custom_id. */
export function fromCustomId(id: string): string {
  return id.startsWith(MARK) ? Buffer.from(id.slice(MARK.length), 'base64url').toString() : id;
}

const batchesPath = (target: UpstreamTarget): string => `${messagesPath(target.baseUrl)}/batches`;

function headers(target: UpstreamTarget): Record<string, string> {
  const h: Record<string, string> = {
    'content-type': 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
  };
  if (target.apiKey) h['x-api-key'] = target.apiKey;
  return { ...h, ...target.headers };
}

/** Message params for a canonical request (never streaming). */
export function batchParams(req: ChatRequest, target: UpstreamTarget): Record<string, unknown> {
  const { stream: _s, stream_options: _o, ...rest } = req;
  const params = JSON.parse(chat.buildChatRequest(rest as ChatRequest, target).body ?? '{}') as Record<
    string,
    unknown
  >;
  delete params.stream;
  return params;
}

async function getBatch(id: string, target: UpstreamTarget): Promise<Record<string, unknown>> {
  const path = `${batchesPath(target)}/${encodeURIComponent(id)}`;
  return parseJson(
    await batchCall(chat, target, { method: 'GET', path, headers: headers(target) }),
    'message batch',
  );
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** State of a message batch: `ended` is completed, or cancelled / expired when requests were. */
export function stateOf(batch: Record<string, unknown>): ProviderBatchState {
  const c = obj(batch.request_counts);
  const counts = {
    total: num(c?.processing) + num(c?.succeeded) + num(c?.errored) + num(c?.canceled) + num(c?.expired),
    succeeded: num(c?.succeeded),
    failed: num(c?.errored) + num(c?.canceled) + num(c?.expired),
  };
  const status = str(batch.processing_status);
  if (status === 'in_progress' || status === 'canceling') return { status: 'in_progress', counts };
  if (status !== 'ended')
    throw new MarginError(
      'MARGIN_ERR_UPSTREAM_BAD_RESPONSE',
      `Unknown processing_status '${String(status)}'.`,
    );
  if (batch.cancel_initiated_at) return { status: 'cancelled', counts };
  if (num(c?.expired) > 0) return { status: 'expired', counts };
  return { status: 'completed', counts };
}

/** One line of a results file. */
export function resultLine(
  row: Record<string, unknown>,
  target: UpstreamTarget,
): ProviderBatchLineOut | undefined {
  const raw = str(row.custom_id);
  const result = obj(row.result);
  if (raw === undefined || !result) return undefined;
  const customId = fromCustomId(raw);
  switch (str(result.type)) {
    case 'succeeded':
      return okLine(chat, target, customId, result.message);
    case 'errored': {
      const type = str(obj(obj(result.error)?.error)?.type) ?? 'api_error';
      return {
        customId,
        ok: false,
        error: chat.parseError(errorStatus(type), JSON.stringify(result.error ?? null)),
      };
    }
    case 'canceled':
      return cancelledLine(customId);
    case 'expired':
      return expiredLine(customId);
    default:
      return errorLine(
        customId,
        502,
        `Unknown batch result type '${String(result.type)}'.`,
        undefined,
        'api_error',
      );
  }
}

export const anthropicBatchAdapter: ProviderBatchAdapter = {
  async submit(lines, target) {
    const requests = lines.map((l) => ({
      custom_id: toCustomId(l.customId),
      params: batchParams(l.request, target),
    }));
    const batch = parseJson(
      await batchCall(chat, target, {
        method: 'POST',
        path: batchesPath(target),
        headers: headers(target),
        body: JSON.stringify({ requests }),
      }),
      'message batch',
    );
    const id = str(batch.id);
    if (!id)
      throw new MarginError(
        'MARGIN_ERR_UPSTREAM_BAD_RESPONSE',
        'The message batch create call returned no id.',
      );
    return { providerBatchId: id };
  },

  async poll(providerBatchId, target) {
    return stateOf(await getBatch(providerBatchId, target));
  },

  async results(providerBatchId, target) {
    const batch = await getBatch(providerBatchId, target);
    const url = str(batch.results_url);
    if (!url) {
      throw new MarginError(
        'MARGIN_ERR_UPSTREAM_ERROR',
        `Message batch ${providerBatchId} has no results yet (${String(batch.processing_status)}).`,
      );
    }
    // The key goes only to the configured origin: a results_url elsewhere is read through it.
    const path = /^https?:\/\//.test(url) ? new URL(url).pathname + new URL(url).search : url;
    const text = await batchCall(chat, target, { method: 'GET', path, headers: headers(target) });
    const seen = new Set<string>();
    const out: ProviderBatchLineOut[] = [];
    for (const row of parseJsonl(text)) {
      const line = resultLine(row, target);
      if (line && !seen.has(line.customId)) {
        seen.add(line.customId);
        out.push(line);
      }
    }
    return out;
  },

  async cancel(providerBatchId, target) {
    const path = `${batchesPath(target)}/${encodeURIComponent(providerBatchId)}/cancel`;
    try {
      await batchCall(chat, target, { method: 'POST', path, headers: headers(target) });
    } catch (err) {
      const state = await anthropicBatchAdapter.poll(providerBatchId, target).catch(() => undefined);
      if (state && state.status !== 'in_progress') return;
      throw err;
    }
  },
};
