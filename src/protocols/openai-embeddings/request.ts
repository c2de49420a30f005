// Validates an OpenAI Embeddings request body; the body itself is forwarded unchanged (model aside).
import { z } from 'zod';
import { MarginError } from '../../errors/index.js';
import { badRequest } from '../openai-chat/request.js';

const tokenIds = z.array(z.number().int().nonnegative());

export const embeddingsRequestSchema = z.looseObject({
  model: z.string().min(1, 'model is required'),
  input: z.union([
    z.string(),
    z.array(z.string()).min(1, 'input must not be empty'),
    tokenIds.min(1, 'input must not be empty'),
    z.array(tokenIds).min(1, 'input must not be empty'),
  ]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().positive().optional(),
});

export type EmbeddingsRequest = z.infer<typeof embeddingsRequestSchema>;

/** Parses a decoded body; throws 400 MarginError naming the bad field. */
export function parseEmbeddingsRequest(body: unknown): EmbeddingsRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', 'The request body must be a JSON object.');
  }
  const res = embeddingsRequestSchema.safeParse(body);
  if (!res.success) throw badRequest(res.error);
  return res.data;
}

/** The input as text, for token estimates when an upstream reports no usage. */
export function embeddingsInputText(req: EmbeddingsRequest): { text: string; tokens: number } {
  const input = req.input;
  if (typeof input === 'string') return { text: input, tokens: 0 };
  let text = '';
  let tokens = 0;
  for (const item of input) {
    if (typeof item === 'string') text += `${item}\n`;
    else if (typeof item === 'number') tokens += 1;
    else tokens += item.length;
  }
  return { text, tokens };
}
