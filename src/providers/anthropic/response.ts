// Anthropic Messages response body → canonical ChatResponse and Usage.
import { MarginError } from '../../errors/index.js';
import type { Usage } from '../../meter/usage.js';
import { obj, str } from '../../protocols/anthropic-messages/narrow.js';
import { fromAnthropicStopReason } from '../../protocols/anthropic-messages/stop-reason.js';
import { usageFromMessage } from '../../protocols/anthropic-messages/usage.js';
import { type ChatResponse, type ToolCall, toOpenAIUsage } from '../../protocols/canonical.js';

/** Translates a non-streaming Anthropic body; throws MARGIN_ERR_UPSTREAM_BAD_RESPONSE on a foreign shape. */
export function fromAnthropicMessage(
  body: unknown,
  fallbackModel: string,
): { response: ChatResponse; usage: Usage | undefined } {
  const msg = obj(body);
  const blocks = msg?.['content'];
  if (msg === undefined || msg['type'] !== 'message' || !Array.isArray(blocks)) {
    throw new MarginError('MARGIN_ERR_UPSTREAM_BAD_RESPONSE', 'Anthropic response is not a message object');
  }
  let text = '';
  let thinking = '';
  const calls: ToolCall[] = [];
  for (const raw of blocks) {
    const b = obj(raw);
    if (b?.['type'] === 'text') text += str(b['text']) ?? '';
    else if (b?.['type'] === 'thinking') thinking += str(b['thinking']) ?? '';
    else if (b?.['type'] === 'tool_use') {
      calls.push({
        id: str(b['id']) ?? `toolu_${calls.length}`,
        type: 'function',
        function: { name: str(b['name']) ?? '', arguments: JSON.stringify(b['input'] ?? {}) },
      });
    }
    // redacted_thinking and server tool blocks have no canonical field.
  }
  const usage = usageFromMessage(msg);
  const message: ChatResponse['choices'][number]['message'] = {
    role: 'assistant',
    content: text === '' && calls.length > 0 ? null : text,
  };
  if (calls.length > 0) message.tool_calls = calls;
  if (thinking !== '') message.reasoning_content = thinking;
  const response: ChatResponse = {
    id: str(msg['id']) ?? `msg_${Date.now().toString(36)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: str(msg['model']) ?? fallbackModel,
    choices: [
      { index: 0, message, finish_reason: fromAnthropicStopReason(str(msg['stop_reason'])) ?? 'stop' },
    ],
  };
  if (usage) response.usage = toOpenAIUsage(usage);
  return { response, usage };
}
