// The Gemini client protocol (`POST /v1beta/models/{model}:generateContent` and
// `:streamGenerateContent?alt=sse`) for the chat lifecycle. The model and the stream flag come from the URL
// (the route puts them on the body as `model` / `stream`; they are taken off again before a native
// upstream sees it). Gemini upstreams get the body natively; any other upstream gets it translated.
import { MarginError } from '../../errors/index.js';
import type { ChatRequest } from '../../protocols/canonical.js';
import { parseGenerateContent, untranslatableGeminiParams } from '../../protocols/gemini/request.js';
import { toGeminiResponse } from '../../protocols/gemini/response.js';
import { GeminiStreamEncoder } from '../../protocols/gemini/stream.js';
import { usageFromGemini } from '../../protocols/gemini/usage.js';
import { generatePath } from '../../providers/gemini/index.js';
import type { ClientCodec, StreamWriter } from './types.js';

/** The body a Gemini upstream gets: the client's, without the URL's fields the route added. */
function upstreamBody(body: Record<string, unknown>): Record<string, unknown> {
  const { model: _m, stream: _s, ...rest } = body;
  return rest;
}

const passthroughWriter = (): StreamWriter => ({
  event: (ev) => ev.raw,
  end: (_usage, comment) => comment,
});

/** Sets generationConfig.maxOutputTokens to at most `cap`. */
export function capGeminiOutput(body: Record<string, unknown>, cap: number): Record<string, unknown> {
  const g = (body.generationConfig ?? {}) as Record<string, unknown>;
  const max = typeof g.maxOutputTokens === 'number' ? g.maxOutputTokens : undefined;
  if (max !== undefined && max <= cap) return body;
  return { ...body, generationConfig: { ...g, maxOutputTokens: cap } };
}

export const geminiCodec: ClientCodec = {
  protocol: 'gemini',
  endpoint: 'generate_content',
  parseRequest: parseGenerateContent,
  isNative: (m) => m.adapter.protocol === 'gemini',
  buildNative(m, body) {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...m.target.headers };
    if (m.target.apiKey) headers['x-goog-api-key'] = m.target.apiKey;
    return {
      method: 'POST',
      path: generatePath(m.target.baseUrl, m.target.upstreamModel, body.stream === true),
      headers,
      body: JSON.stringify(upstreamBody(body)),
    };
  },
  capNative: (_m, body, cap) => capGeminiOutput(body, cap),
  nativeUsage: (json) => usageFromGemini((json as { usageMetadata?: unknown } | null)?.usageMetadata),
  nativeCanonical: (m, json) => m.adapter.parseChatResponse(json, m.target).response,
  nativeDecoder: (m) => m.adapter.createStreamDecoder(m.target),
  assertTranslatable(req: ChatRequest) {
    const param = untranslatableGeminiParams(req)[0];
    if (param !== undefined) {
      throw new MarginError('MARGIN_ERR_UNSUPPORTED', `${param}: has no equivalent outside Gemini`, {
        param,
      });
    }
  },
  encodeResponse: (res, usage, req) => JSON.stringify(toGeminiResponse(res, usage, req.model)),
  streamWriter(_req, native, ctx) {
    if (native) return passthroughWriter();
    const enc = new GeminiStreamEncoder(ctx.model);
    return {
      event(_ev, chunks) {
        let out = '';
        for (const c of chunks) out += enc.encode(c);
        return out;
      },
      end: (usage, comment, complete) => (complete ? enc.finish(usage) + comment : comment),
    };
  },
};
