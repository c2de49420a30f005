// The chat lifecycle (README-lifecycle.md) for every client protocol (OpenAI chat and Responses, Anthropic,
// Gemini; see codecs/): parse → authenticate →
// cache lookup → route → budget reservation → upstream (body preparation, retries, fallbacks; a cascade
// route checks the cheap answer first) → stream/return while extracting usage → meter → cache store. The
// ledger record, budget settlement and metrics are done by the server once the response is over.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatRequest } from '../../protocols/canonical.js';
import type { UpstreamHttpRequest } from '../../providers/types.js';
import type { ClientGone } from '../abort.js';
import { responseToChunks } from '../assemble.js';
import { parseJsonBody, readBody } from '../body.js';
import type { ClientCodec } from '../codecs/types.js';
import { estimatePromptTokens } from '../estimate.js';
import { type Exchange, STREAM_HEADERS } from '../exchange.js';
import type { CachedHit } from '../hooks.js';
import type { ResolvedModel } from '../models.js';
import { endResponse, type GatewayState } from '../state.js';
import { callUpstream, type UpstreamResult } from '../upstream.js';
import { authenticate, watchClient } from './authenticate.js';
import { runCascade, skipCascadeForStream } from './cascade.js';
import { pipeStream } from './chat-stream.js';
import { readCompletion, writeCompletion } from './completion.js';
import { capOutput, outputCap, outputField, reserveBudget } from './reserve.js';
import { candidatesFor } from './route.js';
import { prepareUpstream, withClientHeaders } from './upstream-body.js';
import { relayUpstreamError } from './upstream-error.js';

const EMPTY_EVENT = { event: undefined, data: '', raw: '' };

/** Calls the upstream for `candidates` (native pass-through when protocols match); `logprobs` asks
 * OpenAI-protocol upstreams for token logprobs (a cascade's confidence check). */
export type ChatCaller = (
  candidates: readonly ResolvedModel[],
  opts?: { logprobs?: boolean },
) => Promise<UpstreamResult>;

function chatCaller(
  state: GatewayState,
  ex: Exchange,
  codec: ClientCodec,
  request: ChatRequest,
  body: Record<string, unknown>,
  text: string,
  gone: ClientGone,
): ChatCaller {
  const cap = outputCap(state, ex);
  return (candidates, opts) => {
    const build = (m: ResolvedModel): UpstreamHttpRequest => {
      let r: UpstreamHttpRequest;
      if (codec.isNative(m, request)) {
        // The output cap (stage 4b) is enforced upstream: a capped body is re-serialised.
        const b = cap === undefined ? body : codec.capNative(m, body, cap);
        // A cascade's logprobs check applies to chat bodies only (other native shapes have no such field).
        const lp =
          opts?.logprobs === true && codec.endpoint === 'chat.completions' && request.logprobs !== true;
        r = lp
          ? codec.buildNative(m, { ...b, logprobs: true })
          : codec.buildNative(m, b, b === body ? text : undefined);
      } else {
        codec.assertTranslatable(request);
        const lp = opts?.logprobs === true && m.adapter.protocol === 'openai' && request.logprobs !== true;
        const q = capOutput(request, cap, outputField(m));
        r = m.adapter.buildChatRequest(lp ? { ...q, logprobs: true } : q, m.target);
      }
      return prepareUpstream(state, ex, m, withClientHeaders(state, ex, m, r));
    };
    return callUpstream(candidates, build, {
      upstreams: state.upstreams,
      retries: state.config.retries,
      metrics: state.metrics,
      signal: gone,
      onAttempt: () => {
        ex.attempts++;
      },
    });
  };
}

/**
 * The chat lifecycle for one request. `fromUrl` adds fields a protocol carries in its URL (Gemini's model
 * and stream flag) to the parsed body.
 */
