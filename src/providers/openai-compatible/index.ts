// The adapter shared by every OpenAI-compatible upstream: OpenAI, DeepSeek, Together, Groq, Mistral,
// Fireworks, xAI, and self-hosted vLLM, SGLang, TensorRT-LLM and Ollama servers.

import { MarginError } from '../../errors/index.js';
import { chatResponseFromJson } from '../../protocols/openai-chat/response.js';
import { usageFromOpenAI } from '../../protocols/openai-chat/usage.js';
import type { ProviderAdapter } from '../types.js';
import { parseOpenAIError } from './errors.js';
import { buildChatHttpRequest, buildChatRequest } from './request.js';
import { OpenAIStreamDecoder } from './stream.js';

export { endpointPath, upstreamHeaders } from './http.js';
export { OpenAIStreamDecoder } from './stream.js';

export const adapter: ProviderAdapter = {
  id: 'openai-compatible',
  protocol: 'openai',
  buildChatRequest,
  buildNativeRequest: buildChatHttpRequest,
  parseChatResponse(body) {
    const response = chatResponseFromJson(body);
    if (!response) {
      throw new MarginError(
        'MARGIN_ERR_UPSTREAM_BAD_RESPONSE',
        'The upstream returned a body that is not a chat completion (no choices array).',
      );
    }
    return { response, usage: usageFromOpenAI(response.usage) };
  },
  createStreamDecoder: () => new OpenAIStreamDecoder(),
  parseError: parseOpenAIError,
};
