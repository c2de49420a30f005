// Token counting without generating: Anthropic `POST /v1/messages/count_tokens` and Gemini `:countTokens`.
// When the model is served by an upstream of the client's own protocol, the upstream counts (exact, its
// answer relayed as is); otherwise Margin's tokenizer counts the prompt for the model that would serve it
// (exact for OpenAI tokenizers, a ratio estimate for others) and says so: `x-margin-token-count: estimated`.
// Nothing is generated, so nothing is metered; the request still gets its ledger record.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseMessagesRequest } from '../../protocols/anthropic-messages/index.js';
import type { ChatRequest } from '../../protocols/canonical.js';
import { parseGenerateContent } from '../../protocols/gemini/request.js';
import { messagesPath } from '../../providers/anthropic/index.js';
import { methodPath } from '../../providers/gemini/index.js';
import type { UpstreamHttpRequest, WireProtocol } from '../../providers/types.js';
import { parseJsonBody, readBody } from '../body.js';
import { estimatePromptTokens } from '../estimate.js';
import type { Exchange } from '../exchange.js';
import type { ResolvedModel } from '../models.js';
import { endResponse, type GatewayState } from '../state.js';
import { callUpstream } from '../upstream.js';
import { authenticate, watchClient } from './authenticate.js';
import { candidatesFor } from './route.js';
import { withClientHeaders } from './upstream-body.js';
import { relayUpstreamError } from './upstream-error.js';

interface Counter {
  protocol: 'anthropic' | 'gemini';
  /** The canonical request (for Margin's count) from the client's body. */
  parse(body: Record<string, unknown>): ChatRequest;
  /** The upstream request when the upstream speaks the same protocol. */
  native(model: ResolvedModel, body: Record<string, unknown>): UpstreamHttpRequest;
  /** The answer body for a count. */
  answer(tokens: number): unknown;
}

function headersFor(model: ResolvedModel, protocol: WireProtocol, key: string): Record<string, string> {
  const h: Record<string, string> = { 'content-type': 'application/json' };
  if (protocol === 'anthropic') h['anthropic-version'] = '2023-06-01';
  if (model.target.apiKey) h[key] = model.target.apiKey;
  return { ...h, ...model.target.headers };
}

export const anthropicCounter: Counter = {
  protocol: 'anthropic',
  // count_tokens bodies have no max_tokens; the Messages schema needs one, and it changes no count.
  parse: (body) => parseMessagesRequest({ max_tokens: 1, ...body }),
  native: (m, body) => ({
    method: 'POST',
    path: `${messagesPath(m.target.baseUrl)}/count_tokens`,
    headers: headersFor(m, 'anthropic', 'x-api-key'),
    body: JSON.stringify({ ...body, model: m.target.upstreamModel }),
  }),
  answer: (tokens) => ({ input_tokens: tokens }),
};

/** Gemini's body is either the request's fields or `{generateContentRequest: {...}}`. */
function geminiRequest(body: Record<string, unknown>): Record<string, unknown> {
  const inner = body.generateContentRequest;
  return inner && typeof inner === 'object'
    ? { ...(inner as Record<string, unknown>), model: body.model }
    : body;
}

export const geminiCounter: Counter = {
  protocol: 'gemini',
  parse: (body) => parseGenerateContent(geminiRequest(body)),
  native: (m, body) => {
    const { model: _model, ...rest } = body;
    return {
      method: 'POST',
      path: methodPath(m.target.baseUrl, m.target.upstreamModel, 'countTokens'),
      headers: headersFor(m, 'gemini', 'x-goog-api-key'),
      body: JSON.stringify(rest),
    };
  },
  answer: (tokens) => ({ totalTokens: tokens }),
};

export async function handleCountTokens(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  counter: Counter,
  fromUrl?: Record<string, unknown>,
): Promise<void> {
  const text = await readBody(req, state.config.server.bodyLimitBytes);
  const json = { ...(parseJsonBody(text) as Record<string, unknown>), ...fromUrl };
  const request = counter.parse(json);
  ex.requestedModel = request.model;
  await authenticate(state, ex);
  const gone = watchClient(res, ex);
  const [model] = await candidatesFor(state, ex, false);
  if (!model) return;
  ex.provider = model.provider;
  ex.servedModel = model.target.upstreamModel || request.model;
  if (model.adapter.protocol === counter.protocol) {
    const result = await callUpstream(
      [model],
      (m) => withClientHeaders(state, ex, m, counter.native(m, json)),
      {
        upstreams: state.upstreams,
        retries: state.config.retries,
        metrics: state.metrics,
        signal: gone,
        onAttempt: () => {
          ex.attempts++;
        },
      },
    );
    if (!result.ok) return relayUpstreamError(state, ex, res, counter.protocol, result);
    const out = await result.body.text();
    return send(state, res, ex, result.status, out, 'reported');
  }
  const tokens = estimatePromptTokens(request, ex.servedModel);
  send(state, res, ex, 200, JSON.stringify(counter.answer(tokens)), 'estimated');
}

function send(
  state: GatewayState,
  res: ServerResponse,
  ex: Exchange,
  status: number,
  body: string,
  how: string,
): void {
  ex.status = status;
  if (res.destroyed) return;
  res.writeHead(status, {
    ...ex.streamHeaders(),
    'x-margin-token-count': how,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  ex.firstByte();
  endResponse(state, ex, res, body);
}
