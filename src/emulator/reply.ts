// What the server sends for one request, already serialised: status, headers and frames, where frame i of a
// stream is due at TTFT + i·TPOT and a JSON body is due when the last token is done.

export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** SSE frames (one per output token, first/last carrying the preamble/epilogue) or one JSON body. */
  frames: string[];
  stream: boolean;
  outputTokens: number;
}

export const JSON_HEADERS = { 'content-type': 'application/json' };
export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};

/** One SSE `data:` event, optionally named. */
export const sse = (data: string, event?: string): string =>
  event ? `event: ${event}\ndata: ${data}\n\n` : `data: ${data}\n\n`;

/** Groups per-token events into frames: preamble joins the first, epilogue joins the last. */
export function framesOf(preamble: string, perToken: string[], epilogue: string): string[] {
  const frames = perToken.length > 0 ? [...perToken] : [''];
  frames[0] = preamble + frames[0];
  frames[frames.length - 1] += epilogue;
  return frames;
}
