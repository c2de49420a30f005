// The chat lifecycle (README-lifecycle.md) for OpenAI and Anthropic clients alike: parse → authenticate →
// cache lookup → route → upstream (retries, fallbacks) → stream/return while extracting usage → meter →
// cache store. The ledger record and metrics are written by the server once the response is over.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MarginError } from '../../errors/index.js';
import type { Usage } from '../../meter/usage.js';
import type { ChatRequest, ChatResponse } from '../../protocols/canonical.js';
import { responseText } from '../../protocols/openai-chat/response.js';
import type { UpstreamHttpRequest } from '../../providers/types.js';
import { responseToChunks } from '../assemble.js';
import { parseJsonBody, readBody } from '../body.js';
import type { ClientCodec } from '../codecs/types.js';
import { estimatedUsage, estimatePromptTokens, estimateTextTokens } from '../estimate.js';
import { type Exchange, STREAM_HEADERS } from '../exchange.js';
import type { CachedHit } from '../hooks.js';
import type { ResolvedModel } from '../models.js';
import type { GatewayState } from '../state.js';
import { callUpstream, type UpstreamResult } from '../upstream.js';
import { pipeStream } from './chat-stream.js';
import { authenticate, candidatesFor, meterInto, watchClient, withClientCredentials } from './select.js';
import { relayUpstreamError } from './upstream-error.js';

const EMPTY_EVENT = { event: undefined, data: '', raw: '' };

/** True when the upstream speaks the client's protocol and the body can pass through natively. */
export function isNative(model: ResolvedModel, codec: ClientCodec): boolean {
  return model.adapter.protocol === codec.protocol && model.adapter.buildNativeRequest !== undefined;
}

export async function handleChat(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  codec: ClientCodec,
): Promise<void> {
  // 1. parse + validate
  const text = await readBody(req, state.config.server.bodyLimitBytes);
  const json = parseJsonBody(text);
  const request = codec.parseRequest(json);
  ex.request = request;
  ex.requestedModel = request.model;
  ex.streamed = request.stream === true;
  // 2. authenticate
  await authenticate(state, ex);
  const gone = watchClient(res, ex);
  // 3. cache lookup
  const cache = state.hooks.cache;
  if (cache) {
    const hit = await cache.lookup(ex);
    if (hit) return serveHit(state, ex, res, codec, request, hit);
  }
  // 4. route
  const candidates = await candidatesFor(state, ex, true);
  // 5. upstream call
  const body = json as Record<string, unknown>;
  const build = (m: ResolvedModel): UpstreamHttpRequest =>
    withClientCredentials(
      state,
      ex,
      m,
      isNative(m, codec) && m.adapter.buildNativeRequest
        ? m.adapter.buildNativeRequest(body, m.target, text)
        : m.adapter.buildChatRequest(request, m.target),
    );
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
  ex.servedModel = result.model.target.upstreamModel || ex.requestedModel;
  if (!result.ok) return relayUpstreamError(ex, res, codec.protocol, result);
  // 6–11. stream/return while extracting usage, meter, cache store
  const native = isNative(result.model, codec);
  if (ex.streamed) return pipeStream(state, ex, res, codec, request, result, native, gone);
  return sendCompletion(state, ex, res, codec, request, result, native);
}

async function sendCompletion(
  state: GatewayState,
  ex: Exchange,
  res: ServerResponse,
  codec: ClientCodec,
  request: ChatRequest,
  result: Extract<UpstreamResult, { ok: true }>,
  native: boolean,
): Promise<void> {
  const { model } = result;
  const text = await result.body.text();
  let upstreamJson: unknown;
  try {
    upstreamJson = JSON.parse(text);
  } catch {
    throw new MarginError(
      'MARGIN_ERR_UPSTREAM_BAD_RESPONSE',
      `Upstream ${model.target.baseUrl} returned a body that is not JSON (${text.slice(0, 80)}).`,
    );
  }
  let canonical: ChatResponse | undefined;
  let usage: Usage | undefined;
  if (native) usage = codec.nativeUsage(upstreamJson);
  else ({ response: canonical, usage } = model.adapter.parseChatResponse(upstreamJson, model.target));
  const needCanonical = !usage || state.hooks.cache !== undefined;
  if (needCanonical && !canonical)
    canonical = model.adapter.parseChatResponse(upstreamJson, model.target).response;
  if (!usage) {
    const m = model.target.upstreamModel || request.model;
    const out = canonical ? estimateTextTokens(responseText(canonical), m) : 0;
    usage = estimatedUsage(() => estimatePromptTokens(request, m), out);
  }
  const responseModel = (upstreamJson as { model?: unknown } | null)?.model;
  meterInto(state, ex, model, usage, typeof responseModel === 'string' ? responseModel : undefined);
  const out = native ? text : codec.encodeResponse(canonical as ChatResponse, usage);
  ex.status = result.status;
  if (res.destroyed) return;
  res.writeHead(result.status, {
    ...ex.labelHeaders(),
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(out),
  });
  ex.firstByte();
  res.end(out);
  if (state.hooks.cache && canonical && usage.source === 'reported') {
    state.hooks.cache.store(ex, {
      response: canonical,
      usage,
      model: ex.servedModel ?? model.target.upstreamModel,
      provider: model.provider,
    });
  }
}

/** Serves a cache hit in the client's protocol (JSON or a synthesized stream); it costs nothing. */
function serveHit(
  state: GatewayState,
  ex: Exchange,
  res: ServerResponse,
  codec: ClientCodec,
  request: ChatRequest,
  hit: CachedHit,
): void {
  ex.cache = hit.kind;
  ex.provider = hit.provider;
  ex.servedModel = hit.model;
  ex.usage = hit.usage;
  ex.saved = state.meterer.label(state.meterer.catalog.prices.find(hit.model)?.id, hit.usage);
  ex.status = 200;
  if (!ex.streamed) {
    const out = codec.encodeResponse(hit.response, hit.usage);
    res.writeHead(200, {
      ...ex.labelHeaders(),
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(out),
    });
    ex.firstByte();
    res.end(out);
    return;
  }
  const writer = codec.streamWriter(request, false);
  const out =
    writer.event(EMPTY_EVENT, responseToChunks(hit.response)) + writer.end(hit.usage, ex.comment(), true);
  res.writeHead(200, { ...ex.labelHeaders(), ...STREAM_HEADERS });
  ex.firstByte();
  res.end(out);
}
