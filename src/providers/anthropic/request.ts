// Canonical ChatRequest → Anthropic Messages request body (Margin calling api.anthropic.com).
import { defaultCatalog } from '../../catalog/index.js';
import { MarginError } from '../../errors/index.js';
import { toAnthropicToolId, toolInput } from '../../protocols/anthropic-messages/response.js';
import { budgetFromEffort } from '../../protocols/anthropic-messages/thinking.js';
import type { ChatMessage, ChatRequest, ContentPart, ToolChoice } from '../../protocols/canonical.js';

type Block = Record<string, unknown> & { type: string };
interface WireMessage {
  role: 'user' | 'assistant';
  content: string | Block[];
}

const FALLBACK_MAX_TOKENS = 4096;

/** max_tokens when the client gave none: the model's output limit from the catalog, else 4096. */
export function defaultMaxTokens(model: string): number {
  try {
    return defaultCatalog().prices.find(model)?.maxOutputTokens ?? FALLBACK_MAX_TOKENS;
  } catch {
    return FALLBACK_MAX_TOKENS; // a catalog that fails to load must not break the request path
  }
}

/** The Anthropic `/v1/messages` body for a canonical request. */
export function toAnthropicBody(req: ChatRequest, model: string): Record<string, unknown> {
  if (req.n !== undefined && req.n > 1) {
    throw new MarginError('MARGIN_ERR_UNSUPPORTED', 'n: Anthropic models return one choice per request', {
      param: 'n',
    });
  }
  const system: Block[] = [];
  const messages: WireMessage[] = [];
  req.messages.forEach((m, i) => {
    if (m.role === 'system' || m.role === 'developer') {
      for (const text of texts(m.content)) system.push({ type: 'text', text });
      return;
    }
    const wire = toWireMessage(m, i);
    if (wire) append(messages, wire);
  });
  const schema = jsonSchemaOf(req.response_format);
  const json = schema === undefined ? jsonInstruction(req.response_format) : undefined;
  if (json) system.push({ type: 'text', text: json });

  const maxTokens = req.max_completion_tokens ?? req.max_tokens ?? defaultMaxTokens(model);
  const body: Record<string, unknown> = { model, max_tokens: maxTokens };
  if (system.length === 1) body['system'] = system[0]?.['text'];
  else if (system.length > 1) body['system'] = system;
  body['messages'] = messages;

  const budget = budgetFromEffort(req.reasoning_effort);
  const thinking = budget !== undefined && maxTokens > 1024;
  if (thinking)
    body['thinking'] = { type: 'enabled', budget_tokens: Math.max(1024, Math.min(budget, maxTokens - 1)) };
  // Extended thinking rejects temperature and top_k changes; OpenAI's 0–2 temperature is clamped to 0–1.
  if (req.temperature !== undefined && !thinking) body['temperature'] = Math.min(1, req.temperature);
  if (req.top_p !== undefined && (!thinking || req.top_p >= 0.95)) body['top_p'] = req.top_p;
  if (typeof req['top_k'] === 'number' && !thinking) body['top_k'] = req['top_k'];
  const stop = typeof req.stop === 'string' ? [req.stop] : req.stop;
  if (stop && stop.length > 0) body['stop_sequences'] = stop;
  if (req.stream) body['stream'] = true;
  if (req.user) body['metadata'] = { user_id: req.user };
  // A JSON schema uses Anthropic's native structured outputs: the answer is constrained to it.
  if (schema !== undefined) body['output_config'] = { format: { type: 'json_schema', schema } };
  if (req.tools && req.tools.length > 0) {
    body['tools'] = req.tools.map((t) => ({
      name: t.function.name,
      ...(t.function.description === undefined ? {} : { description: t.function.description }),
      input_schema: t.function.parameters ?? { type: 'object', properties: {} },
    }));
    const choice = toolChoice(req.tool_choice, req['parallel_tool_calls'] === false);
    if (choice) body['tool_choice'] = choice;
  }
  return body;
}

