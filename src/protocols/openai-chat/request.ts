// Validates an OpenAI Chat Completions request body (untrusted JSON) into the canonical ChatRequest.
// Only the fields the gateway relies on are checked; every other field passes through untouched.
import { z } from 'zod';
import { MarginError } from '../../errors/index.js';
import type { ChatRequest } from '../canonical.js';

const contentPart = z.looseObject({ type: z.string() });

const message = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
  name: z.string().optional(),
  tool_calls: z.array(z.looseObject({ id: z.string(), type: z.string() })).optional(),
  tool_call_id: z.string().optional(),
});

const count = z.number().int().nonnegative();

export const chatRequestSchema = z.looseObject({
  model: z.string().min(1, 'model is required'),
  messages: z.array(message).min(1, 'messages must contain at least one message'),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  max_tokens: count.nullable().optional(),
  max_completion_tokens: count.nullable().optional(),
  n: z.number().int().positive().nullable().optional(),
  tools: z
    .array(z.looseObject({ type: z.string(), function: z.looseObject({ name: z.string() }).optional() }))
    .optional(),
});

/** `messages[0].role` from a zod issue path. */
export function issueParam(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out;
}

/** Turns the first zod issue into a 400 MarginError naming the parameter. */
export function badRequest(error: z.ZodError): MarginError {
  const issue = error.issues[0];
  const param = issue ? issueParam(issue.path) : '';
  const text = issue?.message ?? 'invalid request';
  return new MarginError(
    'MARGIN_ERR_BAD_REQUEST',
    param ? `Invalid '${param}': ${text}` : text,
    param ? { param } : {},
  );
}

/** Parses a request body already decoded from JSON; throws 400 MarginError naming the bad field. */
export function parseChatRequest(body: unknown): ChatRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', 'The request body must be a JSON object.');
  }
  const res = chatRequestSchema.safeParse(body);
  if (!res.success) throw badRequest(res.error);
  return res.data as unknown as ChatRequest;
}

/** True when the client asked for the final usage chunk of a stream. */
export function wantsStreamUsage(req: ChatRequest): boolean {
  return req.stream_options?.include_usage === true;
}
