// The Anthropic Messages client protocol (POST /v1/messages) for the chat lifecycle.
import {
  MessagesStreamEncoder,
  parseMessagesRequest,
  toMessagesResponse,
  usageFromMessage,
} from '../../protocols/anthropic-messages/index.js';
import type { ClientCodec, StreamWriter } from './types.js';

const passthroughWriter = (): StreamWriter => ({
  event: (ev) => ev.raw,
  end: (_usage, comment) => comment,
});

function encodingWriter(model: string): StreamWriter {
  const enc = new MessagesStreamEncoder(model);
  return {
    event(_ev, chunks) {
      let out = '';
      for (const c of chunks) out += enc.encode(c);
      return out;
    },
    end: (usage, comment, complete) => (complete ? enc.finish(usage) + comment : comment),
  };
}

export const anthropicCodec: ClientCodec = {
  protocol: 'anthropic',
  endpoint: 'messages',
  parseRequest: parseMessagesRequest,
  nativeUsage: usageFromMessage,
  encodeResponse: (res, usage) => JSON.stringify(toMessagesResponse(res, usage)),
  streamWriter: (req, native) => (native ? passthroughWriter() : encodingWriter(req.model)),
};
