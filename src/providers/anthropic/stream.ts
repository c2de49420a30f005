// Anthropic SSE stream → canonical chat chunks: a role chunk first, text deltas, tool-call deltas (id and
// name on the first, argument fragments after), the finish reason, and a final usage chunk (empty
// choices, as OpenAI sends with include_usage). Usage is tracked cumulatively (message_delta overwrites).
import { MarginError } from '../../errors/index.js';
import { type Json, obj, str, tryParse } from '../../protocols/anthropic-messages/narrow.js';
import { fromAnthropicStopReason } from '../../protocols/anthropic-messages/stop-reason.js';
import { AnthropicStreamUsage } from '../../protocols/anthropic-messages/usage.js';
import {
  type ChatChunk,
  type ChunkDelta,
  type FinishReason,
  toOpenAIUsage,
} from '../../protocols/canonical.js';
import type { SseEvent } from '../../protocols/sse.js';
import type { StreamDecoder } from '../types.js';
import { errorStatus } from './errors.js';

export class AnthropicStreamDecoder implements StreamDecoder {
  private readonly tracker = new AnthropicStreamUsage();
  private id = '';
  private model: string;
  private readonly created = Math.floor(Date.now() / 1000);
  /** Anthropic content-block index → canonical tool-call index. */
  private readonly tools = new Map<number, number>();
  private finishReason: FinishReason = null;
  private finished = false;

  constructor(model: string) {
    this.model = model;
  }

  malformed = 0;

  get done(): boolean {
    return this.finished;
  }

  get usageFinal(): boolean {
    return this.tracker.finalOutput;
  }

  usage() {
    return this.tracker.usage();
  }

  push(ev: SseEvent): ChatChunk[] {
    const data = obj(tryParse(ev.data));
    if (!data) {
      if (ev.data.trim() !== '') this.malformed++;
      return [];
    }
    switch (data['type']) {
      case 'message_start': {
        this.tracker.absorbEvent(data);
        const m = obj(data['message']);
        this.id = str(m?.['id']) ?? this.id;
        this.model = str(m?.['model']) ?? this.model;
        return [this.chunk({ role: 'assistant', content: '' })];
      }
      case 'content_block_start':
        return this.blockStart(data);
      case 'content_block_delta':
        return this.blockDelta(data);
      case 'message_delta': {
        this.tracker.absorbEvent(data);
        this.finishReason = fromAnthropicStopReason(str(obj(data['delta'])?.['stop_reason']));
        return this.finishReason ? [this.chunk({}, this.finishReason)] : [];
      }
      case 'message_stop': {
        this.finished = true;
        const u = this.tracker.usage();
        return u ? [{ ...this.chunk({}), choices: [], usage: toOpenAIUsage(u) }] : [];
      }
      case 'error': {
        const e = obj(data['error']);
        const type = str(e?.['type']) ?? 'api_error';
        throw new MarginError(
          'MARGIN_ERR_UPSTREAM_BAD_RESPONSE',
          `Anthropic stream error (${type}): ${str(e?.['message']) ?? ''}`,
          {
            status: errorStatus(type),
          },
        );
      }
      default:
        return []; // ping, content_block_stop, and event types added later
    }
  }

  private blockStart(data: Json): ChatChunk[] {
    const block = obj(data['content_block']);
    const index = data['index'];
    if (block?.['type'] === 'text') {
      const text = str(block['text']);
      return text ? [this.chunk({ content: text })] : [];
    }
    if (block?.['type'] !== 'tool_use' || typeof index !== 'number') return [];
    const toolIndex = this.tools.size;
    this.tools.set(index, toolIndex);
    const call = {
      index: toolIndex,
      id: str(block['id']) ?? `toolu_${toolIndex}`,
      type: 'function' as const,
      function: { name: str(block['name']) ?? '', arguments: '' },
    };
    return [this.chunk({ tool_calls: [call] })];
  }

  private blockDelta(data: Json): ChatChunk[] {
    const delta = obj(data['delta']);
    if (delta?.['type'] === 'text_delta') {
      const text = str(delta['text']);
      return text ? [this.chunk({ content: text })] : [];
    }
    if (delta?.['type'] === 'input_json_delta') {
      const toolIndex = typeof data['index'] === 'number' ? this.tools.get(data['index']) : undefined;
      const partial = str(delta['partial_json']);
      if (toolIndex === undefined || !partial) return [];
      return [this.chunk({ tool_calls: [{ index: toolIndex, function: { arguments: partial } }] })];
    }
    if (delta?.['type'] === 'thinking_delta') {
      const thinking = str(delta['thinking']);
      return thinking ? [this.chunk({ reasoning_content: thinking })] : [];
    }
    return []; // signature_delta, citations_delta
  }

  private chunk(delta: ChunkDelta, finish: FinishReason = null): ChatChunk {
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    };
  }
}
