// What the chat lifecycle needs from a client protocol (OpenAI Chat Completions or Anthropic Messages):
// request parsing, usage of native bodies, encoding of canonical responses and streams, error shapes.
import type { Endpoint } from '../../ledger/record.js';
import type { Usage } from '../../meter/usage.js';
import type { ChatChunk, ChatRequest, ChatResponse } from '../../protocols/canonical.js';
import type { SseEvent } from '../../protocols/sse.js';
import type { WireProtocol } from '../../providers/types.js';
import type { ClientProtocol } from '../respond-error.js';

/** Writes one stream to the client, event by event. */
export interface StreamWriter {
  /** Text to send for one upstream event and the canonical chunks decoded from it ('' = nothing). */
  event(ev: SseEvent, chunks: readonly ChatChunk[]): string;
  /**
   * Text that ends the stream. `complete`: the upstream finished normally (protocol ending and usage are
   * written); otherwise only the label comment, so a cut stream still looks cut to the client.
   */
  end(usage: Usage, comment: string, complete: boolean): string;
}

export interface ClientCodec {
  protocol: ClientProtocol & WireProtocol;
  endpoint: Endpoint;
  /** Validates the decoded body into the canonical request (throws 400 MarginError). */
  parseRequest(body: unknown): ChatRequest;
  /** Usage of a native (same-protocol) non-streaming response body. */
  nativeUsage(json: unknown): Usage | undefined;
  /** A canonical response as this protocol's JSON body. */
  encodeResponse(res: ChatResponse, usage: Usage): string;
  /** A writer for one stream; `native` = upstream events are in this protocol and pass through. */
  streamWriter(req: ChatRequest, native: boolean): StreamWriter;
}
