// Plug points of the request lifecycle (see README-lifecycle.md): authentication, the response cache, the
// router, budgets and upstream-body preparation are separate modules that the gateway calls at fixed
// stages; each hook is optional, and an absent hook costs one branch per request.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Endpoint } from '../ledger/record.js';
import type { Usage } from '../meter/usage.js';
import type { ChatRequest, ChatResponse } from '../protocols/canonical.js';
import type { WireProtocol } from '../providers/types.js';

/** What a hook may read about the request in flight. */
export interface RequestContext {
  /** `x-margin-request-id`. */
  readonly id: string;
  readonly endpoint: Endpoint;
  /** Wire protocol the client speaks (`/v1/messages` = anthropic). */
  readonly clientProtocol: 'openai' | 'anthropic' | 'gemini';
  readonly headers: IncomingHttpHeaders;
  /** Canonical chat request (chat endpoints only; undefined before parsing and on other endpoints). */
  readonly request: ChatRequest | undefined;
  /** Model name the client asked for. */
  readonly requestedModel: string;
  /** Set by the authenticate hook. */
  readonly keyId: string | null;
  readonly tenant: string | null;
  /** Set by the authenticate hook: the caller's key is an admin key. */
  readonly admin: boolean;
}

/** Who is calling, as established by the authenticate hook. */
export interface Principal {
  keyId: string;
  tenant: string | null;
  /** An admin key: may read the dashboard, /api/*, /metrics and every tenant's requests. */
  admin?: boolean;
  /** The caller's output cap (tokens), enforced upstream and used by its reservations. */
  maxOutputTokens?: number;
}

/** Who may read the admin surface: everyone (no keys), an admin, or one tenant (its own data only). */
export type AdminScope = { kind: 'all' } | { kind: 'tenant'; tenant: string | null };

/** A response served from the cache instead of the upstream. */
export interface CachedHit {
  kind: 'exact' | 'semantic';
  response: ChatResponse;
  /** Usage of the original response (what the hit avoided paying for). */
  usage: Usage;
  /** Catalog id (or upstream model name) the original was served by. */
  model: string;
  provider: string;
}

/** A complete, successful chat response offered to the cache after it was served. */
export interface CacheEntry {
  response: ChatResponse;
  usage: Usage;
  model: string;
  provider: string;
}

/** Cheap-model-first plan (non-streaming chat): check the cheap answer, escalate when a check fails. */
export interface CascadePlan {
  /** Model name served when the cheap answer fails a check. */
  escalateTo: string;
  checks: ReadonlyArray<'format' | 'refusal' | 'logprobs' | 'verifier'>;
  /** `logprobs` check: escalate when the mean token logprob of the cheap answer is below this. */
  minMeanLogprob: number;
  /** `verifier` check: a second cheap model whose multiple-choice answer must agree. */
  verifier?: string;
}

/** A router's choice among the configured models. */
export interface RouteDecision {
  /** A model name from the config's `models` list. */
  model: string;
  /** Replaces the chosen model's own fallback list when given. */
  fallbacks?: string[];
  /** Policy name and reason, recorded in the ledger's `route` column; the policy is sent as `x-margin-route`. */
  policy: string;
  reason: string;
  /**
   * Structured facts about the decision, merged into the ledger's route JSON (e.g. the learned router's
   * `route`, `cluster`, `reference`, `routerModel`, which feedback retraining reads). Never prompt text.
   */
  detail?: Record<string, string | number | boolean>;
  /** Present for cascades (see handlers/cascade.ts). */
  cascade?: CascadePlan;
}

/** The upstream a body is about to be sent to (stage 5a). */
export interface UpstreamInfo {
  /** Config provider name (`openai`, `anthropic`, `openai-compatible`, …). */
  provider: string;
  /** Wire protocol of the body. */
  protocol: WireProtocol;
  /** Model id sent upstream. */
  upstreamModel: string;
}

/** A budget reservation held while a request runs; settled exactly once when its ledger record is made. */
export interface BudgetHold {
  /**
   * Books `actualUsd` (the metered cost; 0 on errors) and the tokens used (prompt + output), releasing
   * what was reserved.
   */
  settle(actualUsd: number, tokens: number): void;
}

