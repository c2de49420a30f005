// POST /v1/embeddings: native pass-through to OpenAI-compatible upstreams, metered by `usage.prompt_tokens`.
import { makeUsage } from '../../meter/usage.js';
import {
  type EmbeddingsRequest,
  embeddingsInputText,
  parseEmbeddingsRequest,
} from '../../protocols/openai-embeddings/request.js';
import { usageFromEmbeddings } from '../../protocols/openai-embeddings/usage.js';
import { estimateTextTokens } from '../estimate.js';
import type { OpenAIOnlyEndpoint } from './openai-only.js';

export const embeddingsEndpoint: OpenAIOnlyEndpoint<EmbeddingsRequest> = {
  path: '/embeddings',
  parse: parseEmbeddingsRequest,
  usage: usageFromEmbeddings,
  estimate(req, model) {
    const { text, tokens } = embeddingsInputText(req);
    return makeUsage({ inputTokens: tokens + estimateTextTokens(text, model), source: 'estimated' });
  },
};
