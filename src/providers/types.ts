// The shape of an upstream adapter. Providers are data plus small functions: one folder per provider
// (src/providers/<id>/) exporting a ProviderAdapter; OpenAI-compatible servers (OpenAI, vLLM, SGLang,
// TensorRT-LLM, Ollama, Together, Groq, DeepSeek, Mistral, Fireworks) share one adapter.
import type { Usage } from '../meter/usage.js';
import type { ChatChunk, ChatRequest, ChatResponse } from '../protocols/canonical.js';
import type { ErrorKind } from '../protocols/error-kind.js';
import type { SseEvent } from '../protocols/sse.js';

export type WireProtocol = 'openai' | 'anthropic' | 'gemini';

/** Where and how to reach one upstream model. */
export interface UpstreamTarget {
  /** e.g. `https://api.openai.com/v1`, `http://127.0.0.1:8000/v1`, `https://api.anthropic.com`. */
  baseUrl: string;
  /** API key (already read from the environment), or undefined for open local servers. */
  apiKey: string | undefined;
  /** Model id to send upstream (may differ from the name the client used). */
  upstreamModel: string;
  /** Extra headers from config (e.g. `anthropic-version`, organisation ids). */
  headers: Record<string, string>;
}

export interface UpstreamHttpRequest {
  method: 'POST' | 'GET';
  /** Path appended to the origin of baseUrl, including any base path and query string. */
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export interface UpstreamErrorInfo {
  status: number;
  message: string;
  /** Provider's error type/code when it gave one (e.g. `rate_limit_error`, `insufficient_quota`). */
  type: string | undefined;
  code: string | undefined;
  /** What went wrong, in a protocol-neutral vocabulary (re-worded for clients of another protocol). */
  kind: ErrorKind;
}

/** Turns upstream SSE events into canonical chunks while tracking usage. One instance per stream. */
export interface StreamDecoder {
  /** Canonical chunks produced by one upstream event (zero or more). */
  push(event: SseEvent): ChatChunk[];
  /** True once the upstream signalled the end of the stream. */
  readonly done: boolean;
  /** Usage reported so far (Anthropic: cumulative, overwritten; OpenAI: from the final usage chunk). */
  usage(): Usage | undefined;
  /**
   * False while the reported usage is only provisional (Anthropic's message_start says output_tokens: 1
   * until a message_delta gives the real count): then the output is counted instead. Absent = final.
   */
  readonly usageFinal?: boolean;
  /** Events whose data could not be parsed (a malformed upstream chunk); absent = never counted. */
  readonly malformed?: number;
}

export interface ProviderAdapter {
  /** `openai-compatible`, `anthropic`, `gemini`. */
  id: string;
  /** Wire format spoken upstream; when it equals the client's, the gateway passes bodies through natively. */
  protocol: WireProtocol;
  /** Upstream HTTP request for a canonical chat request (stream flag honoured; usage always requested). */
  buildChatRequest(req: ChatRequest, target: UpstreamTarget): UpstreamHttpRequest;
  /** Canonical response and usage from a non-streaming upstream body. */
  parseChatResponse(
    body: unknown,
    target: UpstreamTarget,
  ): { response: ChatResponse; usage: Usage | undefined };
  createStreamDecoder(target: UpstreamTarget): StreamDecoder;
  /** Upstream error body (any shape) → status/message/type/code for re-wrapping in the client's protocol. */
  parseError(status: number, body: string): UpstreamErrorInfo;
  /**
   * Optional native pass-through: the upstream request for a client body already in this adapter's own
   * protocol. Only what metering needs is changed (model → target.upstreamModel, usage reporting on for
   * streams); `rawBody` (the client's text) may be sent as is when nothing needs changing. Without it, the
   * gateway translates through the canonical form.
   */
  buildNativeRequest?(
    body: Record<string, unknown>,
    target: UpstreamTarget,
    rawBody?: string,
  ): UpstreamHttpRequest;
}
