// Gemini `generateContent` requests (client side of `POST /v1beta/models/{model}:generateContent`) →
// canonical chat requests: contents/parts (text, inline and file images, functionCall, functionResponse),
// systemInstruction, generationConfig (limits, sampling, stop sequences, candidateCount, JSON output with
// responseSchema / responseJsonSchema, thinkingConfig), functionDeclarations and toolConfig. Function calls
// without an id get one (`call_<turn>_<k>`); responses are matched to calls by id, else by name in order.
import { z } from 'zod';
import { MarginError } from '../../errors/index.js';
import type {
  ChatMessage,
  ChatRequest,
  ContentPart,
  ToolCall,
  ToolChoice,
  ToolDefinition,
} from '../canonical.js';
import { badRequest } from '../openai-chat/request.js';

const part = z.looseObject({});
export const generateContentSchema = z.looseObject({
  model: z.string().min(1),
  contents: z
    .array(z.looseObject({ role: z.string().optional(), parts: z.array(part) }))
    .min(1, 'contents must not be empty'),
  systemInstruction: z.union([z.string(), z.looseObject({ parts: z.array(part) })]).optional(),
  generationConfig: z.looseObject({}).optional(),
  tools: z.array(z.looseObject({})).optional(),
  toolConfig: z.looseObject({}).optional(),
});
export type GenerateContentRequest = z.infer<typeof generateContentSchema>;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Gemini's OpenAPI-style schema (`type: OBJECT`, `nullable`) → JSON Schema. */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  const s = obj(schema);
  if (!s) return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'nullable' || k === 'propertyOrdering') continue;
    if (k === 'type' && typeof v === 'string') out.type = v.toLowerCase();
    else if (k === 'properties' && obj(v)) {
      out.properties = Object.fromEntries(Object.entries(v as Json).map(([p, ps]) => [p, toJsonSchema(ps)]));
    } else if (k === 'items' || k === 'anyOf') out[k] = toJsonSchema(v);
    else out[k] = v;
  }
  if (s.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

/** Tool-call ids and names of the conversation so far (to match functionResponse parts). */
class Calls {
  private readonly open: ToolCall[] = [];

  add(call: ToolCall): void {
    this.open.push(call);
  }

  /** The call a functionResponse answers: same id, else the first open call of that name. */
  take(id: string | undefined, name: string): string | undefined {
    const i = this.open.findIndex((c) => (id !== undefined ? c.id === id : c.function.name === name));
    if (i === -1) return undefined;
    const [c] = this.open.splice(i, 1);
    return c?.id;
  }
}

function userParts(parts: Json[], at: string, calls: Calls, out: ChatMessage[]): void {
  const content: ContentPart[] = [];
  parts.forEach((p, j) => {
    const fr = obj(p.functionResponse);
    if (fr) {
      const name = str(fr.name) ?? '';
      const id = calls.take(str(fr.id), name);
      if (id === undefined) {
        const param = `${at}.parts[${j}].functionResponse`;
        throw new MarginError('MARGIN_ERR_BAD_REQUEST', `${param} does not answer an earlier functionCall`, {
          param,
        });
      }
      const response = fr.response;
      out.push({
        role: 'tool',
        tool_call_id: id,
        content: typeof response === 'string' ? response : JSON.stringify(response ?? {}),
      });
      return;
    }
    if (typeof p.text === 'string' && p.thought !== true) content.push({ type: 'text', text: p.text });
    const inline = obj(p.inlineData);
    if (inline)
      content.push({
        type: 'image_url',
        image_url: { url: `data:${str(inline.mimeType) ?? 'image/png'};base64,${str(inline.data) ?? ''}` },
      });
    const file = obj(p.fileData);
    if (file && typeof file.fileUri === 'string')
      content.push({ type: 'image_url', image_url: { url: file.fileUri } });
  });
  if (content.length === 0) return;
  const only = content[0];
  out.push({ role: 'user', content: content.length === 1 && only?.type === 'text' ? only.text : content });
}

function modelParts(parts: Json[], turn: number, calls: Calls): ChatMessage {
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const p of parts) {
    const fc = obj(p.functionCall);
    if (fc) {
      const id = str(fc.id) ?? `call_${turn}_${toolCalls.length}`;
      const call: ToolCall = {
        id,
        type: 'function',
        function: { name: str(fc.name) ?? '', arguments: JSON.stringify(fc.args ?? {}) },
      };
      toolCalls.push(call);
      calls.add(call);
    } else if (typeof p.text === 'string' && p.thought !== true) {
      text += p.text; // earlier thoughts are not replayed to a model (they are the client's record)
    }
  }
  const msg: ChatMessage = { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text };
  if (toolCalls.length > 0) msg.tool_calls = toolCalls;
  return msg;
}

