// Anthropic Messages request (client side, `POST /v1/messages`) → canonical ChatRequest. Validation is a
// zod schema; errors name the field at fault (`messages.1.content.0.source.data`) as Anthropic does.
import { MarginError } from '../../errors/index.js';
import type {
  ChatMessage,
  ChatRequest,
  ContentPart,
  ToolCall,
  ToolChoice,
  ToolDefinition,
} from '../canonical.js';
import {
  type ContentBlockParam,
  isCustomTool,
  isKnownBlock,
  type KnownBlock,
  type MessageParam,
  type MessagesRequest,
  messagesRequestSchema,
} from './schema.js';
import { effortFromBudget, effortLevel } from './thinking.js';

/** Validates an Anthropic Messages body and translates it to the canonical form. */
export function parseMessagesRequest(body: unknown): ChatRequest {
  const res = messagesRequestSchema.safeParse(body);
  if (!res.success) {
    const issue = deepest(res.error.issues);
    const param = issue?.path.map(String).join('.') || undefined;
    const message = `${param ?? 'body'}: ${issue?.message ?? 'invalid request'}`;
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', message, param === undefined ? {} : { param });
  }
  return toCanonical(res.data);
}

interface Issue {
  path: PropertyKey[];
  message: string;
  errors?: Issue[][];
}

/** The most specific issue: inside a union (string | blocks), the branch that got furthest wins. */
function deepest(issues: readonly Issue[], prefix: PropertyKey[] = []): Issue | undefined {
  let best: Issue | undefined;
  for (const issue of issues) {
    const here = { ...issue, path: [...prefix, ...issue.path] };
    const nested = (issue.errors ?? []).map((branch) => deepest(branch, here.path));
    const candidate = nested.reduce<Issue>((a, b) => (b && b.path.length > a.path.length ? b : a), here);
    if (!best || candidate.path.length > best.path.length) best = candidate;
  }
  return best;
}

/** Model and stream flag only, for routing a request that will be passed through natively. */
export function peekMessagesRequest(body: unknown): { model: string; stream: boolean } {
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (typeof b['model'] !== 'string' || b['model'] === '') {
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', 'model: a model name is required', { param: 'model' });
  }
  return { model: b['model'], stream: b['stream'] === true };
}

const untranslatable = new WeakMap<ChatRequest, string[]>();

/**
 * Fields of the original Anthropic request that the canonical form could not carry (server tools, document
 * and server-tool result blocks). Empty for a faithful translation. A native Anthropic upstream gets the
 * original body and loses nothing; any other upstream should refuse the request when this is non-empty.
 */
export function untranslatableParams(req: ChatRequest): readonly string[] {
  return untranslatable.get(req) ?? [];
}

/** Throws MARGIN_ERR_UNSUPPORTED naming the first field a non-Anthropic upstream cannot honour. */
export function assertTranslatable(req: ChatRequest): void {
  const param = untranslatableParams(req)[0];
  if (param !== undefined) {
    throw new MarginError('MARGIN_ERR_UNSUPPORTED', `${param}: has no equivalent outside Anthropic`, {
      param,
    });
  }
}

function toCanonical(r: MessagesRequest): ChatRequest {
  const lost: string[] = [];
  const messages: ChatMessage[] = [];
  if (typeof r.system === 'string') messages.push({ role: 'system', content: r.system });
  else if (r.system && r.system.length > 0) {
    messages.push({ role: 'system', content: r.system.map((b) => ({ type: 'text', text: b.text })) });
  }
  r.messages.forEach((m, i) => {
    messages.push(...translateMessage(m, i, lost));
  });

  const out: ChatRequest = { model: r.model, messages, max_tokens: r.max_tokens };
  if (r.stream !== undefined) out.stream = r.stream;
  if (r.temperature !== undefined) out.temperature = r.temperature;
  if (r.top_p !== undefined) out.top_p = r.top_p;
  if (r.top_k !== undefined) out['top_k'] = r.top_k;
  if (r.stop_sequences && r.stop_sequences.length > 0) out.stop = r.stop_sequences;
  if (r.metadata?.user_id) out.user = r.metadata.user_id;
  const tools: ToolDefinition[] = [];
  r.tools?.forEach((t, i) => {
    if (!isCustomTool(t)) {
      lost.push(`tools.${i}`);
      return;
    }
    const description = t.description === undefined ? {} : { description: t.description };
    tools.push({ type: 'function', function: { name: t.name, ...description, parameters: t.input_schema } });
  });
  if (tools.length > 0) out.tools = tools;
  if (r.tool_choice) {
    out.tool_choice = toolChoice(r.tool_choice);
    if ('disable_parallel_tool_use' in r.tool_choice && r.tool_choice.disable_parallel_tool_use) {
      out['parallel_tool_calls'] = false;
    }
  }
  const effort = r.output_config?.effort ?? undefined;
  if (r.thinking?.type === 'enabled') out.reasoning_effort = effortFromBudget(r.thinking.budget_tokens);
  else if (r.thinking?.type === 'adaptive' || effort) out.reasoning_effort = effortLevel(effort);
  const format = r.output_config?.format ?? r.output_format;
  if (format) {
    out.response_format = {
      type: 'json_schema',
      json_schema: { name: 'output', schema: format.schema, strict: true },
    };
  }
  if (lost.length > 0) untranslatable.set(out, lost);
  return out;
}

