// OpenAI-only endpoints passed through natively (/v1/embeddings): the body goes upstream unchanged apart
// from the model id, the answer comes back unchanged, and usage is read on the way.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MarginError } from '../../errors/index.js';
import type { Usage } from '../../meter/usage.js';
import { endpointPath, upstreamHeaders } from '../../providers/openai-compatible/index.js';
import { parseJsonBody, readBody } from '../body.js';
import type { Exchange } from '../exchange.js';
import type { ResolvedModel } from '../models.js';
import { endResponse, type GatewayState } from '../state.js';
import { callUpstream, upstreamName } from '../upstream.js';
import { authenticate, watchClient } from './authenticate.js';
import { meterInto } from './meter.js';
import { reserveBudget } from './reserve.js';
import { candidatesFor } from './route.js';
import { withClientHeaders } from './upstream-body.js';
import { relayUpstreamError } from './upstream-error.js';

export interface OpenAIOnlyEndpoint<R extends { model: string }> {
  /** Upstream path under the base URL, e.g. `/embeddings`. */
  path: string;
  parse(body: unknown): R;
  usage(json: unknown): Usage | undefined;
  /** Usage estimate from the request (an upstream that reports none). */
  estimate(req: R, model: string): Usage;
}

export async function handleOpenAIOnly<R extends { model: string }>(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  spec: OpenAIOnlyEndpoint<R>,
): Promise<void> {
  const text = await readBody(req, state.config.server.bodyLimitBytes);
  const json = parseJsonBody(text) as Record<string, unknown>;
  if (typeof json?.['model'] === 'string') ex.requestedModel = json['model'];
  const request = spec.parse(json);
  ex.requestedModel = request.model;
  await authenticate(state, ex);
  const gone = watchClient(res, ex);
  const all = await candidatesFor(state, ex, false);
  const candidates = all.filter((m) => m.adapter.protocol === 'openai');
  if (candidates.length === 0) {
    throw new MarginError(
      'MARGIN_ERR_UNSUPPORTED',
      `'${request.model}' is served by ${all[0]?.provider ?? 'a provider'}, which has no OpenAI ${spec.path} endpoint.`,
      { param: 'model' },
    );
  }
  // Embeddings have no output: the reservation is the input alone.
  await reserveBudget(
    state,
    ex,
    candidates,
    (m) => spec.estimate(request, m.target.upstreamModel || request.model).inputTokens,
    0,
  );
  const build = (m: ResolvedModel) =>
    withClientHeaders(state, ex, m, {
      method: 'POST',
      path: endpointPath(m.target, spec.path),
      headers: upstreamHeaders(m.target),
      body:
        json.model === m.target.upstreamModel
          ? text
          : JSON.stringify({ ...json, model: m.target.upstreamModel }),
    });
  const result = await callUpstream(candidates, build, {
    upstreams: state.upstreams,
    retries: state.config.retries,
    metrics: state.metrics,
    signal: gone,
    onAttempt: () => {
      ex.attempts++;
    },
  });
  ex.provider = result.model.provider;
  ex.servedModel = result.model.target.upstreamModel || request.model;
  if (!result.ok) return relayUpstreamError(state, ex, res, 'openai', result);
  const { model } = result;
  const upstreamModel = model.target.upstreamModel || request.model;
  ex.status = result.status;

  const out = await result.body.text();
  let upstreamJson: unknown;
  try {
    upstreamJson = JSON.parse(out);
  } catch {
    throw new MarginError(
      'MARGIN_ERR_UPSTREAM_BAD_RESPONSE',
      `Upstream ${upstreamName(model)} returned a body that is not JSON.`,
    );
  }
  const usage = spec.usage(upstreamJson) ?? spec.estimate(request, upstreamModel);
  const responseModel = (upstreamJson as { model?: unknown } | null)?.model;
  meterInto(state, ex, model, usage, typeof responseModel === 'string' ? responseModel : undefined);
  if (res.destroyed) return;
  res.writeHead(result.status, {
    ...ex.labelHeaders(),
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(out),
  });
  ex.firstByte();
  endResponse(state, ex, res, out);
}