function texts(content: ChatMessage['content']): string[] {
  if (content === null) return [];
  if (typeof content === 'string') return content === '' ? [] : [content];
  return content.flatMap((p) => (p.type === 'text' && p.text !== '' ? [p.text] : []));
}

function imageBlock(url: string): Block {
  const m = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (m) return { type: 'image', source: { type: 'base64', media_type: m[1], data: m[2] } };
  return { type: 'image', source: { type: 'url', url } };
}

function partBlocks(parts: ContentPart[]): Block[] {
  return parts.flatMap((p): Block[] => {
    if (p.type === 'image_url') return [imageBlock(p.image_url.url)];
    return p.text === '' ? [] : [{ type: 'text', text: p.text }];
  });
}

function toWireMessage(m: ChatMessage, i: number): WireMessage | undefined {
  switch (m.role) {
    case 'user':
      if (typeof m.content === 'string') return { role: 'user', content: m.content };
      return { role: 'user', content: m.content ? partBlocks(m.content) : [] };
    case 'tool': {
      if (!m.tool_call_id) {
        const param = `messages[${i}].tool_call_id`;
        throw new MarginError('MARGIN_ERR_BAD_REQUEST', `${param} is required for tool messages`, { param });
      }
      const content = texts(m.content).join('\n');
      return {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: toAnthropicToolId(m.tool_call_id), content }],
      };
    }
    default: {
      const calls = m.tool_calls ?? [];
      const text = texts(m.content).join('');
      if (calls.length === 0) return text === '' ? undefined : { role: 'assistant', content: text };
      const blocks: Block[] = text === '' ? [] : [{ type: 'text', text }];
      calls.forEach((c, j) => {
        const input = toolInput(c.function.arguments);
        if ('_raw' in input) {
          const param = `messages[${i}].tool_calls[${j}].function.arguments`;
          throw new MarginError('MARGIN_ERR_BAD_REQUEST', `${param} is not valid JSON`, { param });
        }
        blocks.push({ type: 'tool_use', id: toAnthropicToolId(c.id), name: c.function.name, input });
      });
      return { role: 'assistant', content: blocks };
    }
  }
}

const asBlocks = (c: string | Block[]): Block[] => (typeof c === 'string' ? [{ type: 'text', text: c }] : c);

/** Appends a message, merging consecutive same-role turns (tool results first, as Anthropic requires). */
function append(messages: WireMessage[], m: WireMessage): void {
  const last = messages[messages.length - 1];
  if (!last || last.role !== m.role) {
    messages.push(m);
    return;
  }
  const merged = [...asBlocks(last.content), ...asBlocks(m.content)];
  const results = merged.filter((b) => b.type === 'tool_result');
  last.content =
    results.length > 0 ? [...results, ...merged.filter((b) => b.type !== 'tool_result')] : merged;
}

function toolChoice(c: ToolChoice | undefined, noParallel: boolean): Record<string, unknown> | undefined {
  const extra = noParallel ? { disable_parallel_tool_use: true } : {};
  if (c === undefined) return noParallel ? { type: 'auto', ...extra } : undefined;
  if (c === 'none') return { type: 'none' };
  if (c === 'auto') return { type: 'auto', ...extra };
  if (c === 'required') return { type: 'any', ...extra };
  return { type: 'tool', name: c.function.name, ...extra };
}

/** The JSON schema a `json_schema` response format asks for, if any. */
function jsonSchemaOf(format: ChatRequest['response_format']): Record<string, unknown> | undefined {
  if (format?.type !== 'json_schema') return undefined;
  const schema = (format.json_schema as { schema?: unknown } | undefined)?.schema;
  return schema !== null && typeof schema === 'object' ? (schema as Record<string, unknown>) : undefined;
}

/** Anthropic has no plain JSON mode: `json_object` becomes a system instruction. */
function jsonInstruction(format: ChatRequest['response_format']): string | undefined {
  if (!format || format.type === 'text') return undefined;
  return 'Respond with a single valid JSON object and nothing else.';
}
