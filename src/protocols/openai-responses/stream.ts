// Responses API streams. The encoder turns canonical chat chunks (an upstream without a Responses API) into
// the documented event sequence: response.created, response.in_progress, then per output item
// output_item.added → (content_part.added → output_text.delta… → output_text.done → content_part.done |
// function_call_arguments.delta… → .done | reasoning_summary_part.added → reasoning_summary_text.delta… →
// .done → reasoning_summary_part.done) → output_item.done, and response.completed / response.incomplete
// with the whole response and its usage; every event carries a sequence_number. The decoder reads a native
// upstream's Responses stream back to canonical chunks (usage, estimates, the cache).
import type { Usage } from '../../meter/usage.js';
import { type ChatChunk, type ChunkDelta, type FinishReason, toOpenAIUsage } from '../canonical.js';
import { formatSse, type SseEvent } from '../sse.js';
import {
  functionCallItem,
  itemId,
  messageItem,
  type ResponseShell,
  reasoningItem,
  responseObject,
} from './response.js';
import { usageFromResponse } from './usage.js';

type Json = Record<string, unknown>;
type ToolDelta = NonNullable<ChunkDelta['tool_calls']>[number];

interface OpenItem {
  kind: 'message' | 'reasoning' | 'function_call';
  index: number;
  id: string;
  text: string;
  /** function_call: canonical tool index, call id and name. */
  tool?: number;
  callId?: string;
  name?: string;
}

/** Canonical chunks → Responses SSE text. One instance per stream. */
export class ResponsesStreamEncoder {
  private seq = 0;
  private started = false;
  private readonly output: Json[] = [];
  private open: OpenItem | undefined;
  private readonly tools = new Map<number, OpenItem>();
  private finishReason: FinishReason = null;
  private readonly summarise: boolean;
  /** The final response object (set by finish()). */
  final: Json | undefined;

  constructor(private readonly shell: ResponseShell) {
    this.summarise = typeof shell.request.reasoning?.summary === 'string';
  }

  private ev(type: string, body: Json): string {
    return formatSse(JSON.stringify({ type, sequence_number: this.seq++, ...body }), type);
  }

  private start(): string {
    if (this.started) return '';
    this.started = true;
    const response = responseObject(this.shell, [], 'in_progress', undefined);
    return this.ev('response.created', { response }) + this.ev('response.in_progress', { response });
  }

  /** Events for one canonical chunk (only choice 0: the Responses API has one output per response). */
  encode(chunk: ChatChunk): string {
    let out = this.start();
    const choice = chunk.choices.find((c) => c.index === 0);
    if (!choice) return out;
    const d = choice.delta;
    if (typeof d.reasoning_content === 'string' && d.reasoning_content !== '')
      out += this.reasoning(d.reasoning_content);
    const text =
      (typeof d.content === 'string' ? d.content : '') + (typeof d.refusal === 'string' ? d.refusal : '');
    if (text !== '') out += this.text(text);
    for (const tc of d.tool_calls ?? []) out += this.tool(tc);
    if (choice.finish_reason) this.finishReason = choice.finish_reason;
    return out;
  }

  private openItem(kind: OpenItem['kind'], id: string, extra: Partial<OpenItem> = {}): OpenItem {
    const item: OpenItem = { kind, index: this.output.length, id, text: '', ...extra };
    this.output.push({});
    this.open = item;
    return item;
  }

  private reasoning(delta: string): string {
    let out = '';
    let item = this.open;
    if (item?.kind !== 'reasoning') {
      out += this.close();
      item = this.openItem('reasoning', itemId(this.shell.id, 'rs'));
      out += this.ev('response.output_item.added', {
        output_index: item.index,
        item: reasoningItem(item.id, '', false),
      });
      if (this.summarise) {
        out += this.ev('response.reasoning_summary_part.added', {
          item_id: item.id,
          output_index: item.index,
          summary_index: 0,
          part: { type: 'summary_text', text: '' },
        });
      }
    }
    item.text += delta;
    if (!this.summarise) return out;
    return (
      out +
      this.ev('response.reasoning_summary_text.delta', {
        item_id: item.id,
        output_index: item.index,
        summary_index: 0,
        delta,
      })
    );
  }

  private text(delta: string): string {
    let out = '';
    let item = this.open;
    if (item?.kind !== 'message') {
      out += this.close();
      item = this.openItem('message', itemId(this.shell.id, 'msg'));
      const added = { ...messageItem(item.id, ''), status: 'in_progress', content: [] };
      out += this.ev('response.output_item.added', { output_index: item.index, item: added });
      out += this.ev('response.content_part.added', {
        item_id: item.id,
        output_index: item.index,
        content_index: 0,
        part: { type: 'output_text', text: '', annotations: [] },
      });
    }
    item.text += delta;
    return (
      out +
      this.ev('response.output_text.delta', {
        item_id: item.id,
        output_index: item.index,
        content_index: 0,
        delta,
        logprobs: [],
      })
    );
  }

  private tool(tc: ToolDelta): string {
    let out = '';
    let item = this.tools.get(tc.index);
    if (!item) {
      out += this.close();
      const callId = tc.id ?? `call_${this.shell.id}_${tc.index}`;
      item = this.openItem('function_call', itemId(this.shell.id, 'fc', this.tools.size), {
        tool: tc.index,
        callId,
        name: tc.function?.name ?? '',
      });
      this.tools.set(tc.index, item);
      const added = { ...this.callItem(item), status: 'in_progress', arguments: '' };
      out += this.ev('response.output_item.added', { output_index: item.index, item: added });
    } else if (tc.function?.name) item.name = (item.name ?? '') + tc.function.name;
    const delta = tc.function?.arguments;
    if (!delta) return out;
    item.text += delta;
    // A late fragment of a call already closed (interleaved parallel calls) still names its own item.
    return (
      out +
      this.ev('response.function_call_arguments.delta', { item_id: item.id, output_index: item.index, delta })
    );
  }

