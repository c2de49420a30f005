// The HTTP front: node:http request dispatch by method and path, one Exchange per API request, errors
// turned into wire bodies in one place, and exactly one ledger record per request when it is over.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MarginError, toMarginError } from '../errors/index.js';
import type { Endpoint } from '../ledger/record.js';
import { serveAdminSurface } from './admin/surface.js';
import { lingerThenClose } from './body.js';
import { anthropicCodec } from './codecs/anthropic.js';
import { openaiCodec } from './codecs/openai.js';
import { responsesCodec } from './codecs/responses.js';
import type { ClientCodec } from './codecs/types.js';
import { Exchange } from './exchange.js';
import { geminiHeaders, geminiRoute } from './gemini-routes.js';
import { deferralRoute } from './handlers/batches-routes.js';
import { handleChat } from './handlers/chat.js';
import { anthropicCounter, handleCountTokens } from './handlers/count-tokens.js';
import { DEFER_HEADER, handleDeferredCreate } from './handlers/deferred.js';
import { embeddingsEndpoint } from './handlers/embeddings.js';
import { handleFeedback } from './handlers/feedback.js';
import { handleModels } from './handlers/models.js';
import { handleOpenAIOnly } from './handlers/openai-only.js';
import { internalCallOf } from './internal.js';
import { type ClientProtocol, sendError } from './respond-error.js';
import { finish, type GatewayState } from './state.js';

type Handler = (
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
) => Promise<void>;

interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  endpoint: Endpoint;
  protocol: ClientProtocol;
  handler: Handler;
}

const chat =
  (codec: ClientCodec): Handler =>
  (s, ex, req, res) =>
    handleChat(s, ex, req, res, codec);

/** Builds the request listener. */
export function createListener(
  state: GatewayState,
  lifecycle: { begin(): void; end(): void },
): (req: IncomingMessage, res: ServerResponse) => void {
  const routes = new Map<string, Route>([
    [
      '/v1/chat/completions',
      { method: 'POST', endpoint: 'chat.completions', protocol: 'openai', handler: chat(openaiCodec) },
    ],
    [
      '/v1/embeddings',
      {
        method: 'POST',
        endpoint: 'embeddings',
        protocol: 'openai',
        handler: (s, ex, q, r) => handleOpenAIOnly(s, ex, q, r, embeddingsEndpoint),
      },
    ],
    [
      '/v1/responses',
      { method: 'POST', endpoint: 'responses', protocol: 'openai', handler: chat(responsesCodec) },
    ],
    ['/v1/models', { method: 'GET', endpoint: 'models', protocol: 'openai', handler: handleModels }],
    ['/v1/feedback', { method: 'POST', endpoint: 'other', protocol: 'openai', handler: handleFeedback }],
  ]);
  routes.set('/v1/messages', {
    method: 'POST',
    endpoint: 'messages',
    protocol: 'anthropic',
    handler: chat(anthropicCodec),
  });
  routes.set('/v1/messages/count_tokens', {
    method: 'POST',
    endpoint: 'count_tokens',
    protocol: 'anthropic',
    handler: (s, ex, q, r) => handleCountTokens(s, ex, q, r, anthropicCounter),
  });

  const deferrable = new Map<string, ClientCodec>([
    ['/v1/chat/completions', openaiCodec],
    ['/v1/responses', responsesCodec],
    ['/v1/messages', anthropicCodec],
  ]);

  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const route = routes.get(path);
    if (route) {
      const codec =
        state.deferral && req.headers[DEFER_HEADER] !== undefined ? deferrable.get(path) : undefined;
      if (codec) {
        // `x-margin-defer`: stored as a job and answered 202 (handlers/deferred.ts); it runs later.
        const handler: Handler = (s, ex, q, r) => handleDeferredCreate(s, ex, q, r, codec, path);
        runApi(state, { ...route, endpoint: 'other', handler }, path, req, res, lifecycle);
        return;
      }
      runApi(state, route, path, req, res, lifecycle);
      return;
    }
    const jobs = path.startsWith('/v1/')
      ? deferralRoute(req.method ?? '', path, q === -1 ? '' : url.slice(q + 1))
      : undefined;
    if (jobs) {
      runApi(state, { ...jobs, endpoint: 'other' }, path, req, res, lifecycle);
      return;
    }
    const gemini = geminiRoute(path);
    if (gemini) {
      const headers = geminiHeaders(req.headers, q === -1 ? '' : url.slice(q + 1));
      runApi(state, { method: 'POST', protocol: 'gemini', ...gemini }, path, req, res, lifecycle, headers);
      return;
    }
    serveOther(state, path, req, res).catch((err) => {
      const e = toMarginError(err);
      if (e.status >= 500) {
        state.log(`margin: ${req.method} ${path} failed: ${err instanceof Error ? err.stack : err}`);
      }
      req.resume();
      sendError(res, 'openai', e);
    });
  };
}

function runApi(
  state: GatewayState,
  route: Route,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  lifecycle: { begin(): void; end(): void },
  headers = req.headers,
): void {
  const ex = new Exchange(route.endpoint, route.protocol, headers);
  const internal = internalCallOf(headers);
  if (internal) {
    // A job line run by the deferral worker (internal.ts): its fixed ledger id and deferral facts.
    ex.internal = internal;
    ex.id = internal.ledgerId;
  }
  lifecycle.begin();
  state.metrics.inFlight++;
  const done = () => {
    state.metrics.inFlight--;
    if (ex.clientAborted && ex.status === 0) ex.status = 499;
    finish(state, ex);
    lifecycle.end();
  };
  if (req.method !== route.method) {
    const err = new MarginError(
      'MARGIN_ERR_METHOD_NOT_ALLOWED',
      `Use ${route.method} for ${path} (got ${req.method}).`,
    );
    ex.status = err.status;
    ex.errorCode = err.code;
    finish(state, ex); // recorded before the answer is sent (see endResponse)
    sendError(res, route.protocol, err, { 'x-margin-request-id': ex.id, allow: route.method });
    req.resume();
    done();
    return;
  }
  route.handler(state, ex, req, res).then(done, (err: unknown) => {
    if (ex.clientAborted) {
      ex.status = ex.status || 499;
      if (!res.destroyed) res.destroy();
      done();
      return;
    }
    const e = toMarginError(err);
    if (e.code === 'MARGIN_ERR_INTERNAL')
      state.log(`margin: ${path} ${ex.id}: ${err instanceof Error ? err.stack : err}`);
    ex.status = e.status;
    ex.errorCode = e.code;
    const closeAfter = e.code === 'MARGIN_ERR_BODY_TOO_LARGE';
    finish(state, ex); // recorded before the answer is sent (see endResponse)
    sendError(res, route.protocol, e, {
      ...ex.streamHeaders(),
      ...(closeAfter ? { connection: 'close' } : {}),
    });
    if (closeAfter) lingerThenClose(req);
    done();
  });
}

async function serveOther(
  state: GatewayState,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (path === '/healthz') {
    const body = '{"status":"ok"}';
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
    return;
  }
  if (await serveAdminSurface(state, path, req, res)) return;
  req.resume();
  sendError(
    res,
    path.startsWith('/v1/messages') ? 'anthropic' : path.startsWith('/v1beta/') ? 'gemini' : 'openai',
    new MarginError('MARGIN_ERR_NOT_FOUND', `Unknown path ${req.method} ${path}.`),
  );
}
