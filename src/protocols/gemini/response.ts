// Canonical chat responses → Gemini GenerateContentResponse bodies (for a Gemini client whose model was
// served by another protocol): choices become candidates, text / reasoning (`thought: true`) / tool calls
// become parts (functionCall with parsed args and the call id), usage becomes usageMetadata.
import type { Usage } from '../../meter/usage.js';
import type { ChatResponse, ToolCall } from '../canonical.js';
import { toGeminiFinishReason } from './finish-reason.js';
import { toGeminiUsage } from './usage.js';

type Json = Record<string, unknown>;

/** Tool-call arguments (JSON text) → functionCall `args` (always an object). */
export function callArgs(args: string): Json {
  try {
    const v: unknown = JSON.parse(args === '' ? '{}' : args);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : { value: v };
  } catch {
    return { _raw: args };
  }
}

export function functionCallPart(call: ToolCall): Json {
  return { functionCall: { id: call.id, name: call.function.name, args: callArgs(call.function.arguments) } };
}

/** The parts of one canonical assistant message. */
export function partsOf(m: ChatResponse['choices'][number]['message']): Json[] {
  const parts: Json[] = [];
  if (typeof m.reasoning_content === 'string' && m.reasoning_content !== '')
    parts.push({ text: m.reasoning_content, thought: true });
  const text = m.content ?? m.refusal ?? '';
  if (text !== '') parts.push({ text });
  for (const c of m.tool_calls ?? []) parts.push(functionCallPart(c));
  if (parts.length === 0) parts.push({ text: '' });
  return parts;
}

/** The Gemini response body for a canonical response and its metered usage. */
export function toGeminiResponse(res: ChatResponse, usage: Usage, model: string): Json {
  return {
    candidates: res.choices.map((c) => ({
      content: { role: 'model', parts: partsOf(c.message) },
      finishReason: toGeminiFinishReason(c.finish_reason),
      index: c.index,
    })),
    usageMetadata: toGeminiUsage(usage),
    modelVersion: res.model || model,
    responseId: res.id,
  };
}
