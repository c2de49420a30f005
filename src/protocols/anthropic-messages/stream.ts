// Canonical chat chunks → Anthropic Messages SSE events, for a `/v1/messages` stream served by a
// non-Anthropic upstream: message_start, ping, content_block_start/delta/stop (text_delta for text,
// input_json_delta for tool arguments), then message_delta (stop_reason, usage) and message_stop.
import type { Usage } from '../../meter/usage.js';
import type { ChatChunk, ChunkDelta, FinishReason } from '../canonical.js';
import { formatSse } from '../sse.js';
import { toAnthropicToolId, toMessageId } from './response.js';
import { toAnthropicStopReason } from './stop-reason.js';
import { toAnthropicUsage } from './usage.js';

type ToolDelta = NonNullable<ChunkDelta['tool_calls']>[number];

const event = (type: string, body: Record<string, unknown>): string =>
  formatSse(JSON.stringify({ type, ...body }), type);

/** Encodes one canonical stream as Anthropic SSE text. One instance per stream. */
export class MessagesStreamEncoder {
  private readonly id: string;
  private started = false;
  private finished = false;
  /** Index of the next content block; blocks are opened in order and never reopened. */
  private nextIndex = 0;
  /** The open block: its Anthropic index and kind ('text', 'thinking' or the canonical tool-call index). */
  private open: { index: number; kind: 'text' | 'thinking' | number } | undefined;
  /** Canonical tool-call index → Anthropic block index. */
  private readonly toolBlocks = new Map<number, number>();
  private finishReason: FinishReason = null;

  /**
   * `model` is shown until the first chunk names the upstream's (as the JSON answer does); `inputTokens`,
   * counted before the upstream reports them, is sent in message_start.
   */
  constructor(
    private model: string,
    id?: string,
    private readonly inputTokens = 0,
  ) {
    this.id = toMessageId(id ?? `msg_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`);
  }

  /** Zero or more SSE events for one canonical chunk (usage-only chunks produce none). */
  encode(chunk: ChatChunk): string {
    if (!this.started && chunk.model) this.model = chunk.model;
    let out = this.start();
    const choice = chunk.choices[0];
    if (!choice) return out;
    const d = choice.delta;
    if (typeof d.reasoning_content === 'string' && d.reasoning_content !== '')
      out += this.thinking(d.reasoning_content);
    if (typeof d.content === 'string' && d.content !== '') out += this.text(d.content);
    if (typeof d.refusal === 'string' && d.refusal !== '') out += this.text(d.refusal);
    for (const tc of d.tool_calls ?? []) out += this.tool(tc);
    if (choice.finish_reason) this.finishReason = choice.finish_reason;
    return out;
  }

  /** Closes the stream: message_delta with the stop reason and final usage, then message_stop. */
  finish(usage: Usage, finishReason?: FinishReason): string {
    if (this.finished) return '';
    this.finished = true;
    const out = this.start() + this.close();
    const u = toAnthropicUsage(usage);
    return (
      out +
      event('message_delta', {
        delta: { stop_reason: toAnthropicStopReason(finishReason ?? this.finishReason), stop_sequence: null },
        usage: {
          input_tokens: u.input_tokens,
          cache_creation_input_tokens: u.cache_creation_input_tokens,
          cache_read_input_tokens: u.cache_read_input_tokens,
          output_tokens: u.output_tokens,
        },
      }) +
      event('message_stop', {})
    );
  }

  private start(): string {
    if (this.started) return '';
    this.started = true;
    const message = {
      id: this.id,
      type: 'message',
      role: 'assistant',
      model: this.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: this.inputTokens,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens: 0,
      },
    };
    return event('message_start', { message }) + event('ping', {});
  }

  private close(): string {
    if (!this.open) return '';
    const { index, kind } = this.open;
    this.open = undefined;
    // A thinking block ends with its signature; reasoning from another vendor has none to give.
    const signature =
      kind === 'thinking'
        ? event('content_block_delta', { index, delta: { type: 'signature_delta', signature: '' } })
        : '';
    return signature + event('content_block_stop', { index });
  }

  private thinking(thinking: string): string {
    let out = '';
    if (this.open?.kind !== 'thinking') {
      out += this.close();
      const index = this.nextIndex++;
      this.open = { index, kind: 'thinking' };
      out += event('content_block_start', {
        index,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      });
    }
    return (
      out +
      event('content_block_delta', { index: this.open.index, delta: { type: 'thinking_delta', thinking } })
    );
  }

  private text(text: string): string {
    let out = '';
    if (this.open?.kind !== 'text') {
      out += this.close();
      const index = this.nextIndex++;
      this.open = { index, kind: 'text' };
      out += event('content_block_start', { index, content_block: { type: 'text', text: '' } });
    }
    return (
      out + event('content_block_delta', { index: this.open.index, delta: { type: 'text_delta', text } })
    );
  }

  private tool(tc: ToolDelta): string {
    let out = '';
    let index = this.toolBlocks.get(tc.index);
    if (index === undefined) {
      out += this.close();
      index = this.nextIndex++;
      this.toolBlocks.set(tc.index, index);
      this.open = { index, kind: tc.index };
      const id = toAnthropicToolId(tc.id ?? `toolu_${this.id.slice(4)}_${tc.index}`);
      const content_block = { type: 'tool_use', id, name: tc.function?.name ?? '', input: {} };
      out += event('content_block_start', { index, content_block });
    }
    const partial = tc.function?.arguments;
    // A late delta for an already-closed block (interleaved parallel calls) still carries its own index.
    if (partial)
      out += event('content_block_delta', {
        index,
        delta: { type: 'input_json_delta', partial_json: partial },
      });
    return out;
  }
}
