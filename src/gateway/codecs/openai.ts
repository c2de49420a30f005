// The OpenAI Chat Completions client protocol for the chat lifecycle.
import { parseChatRequest, wantsStreamUsage } from '../../protocols/openai-chat/request.js';
import { encodeChatResponse } from '../../protocols/openai-chat/response.js';
import { ChatStreamEncoder, ChatStreamPassthrough, SSE_DONE } from '../../protocols/openai-chat/stream.js';
import { usageFromOpenAI } from '../../protocols/openai-chat/usage.js';
import { adapterNative } from './native.js';
import type { ClientCodec, StreamWriter } from './types.js';

function passthroughWriter(includeUsage: boolean): StreamWriter {
  const filter = new ChatStreamPassthrough(includeUsage);
  return {
    event: (ev, chunks) => filter.event(ev, chunks),
    end: (_usage, comment, complete) => (complete ? comment + SSE_DONE : comment),
  };
}

function encodingWriter(includeUsage: boolean): StreamWriter {
  const enc = new ChatStreamEncoder(includeUsage);
  return {
    event(_ev, chunks) {
      let out = '';
      for (const c of chunks) out += enc.encode(c);
      return out;
    },
    end: (usage, comment, complete) => (complete ? enc.finish(usage) + comment + SSE_DONE : comment),
  };
}

export const openaiCodec: ClientCodec = {
  protocol: 'openai',
  endpoint: 'chat.completions',
  parseRequest: parseChatRequest,
  ...adapterNative('openai'),
  nativeUsage: (json) => usageFromOpenAI((json as { usage?: unknown } | null)?.usage),
  assertTranslatable: () => {},
  encodeResponse: encodeChatResponse,
  streamWriter: (req, native) =>
    native ? passthroughWriter(wantsStreamUsage(req)) : encodingWriter(wantsStreamUsage(req)),
};
