// What the chat lifecycle needs from a client protocol (OpenAI Chat Completions, Anthropic Messages, the
// OpenAI Responses API, Gemini generateContent): request parsing, when and how bodies pass through natively,
// usage and canonical form of native answers, encoding of canonical responses and streams, error shape.
import type { Endpoint } from '../../ledger/record.js';
import type { Usage } from '../../meter/usage.js';
import type { ChatChunk, ChatRequest, ChatResponse } from '../../protocols/canonical.js';
import type { SseEvent } from '../../protocols/sse.js';
import type { StreamDecoder, UpstreamHttpRequest } from '../../providers/types.js';
import type { Exchange } from '../exchange.js';
import type { ResolvedModel } from '../models.js';
import type { ClientProtocol } from '../respond-error.js';
import type { GatewayState } from '../state.js';

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

/** What a translating stream writer may know up front. */
export interface StreamContext {
  /** Model id to show until the upstream names its own. */
  model: string;
  /** Prompt tokens, counted by Margin (for protocols that announce input tokens before the answer). */
  inputTokens: () => number;
}

export interface ClientCodec {
  /** Error shape of the route. */
  protocol: ClientProtocol;
  endpoint: Endpoint;
  /** Validates the decoded body into the canonical request (throws 400 MarginError). */
  parseRequest(body: unknown): ChatRequest;
  /** True when `model`'s upstream speaks this client's own wire format: bodies pass through. */
  isNative(model: ResolvedModel, req: ChatRequest): boolean;
  /** Upstream request for a native body (`raw`, the client's text, is reused when nothing changes). */
  buildNative(model: ResolvedModel, body: Record<string, unknown>, raw?: string): UpstreamHttpRequest;
  /** A native body with its output bounded by `cap` (the same object when nothing changes). */
  capNative(model: ResolvedModel, body: Record<string, unknown>, cap: number): Record<string, unknown>;
  /** Usage of a native non-streaming response body. */
  nativeUsage(json: unknown): Usage | undefined;
  /** Canonical form of a native response body (for the cache and estimates). */
  nativeCanonical(model: ResolvedModel, json: unknown): ChatResponse;
  /** Decoder of a native stream (usage, canonical chunks). */
  nativeDecoder(model: ResolvedModel): StreamDecoder;
  /** Throws MARGIN_ERR_UNSUPPORTED when `req` cannot be translated for a non-native upstream. */
  assertTranslatable(req: ChatRequest): void;
  /** A canonical response as this protocol's JSON body. */
  encodeResponse(res: ChatResponse, usage: Usage, req: ChatRequest): string;
  /** A writer for one stream; `native` = upstream events are in this protocol and pass through. */
  streamWriter(req: ChatRequest, native: boolean, ctx: StreamContext): StreamWriter;
  /** After authentication: what the request refers to (a stored conversation); a new request replaces it. */
  resolve?(state: GatewayState, ex: Exchange, req: ChatRequest): Promise<ChatRequest | undefined>;
  /** Once the response was served (cache hit, JSON or stream): keeps what a later request refers to. */
  after?(state: GatewayState, ex: Exchange, req: ChatRequest): Promise<void>;
}
