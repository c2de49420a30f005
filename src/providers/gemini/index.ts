// The Gemini upstream adapter: canonical requests to `POST /v1beta/models/{model}:generateContent` (or
// `:streamGenerateContent?alt=sse`) with `x-goog-api-key`; responses, streams and errors back to canonical.
import type { ChatRequest } from '../../protocols/canonical.js';
import type { ProviderAdapter, UpstreamHttpRequest, UpstreamTarget } from '../types.js';
import { parseGeminiError } from './errors.js';
import { toGeminiBody } from './request.js';
import { fromGeminiResponse } from './response.js';
import { GeminiStreamDecoder } from './stream.js';

/** Model id without Google's `models/` resource prefix. */
const bareModel = (model: string): string => model.replace(/^models\//, '');

/** A model method's path under the base URL (`https://generativelanguage.googleapis.com` or `…/v1beta`). */
export function methodPath(baseUrl: string, model: string, method: string): string {
  const base = new URL(baseUrl).pathname.replace(/\/+$/, '');
  const root = /\/v1(alpha|beta)?$/.test(base) ? base : `${base}/v1beta`;
  return `${root}/models/${encodeURIComponent(bareModel(model))}:${method}`;
}

/** generateContent, or streamGenerateContent with SSE framing. */
export function generatePath(baseUrl: string, model: string, stream: boolean): string {
  return methodPath(baseUrl, model, stream ? 'streamGenerateContent?alt=sse' : 'generateContent');
}

function buildChatRequest(req: ChatRequest, target: UpstreamTarget): UpstreamHttpRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (target.apiKey) headers['x-goog-api-key'] = target.apiKey;
  Object.assign(headers, target.headers);
  const model = bareModel(target.upstreamModel);
  return {
    method: 'POST',
    path: generatePath(target.baseUrl, model, req.stream === true),
    headers,
    body: JSON.stringify(toGeminiBody(req, model)),
  };
}

export const adapter: ProviderAdapter = {
  id: 'gemini',
  protocol: 'gemini',
  buildChatRequest,
  parseChatResponse: (body, target) => fromGeminiResponse(body, bareModel(target.upstreamModel)),
  createStreamDecoder: (target) => new GeminiStreamDecoder(bareModel(target.upstreamModel)),
  parseError: parseGeminiError,
};
