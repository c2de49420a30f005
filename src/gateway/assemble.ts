// Rebuilds a complete chat response from streamed chunks, so that a streamed answer can be cached.
import type { ChatChoice, ChatChunk, ChatResponse, FinishReason, ToolCall } from '../protocols/canonical.js';

interface ChoiceState {
  content: string[];
  refusal: string[];
  tools: ToolCall[];
  finish: FinishReason;
}

export class ChunkAssembler {
  private id = '';
  private model = '';
  private created = 0;
  private readonly choices = new Map<number, ChoiceState>();

  add(chunks: readonly ChatChunk[]): void {
    for (const c of chunks) {
      this.id ||= c.id;
      this.model ||= c.model;
      this.created ||= c.created;
      for (const ch of c.choices) {
        let s = this.choices.get(ch.index);
        if (!s) {
          s = { content: [], refusal: [], tools: [], finish: null };
          this.choices.set(ch.index, s);
        }
        const d = ch.delta;
        if (typeof d?.content === 'string') s.content.push(d.content);
        if (typeof d?.refusal === 'string') s.refusal.push(d.refusal);
        for (const t of d?.tool_calls ?? []) {
          let call = s.tools[t.index];
          if (!call) {
            call = { id: t.id ?? '', type: 'function', function: { name: '', arguments: '' } };
            s.tools[t.index] = call;
          }
          if (t.id) call.id = t.id;
          if (t.function?.name) call.function.name += t.function.name;
          if (t.function?.arguments) call.function.arguments += t.function.arguments;
        }
        if (ch.finish_reason) s.finish = ch.finish_reason;
      }
    }
  }

  /** The response so far (call after the stream completed). */
  response(): ChatResponse {
    const choices: ChatChoice[] = [...this.choices.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([index, s]) => {
        const message: ChatChoice['message'] = {
          role: 'assistant',
          content: s.content.length ? s.content.join('') : null,
        };
        const tools = s.tools.filter(Boolean);
        if (tools.length) message.tool_calls = tools;
        if (s.refusal.length) message.refusal = s.refusal.join('');
        return { index, message, finish_reason: s.finish };
      });
    return { id: this.id, object: 'chat.completion', created: this.created, model: this.model, choices };
  }
}

/** A complete response as the chunks a stream of it would carry (for serving cache hits as streams). */
export function responseToChunks(res: ChatResponse): ChatChunk[] {
  const base = {
    id: res.id,
    object: 'chat.completion.chunk' as const,
    created: res.created,
    model: res.model,
  };
  const chunks: ChatChunk[] = [];
  for (const c of res.choices) {
    const delta: ChatChunk['choices'][number]['delta'] = {
      role: 'assistant',
      content: c.message.content ?? '',
    };
    if (c.message.tool_calls?.length) {
      delta.tool_calls = c.message.tool_calls.map((t, index) => ({
        index,
        id: t.id,
        type: 'function',
        function: { name: t.function.name, arguments: t.function.arguments },
      }));
    }
    chunks.push({ ...base, choices: [{ index: c.index, delta, finish_reason: null }] });
    chunks.push({
      ...base,
      choices: [{ index: c.index, delta: {}, finish_reason: c.finish_reason ?? 'stop' }],
    });
  }
  return chunks;
}
