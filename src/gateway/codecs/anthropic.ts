// The Anthropic Messages client protocol (POST /v1/messages) for the chat lifecycle.
import {
  assertTranslatable,
  MessagesStreamEncoder,
  parseMessagesRequest,
  toMessagesResponse,
  usageFromMessage,
} from '../../protocols/anthropic-messages/index.js';
import { adapterNative } from './native.js';
import type { ClientCodec, StreamContext, StreamWriter } from './types.js';

const passthroughWriter = (): StreamWriter => ({
  event: (ev) => ev.raw,
  end: (_usage, comment) => comment,
});

function encodingWriter(ctx: StreamContext): StreamWriter {
  // message_start announces the prompt's tokens, counted by Margin (the upstream reports them only at the end).
  const enc = new MessagesStreamEncoder(ctx.model, undefined, ctx.inputTokens());
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
  ...adapterNative('anthropic'),
  nativeUsage: usageFromMessage,
  assertTranslatable,
  encodeResponse: (res, usage) => JSON.stringify(toMessagesResponse(res, usage)),
  streamWriter: (_req, native, ctx) => (native ? passthroughWriter() : encodingWriter(ctx)),
};
