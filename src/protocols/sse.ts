// Incremental Server-Sent Events parser (WHATWG EventSource rules) over raw bytes, without WHATWG streams,
// for the hot path: feed Buffers as they arrive, get complete events back.

export interface SseEvent {
  /** `event:` field; undefined means the default `message`. */
  event: string | undefined;
  /** `data:` lines joined with '\n'. */
  data: string;
  /** The exact raw text of the event including its terminating blank line (for byte-exact pass-through). */
  raw: string;
}

export class SseParser {
  private buffer = '';
  private readonly decoder = new TextDecoder('utf-8');

  /** Feeds bytes; returns every event completed by them. Comment lines (`:`) are skipped. */
  push(chunk: Uint8Array | string): SseEvent[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    const events: SseEvent[] = [];
    const buf = this.buffer;
    // Scan once and slice once: upstreams send many events per read, mostly LF-delimited.
    const crlf = buf.includes('\r');
    let start = 0;
    for (;;) {
      let sepAt: number;
      let sepLen: number;
      if (!crlf) {
        sepAt = buf.indexOf('\n\n', start);
        sepLen = 2;
      } else {
        const m = BOUNDARY.exec(buf.slice(start));
        sepAt = m ? start + m.index : -1;
        sepLen = m ? m[0].length : 0;
      }
      if (sepAt === -1) break;
      const end = sepAt + sepLen;
      const ev = parseBlock(buf.slice(start, sepAt), buf.slice(start, end));
      if (ev) events.push(ev);
      start = end;
    }
    if (start > 0) this.buffer = buf.slice(start);
    return events;
  }

  /** Flushes a final event not followed by a blank line (a stream cut short). */
  end(): SseEvent[] {
    const rest = this.buffer + this.decoder.decode();
    this.buffer = '';
    if (rest.trim() === '') return [];
    const ev = parseBlock(rest, rest);
    return ev ? [ev] : [];
  }
}

const BOUNDARY = /\r\n\r\n|\n\n|\r\r/;

function parseBlock(block: string, raw: string): SseEvent | undefined {
  // Fast path: the usual single `data: …` line.
  if (block.startsWith('data: ') && !block.includes('\n') && !block.includes('\r')) {
    return { event: undefined, data: block.slice(6), raw };
  }
  let event: string | undefined;
  const data: string[] = [];
  for (const line of block.split(/\r\n|\n|\r/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
  }
  if (data.length === 0 && event === undefined) return undefined;
  return { event, data: data.join('\n'), raw };
}

/** Serialises one SSE event. */
export function formatSse(data: string, event?: string): string {
  return `${event ? `event: ${event}\n` : ''}data: ${data}\n\n`;
}
