// Replays a cached answer as a proper SSE stream: OpenAI chat chunks (usage chunk when the client asked,
// then [DONE]) or Anthropic message events, built from the stored non-streamed response.
import type { ChatChunk, ChatResponse, ChunkDelta, OpenAIUsage } from '../protocols/canonical.js';
import { formatSse } from '../protocols/sse.js';

export interface ReplayOptions {
  /** `stream_options.include_usage` was set: send the usage chunk before [DONE]. */
  includeUsage: boolean;
  /** Largest text piece per chunk (default 64 characters). */
  pieceChars?: number;
}

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** The SSE frames (each `data: ...\n\n`) of an OpenAI chat stream equivalent to `res`, ending with [DONE]. */
export function replayOpenAiStream(res: ChatResponse, options: ReplayOptions): string[] {
  const size = options.pieceChars ?? 64;
  const frames: string[] = [];
  const chunk = (choices: ChatChunk['choices'], usage?: OpenAIUsage | null): void => {
    const c: ChatChunk = {
      id: res.id,
      object: 'chat.completion.chunk',
      created: res.created,
      model: res.model,
      choices,
    };
    if (res.system_fingerprint !== undefined)
      (c as ChatChunk & { system_fingerprint?: unknown }).system_fingerprint = res.system_fingerprint;
    if (usage !== undefined) c.usage = usage;
    else if (options.includeUsage) c.usage = null;
    frames.push(formatSse(JSON.stringify(c)));
  };
  for (const choice of res.choices) {
    const first: ChunkDelta = { role: 'assistant', content: '' };
    if (choice.message.refusal) first.refusal = choice.message.refusal;
    chunk([{ index: choice.index, delta: first, finish_reason: null }]);
    for (const p of pieces(choice.message.content ?? '', size)) {
      chunk([{ index: choice.index, delta: { content: p }, finish_reason: null }]);
    }
    (choice.message.tool_calls ?? []).forEach((call, i) => {
      const delta: ChunkDelta = {
        tool_calls: [
          {
            index: i,
            id: call.id,
            type: 'function',
            function: { name: call.function.name, arguments: call.function.arguments },
          },
        ],
      };
      chunk([{ index: choice.index, delta, finish_reason: null }]);
    });
    const last: ChatChunk['choices'][number] = {
      index: choice.index,
      delta: {},
      finish_reason: choice.finish_reason,
    };
    if (choice.logprobs !== undefined) last.logprobs = choice.logprobs;
    chunk([last]);
  }
  if (options.includeUsage && res.usage) chunk([], res.usage);
  frames.push('data: [DONE]\n\n');
  return frames;
}

interface AnthropicBlock {
  type: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  thinking?: string;
  signature?: string;
  [k: string]: unknown;
}

/** The SSE frames of an Anthropic Messages stream equivalent to the stored message body `msg`. */
export function replayAnthropicStream(msg: Record<string, unknown>, pieceChars = 64): string[] {
  const frames: string[] = [];
  const ev = (type: string, data: Record<string, unknown>): void => {
    frames.push(formatSse(JSON.stringify({ type, ...data }), type));
  };
  const usage = (msg.usage ?? {}) as Record<string, unknown>;
  const content = (Array.isArray(msg.content) ? msg.content : []) as AnthropicBlock[];
  ev('message_start', {
    message: {
      ...msg,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 0 },
    },
  });
  content.forEach((block, index) => {
    if (block.type === 'text') {
      ev('content_block_start', { index, content_block: { ...block, text: '' } });
      for (const p of pieces(block.text ?? '', pieceChars))
        ev('content_block_delta', { index, delta: { type: 'text_delta', text: p } });
    } else if (block.type === 'tool_use') {
      ev('content_block_start', { index, content_block: { ...block, input: {} } });
      ev('content_block_delta', {
        index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input ?? {}) },
      });
    } else if (block.type === 'thinking') {
      ev('content_block_start', { index, content_block: { type: 'thinking', thinking: '' } });
      ev('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: block.thinking ?? '' } });
      if (block.signature)
        ev('content_block_delta', { index, delta: { type: 'signature_delta', signature: block.signature } });
    } else {
      ev('content_block_start', { index, content_block: block });
    }
    ev('content_block_stop', { index });
  });
  ev('message_delta', {
    delta: { stop_reason: msg.stop_reason ?? 'end_turn', stop_sequence: msg.stop_sequence ?? null },
    usage: { output_tokens: typeof usage.output_tokens === 'number' ? usage.output_tokens : 0 },
  });
  ev('message_stop', {});
  return frames;
}
