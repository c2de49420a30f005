// Request → OpenTelemetry attributes: the GenAI semantic conventions' names (gen_ai.*) for what they
// cover, Margin's own (margin.*) for cost, energy, CO2e, cache and tenancy. Pure: no OTel import.
import type { Endpoint, LedgerRecord } from '../ledger/record.js';
import type { ChatRequest } from '../protocols/canonical.js';

export type AttrValue = string | number | boolean;
export type Attrs = Record<string, AttrValue>;

/** `gen_ai.operation.name` for each gateway endpoint. */
const OPERATION: Partial<Record<Endpoint, string>> = {
  'chat.completions': 'chat',
  messages: 'chat',
  responses: 'chat',
  generate_content: 'generate_content',
  embeddings: 'embeddings',
  embed_content: 'embeddings',
};

export function operationName(endpoint: Endpoint): string {
  return OPERATION[endpoint] ?? endpoint;
}

/** `gen_ai.provider.name`: the convention's well-known values where Margin's provider maps to one. */
const PROVIDER: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  gemini: 'gcp.gemini',
  google: 'gcp.gemini',
  'vertex-ai': 'gcp.vertex_ai',
  bedrock: 'aws.bedrock',
  'azure-openai': 'azure.ai.openai',
  deepseek: 'deepseek',
  groq: 'groq',
  mistral: 'mistral_ai',
  xai: 'x_ai',
  perplexity: 'perplexity',
  cohere: 'cohere',
};

export function providerName(provider: string | null): string {
  if (!provider) return 'margin';
  return PROVIDER[provider] ?? provider;
}

/** Attributes shared by the span and the metrics (low cardinality: no ids, no tenant). */
export function metricAttributes(r: LedgerRecord): Attrs {
  const a: Attrs = {
    'gen_ai.operation.name': operationName(r.endpoint),
    'gen_ai.provider.name': providerName(r.provider),
    'gen_ai.request.model': r.requestedModel,
  };
  if (r.servedModel) a['gen_ai.response.model'] = r.servedModel;
  if (r.errorCode || r.status >= 400) a['error.type'] = r.errorCode ?? String(r.status);
  return a;
}

/** Every attribute of the request's span. */
export function spanAttributes(r: LedgerRecord, request: ChatRequest | undefined): Attrs {
  const a = metricAttributes(r);
  const u = r.usage;
  a['gen_ai.usage.input_tokens'] = u.inputTokens;
  a['gen_ai.usage.output_tokens'] = u.outputTokens;
  if (u.cacheReadTokens) a['gen_ai.usage.cache_read.input_tokens'] = u.cacheReadTokens;
  const writes = u.cacheWrite5mTokens + u.cacheWrite1hTokens;
  if (writes) a['gen_ai.usage.cache_creation.input_tokens'] = writes;
  if (u.reasoningTokens) a['gen_ai.usage.reasoning.output_tokens'] = u.reasoningTokens;
  if (request) {
    if (typeof request.max_tokens === 'number') a['gen_ai.request.max_tokens'] = request.max_tokens;
    else if (typeof request.max_completion_tokens === 'number')
      a['gen_ai.request.max_tokens'] = request.max_completion_tokens;
    if (typeof request.temperature === 'number') a['gen_ai.request.temperature'] = request.temperature;
    if (typeof request.top_p === 'number') a['gen_ai.request.top_p'] = request.top_p;
    if (typeof request.seed === 'number') a['gen_ai.request.seed'] = request.seed;
  }
  a['http.response.status_code'] = r.status;
  a['margin.request.id'] = r.id;
  a['margin.endpoint'] = r.endpoint;
  a['margin.streamed'] = r.streamed;
  a['margin.cache'] = r.cache;
  a['margin.usage.source'] = u.source;
  a['margin.cost.usd'] = r.costUsd.total;
  a['margin.energy.wh'] = r.energyWh;
  a['margin.co2e.g'] = r.co2eG;
  if (r.energyWhLow !== undefined) a['margin.energy.wh_low'] = r.energyWhLow;
  if (r.energyWhHigh !== undefined) a['margin.energy.wh_high'] = r.energyWhHigh;
  if (r.co2eMarketG !== undefined) a['margin.co2e.market_g'] = r.co2eMarketG;
  if (r.co2eEmbodiedG !== undefined) a['margin.co2e.embodied_g'] = r.co2eEmbodiedG;
  if (r.savedUsd) a['margin.saved.usd'] = r.savedUsd;
  if (r.savedEnergyWh) a['margin.saved.energy_wh'] = r.savedEnergyWh;
  if (r.tenant) a['margin.tenant'] = r.tenant;
  if (r.keyId) a['margin.key.id'] = r.keyId;
  if (r.route) a['margin.route'] = r.route;
  if (r.ttftMs !== null) a['margin.ttft_ms'] = r.ttftMs;
  if (r.clientAborted) a['margin.client_aborted'] = true;
  return a;
}
