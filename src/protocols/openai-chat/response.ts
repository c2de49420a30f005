// Non-streaming Chat Completions bodies: canonical ChatResponse ↔ the JSON an OpenAI client reads.
import type { Usage } from '../../meter/usage.js';
import type { ChatChoice, ChatResponse } from '../canonical.js';
import { toOpenAIUsage } from './usage.js';

/** Serialises a canonical response for an OpenAI client, with `usage` from the canonical usage. */
export function encodeChatResponse(res: ChatResponse, usage: Usage | undefined): string {
  const body: ChatResponse = usage ? { ...res, usage: toOpenAIUsage(usage) } : res;
  return JSON.stringify(body);
}

/** Reads an upstream Chat Completions body as a canonical response; undefined when it is not one. */
export function chatResponseFromJson(json: unknown): ChatResponse | undefined {
  if (json === null || typeof json !== 'object') return undefined;
  const o = json as Partial<ChatResponse>;
  if (!Array.isArray(o.choices)) return undefined;
  const choices: ChatChoice[] = o.choices;
  return {
    ...(o as ChatResponse),
    id: typeof o.id === 'string' ? o.id : '',
    object: 'chat.completion',
    created: typeof o.created === 'number' ? o.created : Math.floor(Date.now() / 1000),
    model: typeof o.model === 'string' ? o.model : '',
    choices,
  };
}

/** All generated text of a response (content, refusals, tool-call arguments), for token estimates. */
export function responseText(res: ChatResponse): string {
  let text = '';
  for (const c of res.choices) {
    const m = c.message;
    if (typeof m?.content === 'string') text += m.content;
    if (typeof m?.refusal === 'string') text += m.refusal;
    for (const t of m?.tool_calls ?? []) text += t.function.name + t.function.arguments;
  }
  return text;
}
