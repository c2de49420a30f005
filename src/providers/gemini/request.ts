// Canonical ChatRequest → Gemini generateContent body (contents/parts, systemInstruction,
// generationConfig, functionDeclarations, functionCall/functionResponse).
import { MarginError } from '../../errors/index.js';
import { toolInput } from '../../protocols/anthropic-messages/response.js';
import type { ChatMessage, ChatRequest, ContentPart, ToolChoice } from '../../protocols/canonical.js';
import { decodeToolId } from './tool-id.js';

type Part = Record<string, unknown>;
interface Content {
  role: 'user' | 'model';
  parts: Part[];
}

/** Google's documented placeholder for a Gemini 3 function call replayed without its thought signature. */
const SKIP_SIGNATURE = 'skip_thought_signature_validator';

const THINKING_BUDGET: Record<string, number> = { minimal: 0, low: 1024, medium: 8192, high: 24576 };

/** The Gemini request body for a canonical request. */
export function toGeminiBody(req: ChatRequest, model: string): Record<string, unknown> {
  const system: Part[] = [];
  const contents: Content[] = [];
  const toolNames = new Map<string, string>();
  req.messages.forEach((m, i) => {
    if (m.role === 'system' || m.role === 'developer') {
      for (const text of texts(m.content)) system.push({ text });
      return;
    }
    const c = toContent(m, i, toolNames, /^gemini-3/.test(model));
    if (c && c.parts.length > 0) append(contents, c);
  });

  const body: Record<string, unknown> = { contents };
  if (system.length > 0) body['systemInstruction'] = { parts: system };
  const config = generationConfig(req, model);
  if (Object.keys(config).length > 0) body['generationConfig'] = config;
  if (req.tools && req.tools.length > 0) {
    const functionDeclarations = req.tools.map((t) => ({
      name: t.function.name,
      ...(t.function.description === undefined ? {} : { description: t.function.description }),
      ...(t.function.parameters === undefined ? {} : { parametersJsonSchema: t.function.parameters }),
    }));
    body['tools'] = [{ functionDeclarations }];
    const toolConfig = functionCallingConfig(req.tool_choice);
    if (toolConfig) body['toolConfig'] = { functionCallingConfig: toolConfig };
  }
  return body;
}

function texts(content: ChatMessage['content']): string[] {
  if (content === null) return [];
  if (typeof content === 'string') return content === '' ? [] : [content];
  return content.flatMap((p) => (p.type === 'text' && p.text !== '' ? [p.text] : []));
}

function imagePart(url: string): Part {
  const m = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (m) return { inlineData: { mimeType: m[1], data: m[2] } };
  const ext = /\.(png|gif|webp|jpe?g)(\?|#|$)/i.exec(url)?.[1]?.toLowerCase();
  const mimeType = ext === 'png' || ext === 'gif' || ext === 'webp' ? `image/${ext}` : 'image/jpeg';
  return { fileData: { mimeType, fileUri: url } };
}

function userParts(content: ChatMessage['content']): Part[] {
  if (content === null) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  return content.flatMap((p: ContentPart): Part[] => {
    if (p.type === 'image_url') return [imagePart(p.image_url.url)];
    return p.text === '' ? [] : [{ text: p.text }];
  });
}

/** A tool result as a functionResponse `response` object (Gemini requires an object). */
function toolResponse(content: ChatMessage['content']): Record<string, unknown> {
  const text = texts(content).join('\n');
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
    return { output: v };
  } catch {
    return { output: text };
  }
}