function tools(list: Json[] | undefined, lost: string[]): ToolDefinition[] {
  const out: ToolDefinition[] = [];
  (list ?? []).forEach((t, i) => {
    const decls = t.functionDeclarations;
    if (!Array.isArray(decls)) {
      lost.push(`tools[${i}]`);
      return;
    }
    for (const raw of decls) {
      const d = obj(raw) ?? {};
      const fn: ToolDefinition['function'] = { name: str(d.name) ?? '' };
      if (typeof d.description === 'string') fn.description = d.description;
      const params =
        d.parametersJsonSchema ?? (d.parameters === undefined ? undefined : toJsonSchema(d.parameters));
      if (obj(params)) fn.parameters = params as Record<string, unknown>;
      out.push({ type: 'function', function: fn });
    }
  });
  return out;
}

function toolChoice(config: Json | undefined): ToolChoice | undefined {
  const fcc = obj(config?.functionCallingConfig);
  const mode = str(fcc?.mode);
  if (mode === 'NONE') return 'none';
  if (mode === 'ANY' || mode === 'VALIDATED') {
    const names = fcc?.allowedFunctionNames;
    if (Array.isArray(names) && names.length === 1 && typeof names[0] === 'string') {
      return { type: 'function', function: { name: names[0] } };
    }
    return mode === 'ANY' ? 'required' : 'auto';
  }
  return mode === 'AUTO' ? 'auto' : undefined;
}

const EFFORT_BY_LEVEL: Record<string, string> = {
  minimal: 'minimal',
  low: 'low',
  medium: 'medium',
  high: 'high',
};

function applyGenerationConfig(out: ChatRequest, g: Json): void {
  const max = num(g.maxOutputTokens);
  if (max !== undefined) out.max_tokens = max;
  const t = num(g.temperature);
  if (t !== undefined) out.temperature = t;
  const p = num(g.topP);
  if (p !== undefined) out.top_p = p;
  const k = num(g.topK);
  if (k !== undefined) out.top_k = k;
  if (Array.isArray(g.stopSequences) && g.stopSequences.length > 0) out.stop = g.stopSequences as string[];
  const n = num(g.candidateCount);
  if (n !== undefined && n > 1) out.n = n;
  const seed = num(g.seed);
  if (seed !== undefined) out.seed = seed;
  const pp = num(g.presencePenalty);
  if (pp !== undefined) out.presence_penalty = pp;
  const fp = num(g.frequencyPenalty);
  if (fp !== undefined) out.frequency_penalty = fp;
  const schema =
    g.responseJsonSchema ?? (g.responseSchema === undefined ? undefined : toJsonSchema(g.responseSchema));
  if (schema !== undefined)
    out.response_format = { type: 'json_schema', json_schema: { name: 'response', schema } };
  else if (g.responseMimeType === 'application/json') out.response_format = { type: 'json_object' };
  if (g.responseLogprobs === true) {
    out.logprobs = true;
    const top = num(g.logprobs);
    if (top !== undefined) out.top_logprobs = top;
  }
  const thinking = obj(g.thinkingConfig);
  const level = str(thinking?.thinkingLevel)?.toLowerCase();
  const budget = num(thinking?.thinkingBudget);
  if (level !== undefined && EFFORT_BY_LEVEL[level]) out.reasoning_effort = EFFORT_BY_LEVEL[level];
  else if (budget !== undefined && budget !== 0)
    out.reasoning_effort =
      budget < 0 ? 'medium' : budget <= 2048 ? 'low' : budget <= 12288 ? 'medium' : 'high';
}

const untranslatable = new WeakMap<ChatRequest, string[]>();

/** Request fields with no canonical form (Google Search grounding, code execution, cached content). */
export function untranslatableGeminiParams(req: ChatRequest): readonly string[] {
  return untranslatable.get(req) ?? [];
}

/** Validates a generateContent body (with `model` and `stream` taken from the URL) into canonical form. */
export function parseGenerateContent(body: unknown): ChatRequest {
  const res = generateContentSchema.safeParse(body);
  if (!res.success) throw badRequest(res.error);
  const r = res.data;
  const lost: string[] = [];
  const messages: ChatMessage[] = [];
  const sys = r.systemInstruction;
  const sysText = typeof sys === 'string' ? sys : (sys?.parts ?? []).map((p) => str(p.text) ?? '').join('');
  if (sysText !== '') messages.push({ role: 'system', content: sysText });
  const calls = new Calls();
  r.contents.forEach((c, i) => {
    if (c.role === 'model') messages.push(modelParts(c.parts, i, calls));
    else userParts(c.parts, `contents[${i}]`, calls, messages);
  });
  const out: ChatRequest = { model: r.model, messages };
  if ((body as Json).stream === true) out.stream = true;
  applyGenerationConfig(out, r.generationConfig ?? {});
  const defs = tools(r.tools as Json[] | undefined, lost);
  if (defs.length > 0) {
    out.tools = defs;
    const choice = toolChoice(r.toolConfig);
    if (choice) out.tool_choice = choice;
  }
  if ((body as Json).cachedContent !== undefined) lost.push('cachedContent');
  if (lost.length > 0) untranslatable.set(out, lost);
  return out;
}
