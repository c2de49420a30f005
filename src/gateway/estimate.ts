// Token estimates for when an upstream reports no usage (a cut stream, a server that ignores
// `include_usage`): prompt from the request's messages, completion from the text actually received.
// Counting follows OpenAI's chat accounting (3 tokens per message + 3 to prime the reply).
import { makeUsage, type Usage } from '../meter/usage.js';
import type { ChatRequest, ContentPart } from '../protocols/canonical.js';
import { countModelTokens } from '../tokens/index.js';

const PER_MESSAGE = 3;
const REPLY_PRIMING = 3;

function contentText(content: string | ContentPart[] | null | undefined): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) if (part.type === 'text') text += part.text;
  return text;
}

/** Estimated prompt tokens of a chat request (messages, names, tool calls and tool definitions). */
export function estimatePromptTokens(req: ChatRequest, model: string): number {
  let text = '';
  for (const m of req.messages) {
    text += `${m.role}\n${contentText(m.content)}\n`;
    if (m.name) text += `${m.name}\n`;
    for (const t of m.tool_calls ?? []) text += `${t.function.name}${t.function.arguments}\n`;
  }
  if (req.tools?.length) text += JSON.stringify(req.tools);
  return countModelTokens(text, model).tokens + PER_MESSAGE * req.messages.length + REPLY_PRIMING;
}

/** Estimated tokens of plain text for a model's tokenizer. */
export function estimateTextTokens(text: string, model: string): number {
  return countModelTokens(text, model).tokens;
}

/**
 * Usage marked `estimated`, keeping whatever the upstream did report: reported input wins over the
 * estimate; output is the larger of reported and counted (a cut stream's report lags the text received).
 */
export function estimatedUsage(promptTokens: () => number, outputTokens: number, reported?: Usage): Usage {
  const input = reported && reported.inputTokens > 0 ? reported.inputTokens : promptTokens();
  const output = Math.max(reported?.outputTokens ?? 0, outputTokens);
  return makeUsage({
    inputTokens: input,
    cacheReadTokens: Math.min(input, reported?.cacheReadTokens ?? 0),
    cacheWrite5mTokens: reported?.cacheWrite5mTokens ?? 0,
    cacheWrite1hTokens: reported?.cacheWrite1hTokens ?? 0,
    outputTokens: output,
    reasoningTokens: Math.min(output, reported?.reasoningTokens ?? 0),
    kind: reported?.kind ?? 'sync',
    source: 'estimated',
  });
}
