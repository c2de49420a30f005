// The original, straightforward SSE parser (regex per event), kept as the reference the optimised one must match.

export interface SseEvent {
  /** `event:` field; undefined means the default `message`. */
  event: string | undefined;
  /** `data:` lines joined with '\n'. */
  data: string;
  /** The exact raw text of the event including its terminating blank line (for byte-exact pass-through). */
  raw: string;
}

export class ReferenceSseParser {
  private buffer = '';
  private readonly decoder = new TextDecoder('utf-8');

  /** Feeds bytes; returns every event completed by them. Comment lines (`:`) are skipped. */
  push(chunk: Uint8Array | string): SseEvent[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    const events: SseEvent[] = [];
    for (;;) {
      const m = /\r\n\r\n|\n\n|\r\r/.exec(this.buffer);
      if (!m) break;
      const end = m.index + m[0].length;
      const raw = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end);
      const ev = parseBlock(raw.slice(0, m.index), raw);
      if (ev) events.push(ev);
    }
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

function parseBlock(block: string, raw: string): SseEvent | undefined {
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
export function _formatSse(data: string, event?: string): string {
  return `${event ? `event: ${event}\n` : ''}data: ${data}\n\n`;
}
