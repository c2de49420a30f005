// Prompt token accounting: counts the way the providers bill (OpenAI chat: 3 tokens per message plus its role
// and content, 1 per name, 3 to prime the reply), and keeps the token ids in prefix order (tools, system,
// messages) for the emulated prompt cache, with the Anthropic `cache_control` breakpoint.

import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import type { z } from 'zod';
import type {
  anthropicBlock,
  chatRequestSchema,
  countTokensRequestSchema,
  openaiContent,
} from './request.js';

export interface PromptTokens {
  /** Billed prompt tokens. */
  count: number;
  /** Text the answer is derived from (same prompt → same answer). */
  key: string;
  /** Content token ids in prefix order. */
  ids: number[];
  /** Anthropic: ids up to the end of the last block marked `cache_control` (0 = none). */
  breakpoint: number;
  /** Text of the last user turn (what `--answers` looks a prompt up by). */
  lastUser: string;
}

class Builder {
  readonly ids: number[] = [];
  overhead = 0;
  key = '';
  breakpoint = 0;
  lastUser = '';

  add(text: string): void {
    if (text.length === 0) return;
    for (const id of encode(text)) this.ids.push(id);
  }

  done(): PromptTokens {
    return {
      count: this.overhead + this.ids.length,
      key: this.key,
      ids: this.ids,
      breakpoint: this.breakpoint,
      lastUser: this.lastUser,
    };
  }
}

function contentText(c: z.infer<typeof openaiContent>): string {
  if (typeof c === 'string') return c;
  if (!c) return '';
  return c.map((p) => p.text ?? '').join('');
}

/** Chat prompt tokens, OpenAI style. */
export function chatPrompt(req: z.infer<typeof chatRequestSchema>): PromptTokens {
  const b = new Builder();
  b.overhead = 3;
  if (req.tools?.length) b.add(JSON.stringify(req.tools));
  for (const m of req.messages) {
    const text = contentText(m.content);
    b.overhead += 3;
    b.add(m.role);
    b.add(text);
    if (m.name) {
      b.overhead += 1;
      b.add(m.name);
    }
    if (m.tool_calls) b.add(JSON.stringify(m.tool_calls));
    b.key += `${m.role}:${text}\n`;
    if (m.role === 'user') b.lastUser = text;
  }
  return b.done();
}

type Block = z.infer<typeof anthropicBlock>;

function blockText(block: Block): string {
  if (block.text !== undefined) return block.text;
  if (block.input !== undefined) return JSON.stringify(block.input);
  if (typeof block.content === 'string') return block.content;
  if (Array.isArray(block.content)) return JSON.stringify(block.content);
  return '';
}

/** Anthropic prompt tokens (o200k as a stand-in for Claude's tokenizer), with the cache breakpoint. */
export function messagesPrompt(req: z.infer<typeof countTokensRequestSchema>): PromptTokens {
  const b = new Builder();
  b.overhead = 3;
  const mark = (cc: unknown) => {
    if (cc) b.breakpoint = b.ids.length;
  };
  for (const t of req.tools ?? []) {
    b.add(JSON.stringify({ name: t.name, input_schema: t.input_schema }));
    mark(t.cache_control);
  }
  const system = typeof req.system === 'string' ? [{ type: 'text', text: req.system }] : (req.system ?? []);
  if (system.length > 0) {
    b.overhead += 3;
    for (const block of system) {
      const text = blockText(block);
      b.add(text);
      b.key += `system:${text}\n`;
      mark(block.cache_control);
    }
  }
  for (const m of req.messages) {
    b.overhead += 3;
    const blocks: Block[] = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content;
    let turn = '';
    for (const block of blocks) {
      const text = blockText(block);
      b.add(text);
      b.key += `${m.role}:${text}\n`;
      mark(block.cache_control);
      if (block.type === 'text') turn += text;
    }
    if (m.role === 'user') b.lastUser = turn;
  }
  return b.done();
}

/** The text of a Responses API content value (string, or input/output text parts). */
function responsesContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const p of content) {
    const part = p as { text?: unknown };
    if (typeof part?.text === 'string') text += part.text;
  }
  return text;
}

/** Responses API prompt tokens (instructions, input items, tools), counted like chat. */
export function responsesPrompt(req: {
  instructions?: string | null | undefined;
  input?: unknown;
  tools?: unknown[] | null | undefined;
  history?: string;
}): PromptTokens {
  const b = new Builder();
  b.overhead = 3;
  if (req.tools?.length) b.add(JSON.stringify(req.tools));
  const turn = (role: string, text: string) => {
    b.overhead += 3;
    b.add(role);
    b.add(text);
    b.key += `${role}:${text}\n`;
  };
  if (req.history) turn('history', req.history);
  if (req.instructions) turn('system', req.instructions);
  if (typeof req.input === 'string') turn('user', req.input);
  else if (Array.isArray(req.input)) {
    for (const raw of req.input) {
      const item = (raw ?? {}) as Record<string, unknown>;
      if (item.type === 'function_call') turn('assistant', `${item.name}${item.arguments}`);
      else if (item.type === 'function_call_output') turn('tool', responsesContent(item.output));
      else if (typeof item.role === 'string') turn(item.role, responsesContent(item.content));
    }
  }
  return b.done();
}
