// Gemini `streamGenerateContent?alt=sse` → canonical chunks. Each event is a whole GenerateContentResponse
// holding the next slice of text; function calls arrive complete in one part. The stream has no end
// marker: it is done once every candidate has a finishReason. usageMetadata is a running total (overwrite).
import { MarginError } from '../../errors/index.js';
import type { Usage } from '../../meter/usage.js';
import { obj, str, tryParse } from '../../protocols/anthropic-messages/narrow.js';
import {
  type ChatChunk,
  type ChunkDelta,
  type FinishReason,
  toOpenAIUsage,
} from '../../protocols/canonical.js';
import { fromGeminiFinishReason } from '../../protocols/gemini/finish-reason.js';
import { usageFromGemini } from '../../protocols/gemini/usage.js';
import type { SseEvent } from '../../protocols/sse.js';
import type { StreamDecoder } from '../types.js';
import { parseGeminiError } from './errors.js';
import { readParts } from './response.js';

interface CandidateState {
  tools: number;
  finished: boolean;
}

export class GeminiStreamDecoder implements StreamDecoder {
  private id = '';
  private model: string;
  private readonly created = Math.floor(Date.now() / 1000);
  private readonly candidates = new Map<number, CandidateState>();
  private current: Usage | undefined;
  private usageSent = false;
  malformed = 0;

  constructor(model: string) {
    this.model = model;
  }

  get done(): boolean {
    if (this.candidates.size === 0) return false;
    for (const c of this.candidates.values()) if (!c.finished) return false;
    return true;
  }

  usage(): Usage | undefined {
    return this.current;
  }

  push(ev: SseEvent): ChatChunk[] {
    const res = obj(tryParse(ev.data));
    if (!res) {
      if (ev.data.trim() !== '') this.malformed++;
      return [];
    }
    if (obj(res['error'])) {
      const info = parseGeminiError(500, ev.data);
      throw new MarginError(
        'MARGIN_ERR_UPSTREAM_BAD_RESPONSE',
        `Gemini stream error (${info.code ?? 'error'}): ${info.message}`,
        {
          status:
            typeof obj(res['error'])?.['code'] === 'number' ? (obj(res['error'])?.['code'] as number) : 502,
        },
      );
    }
    this.id ||= str(res['responseId']) ?? `gemini-${this.created.toString(36)}`;
    this.model = str(res['modelVersion']) ?? this.model;
    this.current = usageFromGemini(res['usageMetadata']) ?? this.current;

    const out: ChatChunk[] = [];
    const list = Array.isArray(res['candidates']) ? res['candidates'] : [];
    list.forEach((raw, i) => {
      const c = obj(raw);
      const index = typeof c?.['index'] === 'number' ? c['index'] : i;
      let state = this.candidates.get(index);
      if (!state) {
        state = { tools: 0, finished: false };
        this.candidates.set(index, state);
        out.push(this.chunk(index, { role: 'assistant', content: '' }));
      }
      const { text, thoughts, calls } = readParts(c);
      if (thoughts !== '') out.push(this.chunk(index, { reasoning_content: thoughts }));
      if (text !== '') out.push(this.chunk(index, { content: text }));
      if (calls.length > 0) {
        const base = state.tools;
        state.tools += calls.length;
        const deltas = calls.map((call, k) => ({ index: base + k, ...call }));
        out.push(this.chunk(index, { tool_calls: deltas }));
      }
      const finish = fromGeminiFinishReason(str(c?.['finishReason']), state.tools > 0);
      if (finish && !state.finished) {
        state.finished = true;
        out.push(this.chunk(index, {}, finish));
      }
    });
    // A prompt blocked before generation: promptFeedback.blockReason and no candidates.
    if (list.length === 0 && str(obj(res['promptFeedback'])?.['blockReason']) && this.candidates.size === 0) {
      this.candidates.set(0, { tools: 0, finished: true });
      out.push(this.chunk(0, { role: 'assistant', content: '' }), this.chunk(0, {}, 'content_filter'));
    }
    if (this.done && this.current && !this.usageSent) {
      this.usageSent = true;
      out.push({ ...this.chunk(0, {}), choices: [], usage: toOpenAIUsage(this.current) });
    }
    return out;
  }

  private chunk(index: number, delta: ChunkDelta, finish: FinishReason = null): ChatChunk {
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices: [{ index, delta, finish_reason: finish }],
    };
  }
}
