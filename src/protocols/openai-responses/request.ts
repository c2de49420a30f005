// Validates the fields of an OpenAI Responses API request the gateway relies on; the rest passes through.
import { z } from 'zod';
import { MarginError } from '../../errors/index.js';
import { badRequest } from '../openai-chat/request.js';

export const responsesRequestSchema = z.looseObject({
  model: z.string().min(1, 'model is required'),
  input: z.union([z.string(), z.array(z.unknown())]).optional(),
  instructions: z.string().nullable().optional(),
  stream: z.boolean().nullable().optional(),
});

export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;

/** Parses a decoded body; throws 400 MarginError naming the bad field. */
export function parseResponsesRequest(body: unknown): ResponsesRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', 'The request body must be a JSON object.');
  }
  const res = responsesRequestSchema.safeParse(body);
  if (!res.success) throw badRequest(res.error);
  return res.data;
}

/** Prompt text (instructions and input items' text), for token estimates of a cut stream. */
export function responsesInputText(req: ResponsesRequest): string {
  let text = req.instructions ?? '';
  const input = req.input;
  if (typeof input === 'string') return text + input;
  for (const item of input ?? []) text += textOf(item);
  return text;
}

function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(textOf).join('');
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return textOf(o.content ?? o.text ?? '');
  }
  return '';
}
