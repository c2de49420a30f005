// Gemini finishReason ↔ canonical finish_reason.
import type { FinishReason } from '../canonical.js';

const FILTERED = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'LANGUAGE',
]);

/** Gemini finishReason → canonical; `STOP` becomes `tool_calls` when the candidate called a function. */
export function fromGeminiFinishReason(reason: string | undefined, calledTools: boolean): FinishReason {
  if (reason === undefined) return null;
  if (reason === 'MAX_TOKENS') return 'length';
  if (FILTERED.has(reason)) return 'content_filter';
  return calledTools ? 'tool_calls' : 'stop'; // STOP, OTHER, MALFORMED_FUNCTION_CALL, FINISH_REASON_UNSPECIFIED
}

/** Canonical finish_reason → Gemini finishReason. */
export function toGeminiFinishReason(reason: FinishReason | undefined): string {
  if (reason === 'length') return 'MAX_TOKENS';
  if (reason === 'content_filter') return 'SAFETY';
  return 'STOP';
}
