// The Anthropic upstream adapter: canonical requests to `POST /v1/messages` (x-api-key,
// anthropic-version 2023-06-01), responses, SSE streams and errors back to canonical.
import type { ChatRequest } from '../../protocols/canonical.js';
import type { ProviderAdapter, UpstreamHttpRequest, UpstreamTarget } from '../types.js';
import { parseAnthropicError } from './errors.js';
import { toAnthropicBody } from './request.js';
import { fromAnthropicMessage } from './response.js';
import { AnthropicStreamDecoder } from './stream.js';

export const ANTHROPIC_VERSION = '2023-06-01';

/** `/v1/messages` under the base URL's path (`https://api.anthropic.com` and `…/v1` both work). */
export function messagesPath(baseUrl: string): string {
  const base = new URL(baseUrl).pathname.replace(/\/+$/, '');
  return base.endsWith('/v1') ? `${base}/messages` : `${base}/v1/messages`;
}

function buildChatRequest(req: ChatRequest, target: UpstreamTarget): UpstreamHttpRequest {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
  };
  if (target.apiKey) headers['x-api-key'] = target.apiKey;
  if (req.stream) headers['accept'] = 'text/event-stream';
  Object.assign(headers, target.headers);
  return {
    method: 'POST',
    path: messagesPath(target.baseUrl),
    headers,
    body: JSON.stringify(toAnthropicBody(req, target.upstreamModel)),
  };
}

export const adapter: ProviderAdapter = {
  id: 'anthropic',
  protocol: 'anthropic',
  buildChatRequest,
  parseChatResponse: (body, target) => fromAnthropicMessage(body, target.upstreamModel),
  createStreamDecoder: (target) => new AnthropicStreamDecoder(target.upstreamModel),
  parseError: parseAnthropicError,
};