/** What a request may cost at most (stage 4b), computed only when a budget or tokens/min limit asks. */
export interface WorstCase {
  /** Prompt at the dearest input rate + the most output it can produce, for the dearest candidate. */
  usd(): number;
  /** Prompt tokens of the first candidate (a tokens/min limit takes these at admission). */
  promptTokens(): number;
}

/** A Prometheus gauge a lever adds to /metrics. */
export interface Gauge {
  name: string;
  help: string;
  value(): number;
}

/**
 * Serves `/` and `/api/*` (the dashboard); returns false to let the gateway answer 404. The gateway has
 * already checked the caller; a tenant scope limits `/api/*` answers to that tenant's records.
 */
export type DashboardHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  scope: AdminScope,
) => boolean | Promise<boolean>;

export interface GatewayHooks {
  /**
   * Stage 2. Returns the caller, or undefined for an anonymous request; throws a MarginError
   * (MARGIN_ERR_UNAUTHENTICATED, MARGIN_ERR_BUDGET_EXHAUSTED, …) to refuse it.
   */
  authenticate?(ctx: RequestContext): Promise<Principal | undefined>;
  /**
   * The caller with key id `keyId`, for work it queued earlier (batch lines, deferred requests) run by the
   * gateway itself: no secret and no per-minute request limit; throws for a revoked or unknown key. Installed
   * together with `authenticate`.
   */
  authenticateAs?(ctx: RequestContext, keyId: string): Promise<Principal | undefined>;
  /**
   * The caller a secret belongs to, without taking from its rate limit (the admin surface: `/`, `/api/*`,
   * `/metrics`); undefined for an unknown or revoked secret. Installed together with `authenticate`.
   */
  identify?(secret: string): Promise<Principal | undefined>;
  /** Stages 3 and 11, chat endpoints only. `store` must not block: it is called after the response is sent. */
  cache?: {
    lookup(ctx: RequestContext): Promise<CachedHit | undefined>;
    /**
     * After a missed lookup: whether `store` would keep this request's answer. False lets the gateway skip
     * assembling the answer (a non-deterministic request costs nothing extra); absent = always true.
     */
    willStore?(ctx: RequestContext): boolean;
    store(ctx: RequestContext, entry: CacheEntry): void;
    /**
     * A caller's score (0 … 1) for an answer this replica served from the semantic cache (`/v1/feedback`):
     * teaches that entry's own threshold. Returns whether the request was such an answer.
     */
    feedback?(requestId: string, score: number): boolean;
  };
  /** Stage 4, chat endpoints only. Undefined = use the requested model as configured. */
  router?: {
    resolve(ctx: RequestContext): Promise<RouteDecision | undefined>;
    /** Virtual model names (listed by GET /v1/models). */
    routes?(): string[];
    /** Every model a route may send to, with the config field naming it (checked against the models at start). */
    targets?(): Array<{ field: string; model: string }>;
  };
  /**
   * Stage 4b, after routing and before the upstream call. `worst` prices the request's worst case (prompt
   * tokens at the dearest input price + the most output it can produce at the output price: its max
   * tokens, the output cap, else the model's output limit); call it only when needed. Returns a hold that is
   * settled with the metered cost, or throws (429 `insufficient_quota`, 429 `rate_limit_exceeded`).
   */
  budget?(ctx: RequestContext, worst: WorstCase): Promise<BudgetHold | undefined>;
  /**
   * Stage 5a: rewrites the upstream JSON body just before it is sent (provider prompt caching). Only bodies
   * whose wire protocol is listed in `protocols` are parsed and offered; return undefined to send as is.
   */
  prepareUpstream?: {
    protocols: readonly WireProtocol[];
    prepare(
      ctx: RequestContext,
      target: UpstreamInfo,
      body: Record<string, unknown>,
    ): Record<string, unknown> | undefined;
  };
  /** Dashboard and JSON API slot. */
  dashboard?: DashboardHandler;
  /** Gauges added to /metrics (e.g. whether shared limits are reachable). */
  gauges?: readonly Gauge[];
}
