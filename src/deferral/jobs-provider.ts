// The provider-batch side of a job inside the gateway: a line's request in canonical form (what an adapter
// submits), and one provider result metered at the batch tier, recorded in the ledger through the same
// Exchange → finish() path as a live request, and written back in the client's protocol.

import { MarginError } from '../errors/index.js';
import { anthropicCodec } from '../gateway/codecs/anthropic.js';
import { openaiCodec } from '../gateway/codecs/openai.js';
import { responsesCodec } from '../gateway/codecs/responses.js';
import type { ClientCodec } from '../gateway/codecs/types.js';
import { Exchange } from '../gateway/exchange.js';
import { meterInto } from '../gateway/handlers/meter.js';
import { upstreamErrorBody } from '../gateway/respond-error.js';
import { finish, type GatewayState } from '../gateway/state.js';
import { makeUsage } from '../meter/usage.js';
import type { ChatRequest } from '../protocols/canonical.js';
import type { ProviderBatchLineOut } from '../providers/batch-types.js';
import { co2eRatio, ledgerIdOf } from './jobs-live.js';
import type { Job, LineResult, LineRow, PlannedGroup } from './store/types.js';

/** The chat codec of a job endpoint; undefined for endpoints that only run live (embeddings). */
export function codecOf(endpoint: string): ClientCodec | undefined {
  if (endpoint === '/v1/chat/completions') return openaiCodec;
  if (endpoint === '/v1/messages') return anthropicCodec;
  if (endpoint === '/v1/responses') return responsesCodec;
  return undefined;
}

export function toCanonical(job: Job, request: unknown): ChatRequest {
  const codec = codecOf(job.endpoint);
  if (!codec) throw new MarginError('MARGIN_ERR_UNSUPPORTED', `${job.endpoint} lines run live only.`);
  return codec.parseRequest(request);
}

/** Meters one provider-batch result (batch tier) and appends its ledger record; returns the client body. */
export function recordBatchLine(
  state: GatewayState,
  job: Job,
  line: LineRow,
  group: PlannedGroup,
  out: ProviderBatchLineOut,
): LineResult {
  const codec = codecOf(job.endpoint) ?? openaiCodec;
  const ex = new Exchange(codec.endpoint, codec.protocol, {});
  ex.id = ledgerIdOf(job.id, line.idx);
  ex.keyId = job.keyId;
  ex.tenant = job.tenant;
  ex.requestedModel = group.model;
  ex.internal = {
    ledgerId: ex.id,
    principal: job.keyId ? { keyId: job.keyId, tenant: job.tenant } : null,
    deferral: {
      jobId: job.id,
      mode: 'provider-batch',
      immediateAt: job.createdAt,
      co2eRatio: co2eRatio(group),
    },
  };
  const model = state.models.resolve(group.model);
  if (model) {
    ex.provider = model.provider;
    ex.servedModel = model.target.upstreamModel || group.model;
  }
  let result: LineResult;
  if (out.ok) {
    const usage = { ...(out.usage ?? makeUsage({ source: 'estimated' })), kind: 'batch' as const };
    if (model) meterInto(state, ex, model, usage, out.response.model);
    else ex.usage = usage;
    ex.status = 200;
    const request = codec.parseRequest(line.request);
    result = {
      status: 200,
      body: JSON.parse(codec.encodeResponse(out.response, usage, request)),
      requestId: ex.id,
    };
  } else {
    ex.status = out.error.status;
    ex.errorCode = out.error.code ?? out.error.type ?? `upstream_http_${out.error.status}`;
    result = {
      status: out.error.status,
      body: upstreamErrorBody(codec.protocol, out.error),
      requestId: ex.id,
    };
  }
  finish(state, ex);
  return result;
}
