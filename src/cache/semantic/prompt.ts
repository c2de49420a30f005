// What the semantic cache compares: the text of the final user turn; everything else in the request
// (model, system prompt, earlier turns, tools, sampling parameters) must match exactly and forms the namespace.
import { canonicalJson } from '../canonical-json.js';
import { answerFields, type CacheProtocol, namespaceOf, sha256 } from '../key.js';

export interface SemanticPrompt {
  /** `<tenant>:<protocol>:<sha256 of the request without its last user text>`. */
  namespace: string;
  text: string;
}

function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const parts: string[] = [];
  for (const p of content as Array<{ type?: unknown; text?: unknown }>) {
    if (p?.type !== 'text' || typeof p.text !== 'string') return undefined; // images, files, tool results: not comparable
    parts.push(p.text);
  }
  return parts.join('\n');
}

/** The prompt to compare and its namespace, or undefined when the last turn is not plain user text. */
export function semanticPrompt(
  body: Readonly<Record<string, unknown>>,
  tenant: string | null,
  protocol: CacheProtocol,
): SemanticPrompt | undefined {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) return undefined;
  const last = messages[messages.length - 1] as { role?: unknown; content?: unknown };
  if (last?.role !== 'user') return undefined;
  const text = textOf(last.content);
  if (text === undefined || text.trim() === '') return undefined;
  const rest = { ...answerFields(body), messages: [...messages.slice(0, -1), { role: 'user', content: '' }] };
  return { namespace: `${namespaceOf(tenant, protocol)}:${sha256(canonicalJson(rest))}`, text };
}