export async function handleChat(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  codec: ClientCodec,
  fromUrl?: Record<string, unknown>,
): Promise<void> {
  // 1. parse + validate
  const text = await readBody(req, state.config.server.bodyLimitBytes);
  let json = parseJsonBody(text) as Record<string, unknown>;
  if (fromUrl && json !== null && typeof json === 'object' && !Array.isArray(json))
    json = { ...json, ...fromUrl };
  // The model asked for is on the record even when the body fails validation (reports show it, not blank).
  if (typeof json?.['model'] === 'string') ex.requestedModel = json['model'];
  let request = codec.parseRequest(json);
  ex.request = request;
  ex.requestedModel = request.model;
  ex.streamed = request.stream === true;
  // 2. authenticate (then what the request refers to, e.g. a stored conversation, scoped to the caller)
  await authenticate(state, ex);
  if (codec.resolve) {
    request = (await codec.resolve(state, ex, request)) ?? request;
    ex.request = request;
  }
  const gone = watchClient(res, ex);
  await serve(state, ex, res, codec, request, json, text, gone);
  if (codec.after && ex.status < 400 && !ex.clientAborted) {
    await codec.after(state, ex, request).catch((err: unknown) => {
      state.log(
        `margin: ${ex.endpoint} ${ex.id}: could not store the response: ${err instanceof Error ? err.message : err}`,
      );
    });
  }
}

/** Stages 3–10: cache, route, reserve, upstream, and the answer in the client's protocol. */
async function serve(
  state: GatewayState,
  ex: Exchange,
  res: ServerResponse,
  codec: ClientCodec,
  request: ChatRequest,
  json: Record<string, unknown>,
  text: string,
  gone: ClientGone,
): Promise<void> {
  // 3. cache lookup
  const cache = state.hooks.cache;
  if (cache) {
    const hit = await cache.lookup(ex);
    if (hit) return serveHit(state, ex, res, codec, request, hit);
    ex.cacheStore = cache.willStore?.(ex) ?? true;
  }
  // 4. route
  const candidates = await candidatesFor(state, ex, true);
  // 4b. budget reservation
  await reserveBudget(
    state,
    ex,
    candidates,
    (m) => estimatePromptTokens(request, m.target.upstreamModel || request.model),
    request.max_completion_tokens ?? request.max_tokens,
  );
  // 5. upstream call (5a, prepareUpstream, inside the caller; 5b, a cascade, checks the cheap answer)
  const call = chatCaller(state, ex, codec, request, json, text, gone);
  if (ex.cascade) {
    if (!ex.streamed) return runCascade(state, ex, res, codec, request, candidates, call);
    skipCascadeForStream(ex);
  }
  const result = await call(candidates);
  ex.provider = result.model.provider;
  ex.servedModel = result.model.target.upstreamModel || ex.requestedModel;
  if (!result.ok) return relayUpstreamError(state, ex, res, codec.protocol, result);
  // 6–10. stream/return while extracting usage, meter, cache store
  const native = codec.isNative(result.model, request);
  if (ex.streamed) return pipeStream(state, ex, res, codec, request, result, native, gone);
  const completion = await readCompletion(request, codec, result, native, ex.cacheStore);
  writeCompletion(state, ex, res, codec, request, completion);
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
  ex.saved = state.meterer.label(state.meterer.catalog.prices.find(hit.model)?.id, hit.usage, ex.ts);
  ex.status = 200;
  if (!ex.streamed) {
    const out = codec.encodeResponse(hit.response, hit.usage, request);
    res.writeHead(200, {
      ...ex.labelHeaders(),
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(out),
    });
    ex.firstByte();
    endResponse(state, ex, res, out);
    return;
  }
  const writer = codec.streamWriter(request, false, {
    model: hit.response.model || hit.model,
    inputTokens: () => hit.usage.inputTokens,
  });
  const out =
    writer.event(EMPTY_EVENT, responseToChunks(hit.response)) + writer.end(hit.usage, ex.comment(), true);
  res.writeHead(200, { ...ex.labelHeaders(), ...STREAM_HEADERS });
  ex.firstByte();
  endResponse(state, ex, res, out);
}
