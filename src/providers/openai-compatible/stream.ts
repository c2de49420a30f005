// Decodes an OpenAI-compatible SSE stream into canonical chunks and picks up the final usage chunk.
import type { Usage } from '../../meter/usage.js';
import type { ChatChunk } from '../../protocols/canonical.js';
import { usageFromOpenAI } from '../../protocols/openai-chat/usage.js';
import type { SseEvent } from '../../protocols/sse.js';
import type { StreamDecoder } from '../types.js';

export class OpenAIStreamDecoder implements StreamDecoder {
  done = false;
  malformed = 0;
  private reported: Usage | undefined;

  /** Canonical chunk for one event (the usage-only chunk included); `[DONE]` ends the stream. */
  push(event: SseEvent): ChatChunk[] {
    const data = event.data;
    if (data === '[DONE]') {
      this.done = true;
      return [];
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      this.malformed++;
      return [];
    }
    if (chunk === null || typeof chunk !== 'object') return [];
    const c = chunk as Partial<ChatChunk>;
    if (c.usage) this.reported = usageFromOpenAI(c.usage) ?? this.reported;
    if (!Array.isArray(c.choices)) return [];
    return [c as ChatChunk];
  }

  usage(): Usage | undefined {
    return this.reported;
  }
}
