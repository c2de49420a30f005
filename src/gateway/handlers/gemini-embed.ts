// Gemini embeddings (`:embedContent`, and `:batchEmbedContents`, which @google/genai uses): passed through
// to a Gemini upstream, or translated to `POST /embeddings` on an OpenAI-compatible one (texts in,
// `outputDimensionality` as `dimensions`, vectors back as `values`). Metered like /v1/embeddings: by the
// upstream's reported prompt tokens, else by Margin's tokenizer (Gemini reports none).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MarginError } from '../../errors/index.js';
import { makeUsage } from '../../meter/usage.js';
import { usageFromEmbeddings } from '../../protocols/openai-embeddings/usage.js';
import { methodPath } from '../../providers/gemini/index.js';
import { endpointPath, upstreamHeaders } from '../../providers/openai-compatible/index.js';
import type { UpstreamHttpRequest } from '../../providers/types.js';
import { parseJsonBody, readBody } from '../body.js';
import { estimateTextTokens } from '../estimate.js';
import type { Exchange } from '../exchange.js';
import type { ResolvedModel } from '../models.js';
import { endResponse, type GatewayState } from '../state.js';
import { callUpstream } from '../upstream.js';
import { authenticate, watchClient } from './authenticate.js';
import { meterInto } from './meter.js';
import { reserveBudget } from './reserve.js';
import { candidatesFor } from './route.js';
import { withClientHeaders } from './upstream-body.js';
import { relayUpstreamError } from './upstream-error.js';

type Json = Record<string, unknown>;

interface EmbedRequest {
  texts: string[];
  dimensions: number | undefined;
}

function textOf(content: unknown): string {
  const parts = (content as { parts?: unknown } | null)?.parts;
  if (!Array.isArray(parts)) {
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', 'content.parts must be a list of parts', {
      param: 'content.parts',
    });
  }
  return parts.map((p) => (typeof (p as Json)?.text === 'string' ? (p as Json).text : '')).join('');
}

/** The texts and dimensions of an embedContent (`batch` false) or batchEmbedContents body. */
export function parseEmbedRequest(body: Json, batch: boolean): EmbedRequest {
  const list = batch ? body.requests : [body];
  if (!Array.isArray(list) || list.length === 0) {
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', 'requests must be a non-empty list', {
      param: 'requests',
    });
  }
  const first = list[0] as Json;
  const dims = first.outputDimensionality;
  return {
    texts: list.map((r) => textOf((r as Json).content)),
    dimensions: typeof dims === 'number' ? dims : undefined,
  };
}

export async function handleGeminiEmbed(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  fromUrl: { model: string; batch: boolean },
): Promise<void> {
  const text = await readBody(req, state.config.server.bodyLimitBytes);
  const json = parseJsonBody(text) as Json;
  const embed = parseEmbedRequest(json, fromUrl.batch);
  ex.requestedModel = fromUrl.model;
  await authenticate(state, ex);
  const gone = watchClient(res, ex);
  const candidates = await candidatesFor(state, ex, false);
  const inputText = embed.texts.join('\n');
  await reserveBudget(
    state,
    ex,
    candidates,
    (m) => estimateTextTokens(inputText, m.target.upstreamModel || fromUrl.model),
    0,
  );
  const build = (m: ResolvedModel): UpstreamHttpRequest => {
    if (m.adapter.protocol === 'gemini') {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...m.target.headers };
      if (m.target.apiKey) headers['x-goog-api-key'] = m.target.apiKey;
      return withClientHeaders(state, ex, m, {
        method: 'POST',
        path: methodPath(
          m.target.baseUrl,
          m.target.upstreamModel,
          fromUrl.batch ? 'batchEmbedContents' : 'embedContent',
        ),
        headers,
        body: text,
      });
    }
    if (m.adapter.protocol !== 'openai') {
      throw new MarginError(
        'MARGIN_ERR_UNSUPPORTED',
        `'${fromUrl.model}' is served by ${m.provider}, which has no embeddings endpoint.`,
        {
          param: 'model',
        },
      );
    }
    const body: Json = { model: m.target.upstreamModel, input: embed.texts };
    if (embed.dimensions !== undefined) body.dimensions = embed.dimensions;
    return withClientHeaders(state, ex, m, {
      method: 'POST',
      path: endpointPath(m.target, '/embeddings'),
      headers: upstreamHeaders(m.target),
      body: JSON.stringify(body),
    });
  };
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
  ex.servedModel = result.model.target.upstreamModel || fromUrl.model;
  if (!result.ok) return relayUpstreamError(state, ex, res, 'gemini', result);
  const upstream = JSON.parse(await result.body.text()) as Json;
  const upstreamModel = result.model.target.upstreamModel || fromUrl.model;
  let out: Json;
  let usage = result.model.adapter.protocol === 'openai' ? usageFromEmbeddings(upstream) : undefined;
  if (result.model.adapter.protocol === 'gemini') out = upstream;
  else {
    const data = Array.isArray(upstream.data) ? (upstream.data as Json[]) : [];
    const vectors = data.map((d) => ({ values: Array.isArray(d.embedding) ? d.embedding : [] }));
    out = fromUrl.batch ? { embeddings: vectors } : { embedding: vectors[0] ?? { values: [] } };
  }
  usage ??= makeUsage({ inputTokens: estimateTextTokens(inputText, upstreamModel), source: 'estimated' });
  meterInto(state, ex, result.model, usage);
  ex.status = result.status;
  if (res.destroyed) return;
  const body = JSON.stringify(out);
  res.writeHead(result.status, {
    ...ex.labelHeaders(),
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  ex.firstByte();
  endResponse(state, ex, res, body);
}
