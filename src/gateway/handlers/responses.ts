// POST /v1/responses: native pass-through of the OpenAI Responses API (JSON and SSE) with usage accounting.
import {
  parseResponsesRequest,
  type ResponsesRequest,
  responsesInputText,
} from '../../protocols/openai-responses/request.js';
import { ResponsesStreamUsage, usageFromResponse } from '../../protocols/openai-responses/usage.js';
import { estimatedUsage, estimateTextTokens } from '../estimate.js';
import type { OpenAIOnlyEndpoint } from './openai-only.js';

export const responsesEndpoint: OpenAIOnlyEndpoint<ResponsesRequest> = {
  path: '/responses',
  parse: parseResponsesRequest,
  isStream: (req) => req.stream === true,
  usage: usageFromResponse,
  estimate: (req, model, outputText, reported) =>
    estimatedUsage(
      () => estimateTextTokens(responsesInputText(req), model),
      estimateTextTokens(outputText, model),
      reported,
    ),
  tracker: () => new ResponsesStreamUsage(),
};
