// Gemini GenerateContentResponse → canonical: candidates become choices, text parts content (thought
// summaries reasoning_content), functionCall parts tool calls, usageMetadata the Usage.
import { MarginError } from '../../errors/index.js';
import type { Usage } from '../../meter/usage.js';
import { type Json, obj, str } from '../../protocols/anthropic-messages/narrow.js';
import {
  type ChatChoice,
  type ChatResponse,
  type ToolCall,
  toOpenAIUsage,
} from '../../protocols/canonical.js';
import { fromGeminiFinishReason } from '../../protocols/gemini/finish-reason.js';
import { usageFromGemini } from '../../protocols/gemini/usage.js';
import { encodeToolId, newCallId } from './tool-id.js';

/** Text, thought summaries and function calls of one candidate's parts. */
export function readParts(candidate: Json | undefined): {
  text: string;
  thoughts: string;
  calls: ToolCall[];
} {
  let text = '';
  let thoughts = '';
  const calls: ToolCall[] = [];
  const parts = obj(candidate?.['content'])?.['parts'];
  for (const raw of Array.isArray(parts) ? parts : []) {
    const p = obj(raw);
    if (!p) continue;
    const fc = obj(p['functionCall']);
    if (fc) {
      const id = encodeToolId(str(fc['id']) ?? newCallId(), str(p['thoughtSignature']));
      calls.push({
        id,
        type: 'function',
        function: { name: str(fc['name']) ?? '', arguments: JSON.stringify(fc['args'] ?? {}) },
      });
    } else if (typeof p['text'] === 'string') {
      if (p['thought'] === true) thoughts += p['text'];
      else text += p['text'];
    }
  }
  return { text, thoughts, calls };
}

/** Translates a non-streaming Gemini body; throws MARGIN_ERR_UPSTREAM_BAD_RESPONSE on a foreign shape. */
export function fromGeminiResponse(
  body: unknown,
  fallbackModel: string,
): { response: ChatResponse; usage: Usage | undefined } {
  const res = obj(body);
  if (!res || (!Array.isArray(res['candidates']) && !obj(res['promptFeedback']))) {
    throw new MarginError(
      'MARGIN_ERR_UPSTREAM_BAD_RESPONSE',
      'Gemini response has neither candidates nor promptFeedback',
    );
  }
  const candidates = Array.isArray(res['candidates']) ? res['candidates'] : [];
  const choices: ChatChoice[] = candidates.map((raw, i) => {
    const c = obj(raw);
    const { text, thoughts, calls } = readParts(c);
    const message: ChatChoice['message'] = {
      role: 'assistant',
      content: text === '' && calls.length > 0 ? null : text,
    };
    if (calls.length > 0) message.tool_calls = calls;
    if (thoughts !== '') message.reasoning_content = thoughts;
    const finish = fromGeminiFinishReason(str(c?.['finishReason']), calls.length > 0) ?? 'stop';
    return { index: typeof c?.['index'] === 'number' ? c['index'] : i, message, finish_reason: finish };
  });
  // A prompt blocked by safety filters comes back with promptFeedback.blockReason and no candidates.
  if (choices.length === 0)
    choices.push({
      index: 0,
      message: { role: 'assistant', content: null },
      finish_reason: 'content_filter',
    });
  const usage = usageFromGemini(res['usageMetadata']);
  const response: ChatResponse = {
    id: str(res['responseId']) ?? `gemini-${Date.now().toString(36)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: str(res['modelVersion']) ?? fallbackModel,
    choices,
  };
  if (usage) response.usage = toOpenAIUsage(usage);
  return { response, usage };
}
