// The Gemini client routes: `/v1beta/models/{model}:{method}` (also `/v1/…`, `/v1alpha/…`), where the model
// and the method live in the path. Gemini clients authenticate with `x-goog-api-key` or `?key=`: both are
// presented to the gateway's key check as `x-api-key`, and kept as `x-goog-api-key` for a transparent proxy.
import type { IncomingHttpHeaders } from 'node:http';
import type { Endpoint } from '../ledger/record.js';
import { geminiCodec } from './codecs/gemini.js';
import type { Exchange } from './exchange.js';
import { handleChat } from './handlers/chat.js';
import { geminiCounter, handleCountTokens } from './handlers/count-tokens.js';
import { handleGeminiEmbed } from './handlers/gemini-embed.js';
import type { GatewayState } from './state.js';

type Handler = (
  state: GatewayState,
  ex: Exchange,
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse,
) => Promise<void>;

export interface GeminiRoute {
  endpoint: Endpoint;
  handler: Handler;
}

const PATH = /^\/v1(?:beta|alpha)?\/models\/(.+):([A-Za-z]+)$/;

/** The route for a Gemini model-method path, or undefined when the path is not one. */
export function geminiRoute(path: string): GeminiRoute | undefined {
  const m = PATH.exec(path);
  if (!m) return undefined;
  const model = decodeURIComponent(m[1] ?? '').replace(/^models\//, '');
  switch (m[2]) {
    case 'generateContent':
    case 'streamGenerateContent': {
      const fromUrl = { model, stream: m[2] === 'streamGenerateContent' };
      return {
        endpoint: 'generate_content',
        handler: (s, ex, q, r) => handleChat(s, ex, q, r, geminiCodec, fromUrl),
      };
    }
    case 'countTokens':
      return {
        endpoint: 'count_tokens',
        handler: (s, ex, q, r) => handleCountTokens(s, ex, q, r, geminiCounter, { model }),
      };
    case 'embedContent':
    case 'batchEmbedContents': {
      const fromUrl = { model, batch: m[2] === 'batchEmbedContents' };
      return { endpoint: 'embed_content', handler: (s, ex, q, r) => handleGeminiEmbed(s, ex, q, r, fromUrl) };
    }
    default:
      return undefined;
  }
}

/** The request's headers with a Gemini key (header or `?key=`) also presented as `x-api-key`. */
export function geminiHeaders(headers: IncomingHttpHeaders, query: string): IncomingHttpHeaders {
  let key = headers['x-goog-api-key'];
  if (typeof key !== 'string' || key === '') key = new URLSearchParams(query).get('key') ?? undefined;
  if (!key) return headers;
  return { ...headers, 'x-goog-api-key': key, 'x-api-key': headers['x-api-key'] ?? key };
}