function toContent(
  m: ChatMessage,
  i: number,
  toolNames: Map<string, string>,
  gemini3: boolean,
): Content | undefined {
  if (m.role === 'user') return { role: 'user', parts: userParts(m.content) };
  if (m.role === 'tool') {
    const name = m.tool_call_id === undefined ? undefined : toolNames.get(m.tool_call_id);
    if (name === undefined) {
      const param = `messages[${i}].tool_call_id`;
      throw new MarginError(
        'MARGIN_ERR_BAD_REQUEST',
        `${param} does not match a tool call of an earlier assistant message`,
        {
          param,
        },
      );
    }
    return { role: 'user', parts: [{ functionResponse: { name, response: toolResponse(m.content) } }] };
  }
  const parts: Part[] = texts(m.content).map((text) => ({ text }));
  let signed = false;
  (m.tool_calls ?? []).forEach((c, j) => {
    toolNames.set(c.id, c.function.name);
    const args = toolInput(c.function.arguments);
    if ('_raw' in args) {
      const param = `messages[${i}].tool_calls[${j}].function.arguments`;
      throw new MarginError('MARGIN_ERR_BAD_REQUEST', `${param} is not valid JSON`, { param });
    }
    const part: Part = { functionCall: { name: c.function.name, args } };
    const { signature } = decodeToolId(c.id);
    if (signature) {
      part['thoughtSignature'] = signature;
      signed = true;
    }
    parts.push(part);
  });
  // Gemini 3 rejects replayed function calls without a signature; the first call of a step carries it.
  const first = parts.find((p) => 'functionCall' in p);
  if (gemini3 && first && !signed) first['thoughtSignature'] = SKIP_SIGNATURE;
  return { role: 'model', parts };
}

/** Appends a content, merging consecutive same-role turns (parallel tool results share one turn). */
function append(contents: Content[], c: Content): void {
  const last = contents[contents.length - 1];
  if (last && last.role === c.role) last.parts.push(...c.parts);
  else contents.push(c);
}

function generationConfig(req: ChatRequest, model: string): Record<string, unknown> {
  const g: Record<string, unknown> = {};
  const max = req.max_completion_tokens ?? req.max_tokens;
  if (max !== undefined) g['maxOutputTokens'] = max;
  if (req.temperature !== undefined) g['temperature'] = req.temperature;
  if (req.top_p !== undefined) g['topP'] = req.top_p;
  if (typeof req['top_k'] === 'number') g['topK'] = req['top_k'];
  const stop = typeof req.stop === 'string' ? [req.stop] : req.stop;
  if (stop && stop.length > 0) g['stopSequences'] = stop;
  if (req.n !== undefined && req.n > 1) g['candidateCount'] = req.n;
  if (req.seed !== undefined) g['seed'] = req.seed;
  if (typeof req['presence_penalty'] === 'number') g['presencePenalty'] = req['presence_penalty'];
  if (typeof req['frequency_penalty'] === 'number') g['frequencyPenalty'] = req['frequency_penalty'];
  const format = req.response_format;
  if (format && format.type !== 'text') {
    g['responseMimeType'] = 'application/json';
    const schema = (format.json_schema as { schema?: unknown } | undefined)?.schema;
    if (format.type === 'json_schema' && schema !== undefined) g['responseJsonSchema'] = schema;
  }
  const effort = req.reasoning_effort;
  if (typeof effort === 'string' && effort in THINKING_BUDGET) {
    // Gemini 3 takes a thinking level; 2.5 models take a token budget.
    // Thought summaries are asked for too: a client that asks for reasoning can then be shown it.
    g['thinkingConfig'] = /^gemini-3/.test(model)
      ? { thinkingLevel: effort === 'high' || effort === 'medium' ? 'high' : 'low', includeThoughts: true }
      : { thinkingBudget: THINKING_BUDGET[effort], includeThoughts: effort !== 'minimal' };
  }
  return g;
}

function functionCallingConfig(c: ToolChoice | undefined): Record<string, unknown> | undefined {
  if (c === undefined || c === 'auto') return undefined;
  if (c === 'none') return { mode: 'NONE' };
  if (c === 'required') return { mode: 'ANY' };
  return { mode: 'ANY', allowedFunctionNames: [c.function.name] };
}