function toolChoice(c: NonNullable<MessagesRequest['tool_choice']>): ToolChoice {
  switch (c.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return { type: 'function', function: { name: c.name } };
  }
}

/** One Anthropic message → one or more canonical messages (tool results become `tool` messages). */
function translateMessage(m: MessageParam, i: number, lost: string[]): ChatMessage[] {
  if (typeof m.content === 'string') return [{ role: m.role, content: m.content }];
  return m.role === 'user' ? userMessage(m.content, i, lost) : [assistantMessage(m.content, i, lost)];
}

function misplaced(i: number, j: number, type: string, role: string): MarginError {
  const param = `messages.${i}.content.${j}`;
  return new MarginError(
    'MARGIN_ERR_BAD_REQUEST',
    `${param}: '${type}' blocks are not allowed in ${role} messages`,
    {
      param,
    },
  );
}

function userMessage(blocks: ContentBlockParam[], i: number, lost: string[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  const parts: ContentPart[] = [];
  blocks.forEach((b, j) => {
    if (!isKnownBlock(b)) {
      lost.push(`messages.${i}.content.${j}`);
      return;
    }
    switch (b.type) {
      case 'text':
        parts.push({ type: 'text', text: b.text });
        break;
      case 'image': {
        const url =
          b.source.type === 'base64' ? `data:${b.source.media_type};base64,${b.source.data}` : b.source.url;
        parts.push({ type: 'image_url', image_url: { url } });
        break;
      }
      case 'tool_result':
        out.push({
          role: 'tool',
          tool_call_id: b.tool_use_id,
          content: toolResultText(b.content, b.is_error),
        });
        break;
      case 'tool_use':
        throw misplaced(i, j, b.type, 'user');
      default:
        break; // thinking blocks carry nothing a non-Anthropic model can read
    }
  });
  if (parts.length > 0 || out.length === 0) {
    const only = parts[0];
    out.push({ role: 'user', content: parts.length === 1 && only?.type === 'text' ? only.text : parts });
  }
  return out;
}

function toolResultText(content: Extract<KnownBlock, { type: 'tool_result' }>['content'], isError?: boolean) {
  let text: string;
  if (content === undefined) text = '';
  else if (typeof content === 'string') text = content;
  else text = content.map((c) => (c.type === 'text' ? c.text : '[image omitted]')).join('\n');
  return isError ? `Error: ${text}` : text;
}

function assistantMessage(blocks: ContentBlockParam[], i: number, lost: string[]): ChatMessage {
  const texts: string[] = [];
  const calls: ToolCall[] = [];
  blocks.forEach((b, j) => {
    if (!isKnownBlock(b)) {
      lost.push(`messages.${i}.content.${j}`);
      return;
    }
    switch (b.type) {
      case 'text':
        texts.push(b.text);
        break;
      case 'tool_use':
        calls.push({
          id: b.id,
          type: 'function',
          function: { name: b.name, arguments: JSON.stringify(b.input) },
        });
        break;
      case 'image':
      case 'tool_result':
        throw misplaced(i, j, b.type, 'assistant');
      default:
        break; // thinking / redacted_thinking: dropped (signatures only verify at Anthropic)
    }
  });
  const msg: ChatMessage = { role: 'assistant', content: texts.length > 0 ? texts.join('') : null };
  if (calls.length > 0) msg.tool_calls = calls;
  return msg;
}
