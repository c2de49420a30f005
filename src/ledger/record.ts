// One ledger record per request, success or error: what was asked, what served it, what it cost.
import type { CostBreakdown, Usage } from '../meter/index.js';

/** Longest model name kept in a record: clients are refused longer ones, upstream names are cut to it. */
export const MAX_MODEL_NAME = 256;

/** A model name cut to MAX_MODEL_NAME characters (an upstream may answer with any `model` string). */
export function capModelName<T extends string | null>(name: T): T {
  return (name !== null && name.length > MAX_MODEL_NAME ? name.slice(0, MAX_MODEL_NAME) : name) as T;
}

export type CacheStatus = 'miss' | 'exact' | 'semantic' | 'bypass';
export type Endpoint =
  | 'chat.completions'
  | 'messages'
  | 'embeddings'
  | 'responses'
  | 'models'
  | 'other'
  /** Gemini generateContent / streamGenerateContent, embedContent; Anthropic and Gemini token counts. */
  | 'generate_content'
  | 'embed_content'
  | 'count_tokens';

export interface LedgerRecord {
  /** `x-margin-request-id`, unique. */
  id: string;
  /** Request start, milliseconds since the epoch. */
  ts: number;
  keyId: string | null;
  tenant: string | null;
  endpoint: Endpoint;
  /** Model name the client asked for (may be a virtual/routed name). */
  requestedModel: string;
  /** Model that actually served the request (catalog id where known). */
  servedModel: string | null;
  provider: string | null;
  /** HTTP status returned to the client. */
  status: number;
  /** Stable error code (MARGIN_ERR_* or the upstream's code) when status ≥ 400. */
  errorCode: string | null;
  streamed: boolean;
  usage: Usage;
  costUsd: CostBreakdown;
  energyWh: number;
  co2eG: number;
  cache: CacheStatus;
  /** Dollars / energy / CO2e a cache hit avoided (0 on a miss). */
  savedUsd: number;
  savedEnergyWh: number;
  savedCo2eG: number;
  /** Why this model was chosen (policy name and reason), JSON text or null. */
  route: string | null;
  /** Total latency, milliseconds. */
  latencyMs: number;
  /** Time to first byte/token for the client, milliseconds (null for errors before any byte). */
  ttftMs: number | null;
  /** True when the client disconnected before the response finished. */
  clientAborted: boolean;
  /** Energy bounds (Wh) and the market-based and embodied CO2e (g) of the label, when it was priced. */
  energyWhLow?: number | undefined;
  energyWhHigh?: number | undefined;
  co2eMarketG?: number | undefined;
  co2eEmbodiedG?: number | undefined;
  /**
   * Prompt-prefix fingerprints (src/ledger/prefix.ts): 12-hex-character hashes of the first ~1k, 2k, 4k,
   * 8k and 16k tokens of the prompt, as far as it reaches; never prompt text. Read by `margin advise`.
   */
  prefixHashes?: string[] | undefined;
  /** Deferred work (batch lines, `x-margin-defer`): the job, how it ran, and what running it at once would
   * have cost and emitted (the deferral lever's counterfactual). */
  jobId?: string | undefined;
  deferralMode?: string | undefined;
  immediateUsd?: number | undefined;
  immediateCo2eG?: number | undefined;
}