  private callItem(item: OpenItem): Json {
    return functionCallItem(item.id, {
      id: item.callId ?? '',
      type: 'function',
      function: { name: item.name ?? '', arguments: item.text },
    });
  }

  private close(): string {
    const item = this.open;
    if (!item) return '';
    this.open = undefined;
    let out = '';
    let done: Json;
    if (item.kind === 'message') {
      const at = { item_id: item.id, output_index: item.index, content_index: 0 };
      done = messageItem(item.id, item.text);
      out += this.ev('response.output_text.done', { ...at, text: item.text, logprobs: [] });
      out += this.ev('response.content_part.done', { ...at, part: (done.content as Json[])[0] });
    } else if (item.kind === 'reasoning') {
      done = reasoningItem(item.id, item.text, this.summarise);
      if (this.summarise) {
        const at = { item_id: item.id, output_index: item.index, summary_index: 0 };
        const part = { type: 'summary_text', text: item.text };
        out += this.ev('response.reasoning_summary_text.done', { ...at, text: item.text });
        out += this.ev('response.reasoning_summary_part.done', { ...at, part });
      }
    } else {
      done = this.callItem(item);
      out += this.ev('response.function_call_arguments.done', {
        item_id: item.id,
        output_index: item.index,
        arguments: item.text,
      });
    }
    this.output[item.index] = done;
    return out + this.ev('response.output_item.done', { output_index: item.index, item: done });
  }

  /** Closes the stream: the open item's done events, then response.completed (or .incomplete). */
  finish(usage: Usage): string {
    let out = this.start() + this.close();
    // Calls whose item was closed early (a later item opened) get their final arguments here.
    for (const item of this.tools.values()) this.output[item.index] = this.callItem(item);
    if (this.output.length === 0) {
      const item = this.openItem('message', itemId(this.shell.id, 'msg'));
      this.output[item.index] = messageItem(item.id, '');
      this.open = undefined;
    }
    const finish = this.finishReason ?? 'stop';
    this.final = responseObject(this.shell, this.output, finish, usage);
    const type = this.final.status === 'incomplete' ? 'response.incomplete' : 'response.completed';
    out += this.ev(type, { response: this.final });
    return out;
  }
}

const FINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/** A native upstream's Responses SSE → canonical chunks, usage and the end of the stream. */
export class ResponsesStreamDecoder {
  done = false;
  malformed = 0;
  private reported: Usage | undefined;
  private id = '';
  private model = '';
  private readonly created = Math.floor(Date.now() / 1000);
  /** output_index → canonical tool index. */
  private readonly calls = new Map<number, number>();

  push(ev: SseEvent): ChatChunk[] {
    let data: Json | undefined;
    try {
      const v: unknown = JSON.parse(ev.data);
      data = v !== null && typeof v === 'object' ? (v as Json) : undefined;
    } catch {
      this.malformed++;
      return [];
    }
    if (!data) return [];
    const type = typeof data.type === 'string' ? data.type : ev.event;
    const response = data.response as Json | undefined;
    if (response && typeof response === 'object') {
      this.id ||= typeof response.id === 'string' ? response.id : '';
      this.model ||= typeof response.model === 'string' ? response.model : '';
    }
    switch (type) {
      case 'response.created':
        return [this.chunk({ role: 'assistant', content: '' })];
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        return typeof data.delta === 'string' ? [this.chunk({ content: data.delta })] : [];
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        return typeof data.delta === 'string' ? [this.chunk({ reasoning_content: data.delta })] : [];
      case 'response.output_item.added': {
        const item = data.item as Json | undefined;
        if (item?.type !== 'function_call' || typeof data.output_index !== 'number') return [];
        const index = this.calls.size;
        this.calls.set(data.output_index, index);
        const call = {
          index,
          id: typeof item.call_id === 'string' ? item.call_id : `call_${index}`,
          type: 'function' as const,
          function: { name: typeof item.name === 'string' ? item.name : '', arguments: '' },
        };
        return [this.chunk({ tool_calls: [call] })];
      }
      case 'response.function_call_arguments.delta': {
        const index = typeof data.output_index === 'number' ? this.calls.get(data.output_index) : undefined;
        if (index === undefined || typeof data.delta !== 'string') return [];
        return [this.chunk({ tool_calls: [{ index, function: { arguments: data.delta } }] })];
      }
      default:
        if (type === undefined || !FINAL.has(type)) return [];
    }
    this.done = true;
    this.reported = usageFromResponse(response) ?? this.reported;
    const reason = (response?.incomplete_details as Json | null | undefined)?.reason;
    const finish: FinishReason =
      reason === 'max_output_tokens'
        ? 'length'
        : reason === 'content_filter'
          ? 'content_filter'
          : this.calls.size > 0
            ? 'tool_calls'
            : 'stop';
    const out = [this.chunk({}, finish)];
    if (this.reported) out.push({ ...this.chunk({}), choices: [], usage: toOpenAIUsage(this.reported) });
    return out;
  }

  usage(): Usage | undefined {
    return this.reported;
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
