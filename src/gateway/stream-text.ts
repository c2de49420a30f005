// Fast path for native OpenAI stream pass-through: most events are forwarded byte for byte without being
// JSON-parsed. Only events that can change what the gateway learns (a non-null `usage`, `[DONE]`, the first
// chunk's model) go through the decoder; the text of the others is kept raw and decoded only when a cut
// stream needs the completion estimate (a complete stream reports its usage, so most never parse it).
import { collectChunkText } from '../protocols/openai-chat/stream.js';
import type { SseEvent } from '../protocols/sse.js';
import type { StreamDecoder } from '../providers/types.js';

/** Raw characters held before they are decoded to text (bounds the memory of a long stream). */
const FOLD_CHARS = 64 * 1024;

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * True when the event data may set usage: a `"usage"` key whose value is not `null`. OpenAI sends
 * `"usage":null` on every chunk when usage reporting is on; those need no parse. Conservative: any other
 * value (or a malformed one) answers true. Keys written with `\u` escapes are not recognised.
 */
export function mayCarryUsage(data: string): boolean {
  let i = data.indexOf('"usage"');
  while (i !== -1) {
    let j = i + 7;
    while (isSpace(data.charCodeAt(j))) j++;
    if (data.charCodeAt(j) === 58) {
      j++;
      while (isSpace(data.charCodeAt(j))) j++;
      if (!data.startsWith('null', j)) return true;
    }
    i = data.indexOf('"usage"', i + 7);
  }
  return false;
}

/**
 * Cheap shape check for a forwarded-unparsed event: `{` first and `}` last (spaces aside). An event that
 * fails it (a cut or garbled chunk) goes through the decoder, which counts it as malformed.
 */
export function looksLikeObject(data: string): boolean {
  let i = 0;
  let j = data.length - 1;
  while (i <= j && isSpace(data.charCodeAt(i))) i++;
  while (j >= i && isSpace(data.charCodeAt(j))) j--;
  return data.charCodeAt(i) === 123 && data.charCodeAt(j) === 125;
}

/** Generated text of a stream, kept as raw events until asked for (then decoded exactly as the decoder would). */
export class DeferredText {
  private pending: SseEvent[] = [];
  private pendingChars = 0;
  private readonly text: string[] = [];

  /** `decoder`: a fresh decoder of the same kind as the live one, used for nothing else. */
  constructor(private readonly decoder: StreamDecoder) {}

  /** Records one event, in stream order. */
  add(event: SseEvent): void {
    this.pending.push(event);
    this.pendingChars += event.data.length;
    if (this.pendingChars > FOLD_CHARS) this.fold();
  }

  /** All the text received so far (content, refusals, tool calls), joined. */
  join(): string {
    this.fold();
    return this.text.join('');
  }

  private fold(): void {
    for (const ev of this.pending) collectChunkText(this.decoder.push(ev), this.text);
    this.pending = [];
    this.pendingChars = 0;
  }
}
