// One request of a public serving trace, in a common shape for replay and workload derivation.

export interface TraceRequest {
  /** Arrival time, milliseconds from the start of the trace. */
  tMs: number;
  inputTokens: number;
  outputTokens: number;
  /** Mooncake: prefix-block hashes, one per `blockTokens` tokens of the prompt. */
  hashIds?: number[];
  /** BurstGPT 3: conversation the request belongs to. */
  sessionId?: string;
  /** BurstGPT: `ChatGPT` or `GPT-4`. */
  model?: string;
  /** BurstGPT rows with 0 response tokens are failed requests. */
  failed?: boolean;
}

export type TraceFormat = 'azure' | 'mooncake' | 'burstgpt';

export interface Trace {
  format: TraceFormat;
  requests: TraceRequest[];
  /** Tokens per prefix block (Mooncake: 512). */
  blockTokens?: number;
  /** Rows skipped as malformed, with the first reason. */
  skipped: number;
  firstSkipReason?: string;
}
