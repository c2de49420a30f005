// Plug points of the request lifecycle (see README-lifecycle.md): authentication, the response cache and
// the router are separate modules that the gateway calls at fixed stages; each hook is optional.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Endpoint } from '../ledger/record.js';
import type { Usage } from '../meter/usage.js';
import type { ChatRequest, ChatResponse } from '../protocols/canonical.js';

/** What a hook may read about the request in flight. */
export interface RequestContext {
  /** `x-margin-request-id`. */
  readonly id: string;
  readonly endpoint: Endpoint;
  /** Wire protocol the client speaks (`/v1/messages` = anthropic). */
  readonly clientProtocol: 'openai' | 'anthropic';
  readonly headers: IncomingHttpHeaders;
  /** Canonical chat request (chat endpoints only; undefined before parsing and on other endpoints). */
  readonly request: ChatRequest | undefined;
  /** Model name the client asked for. */
  readonly requestedModel: string;
  /** Set by the authenticate hook. */
  readonly keyId: string | null;
  readonly tenant: string | null;
}

/** Who is calling, as established by the authenticate hook. */
export interface Principal {
  keyId: string;
  tenant: string | null;
}

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

/** A router's choice among the configured models. */
export interface RouteDecision {
  /** A model name from the config's `models` list. */
  model: string;
  /** Replaces the chosen model's own fallback list when given. */
  fallbacks?: string[];
  /** Policy name and reason, recorded in the ledger's `route` column. */
  policy: string;
  reason: string;
}

/** Serves `/` and `/api/*` (the dashboard); returns false to let the gateway answer 404. */
export type DashboardHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export interface GatewayHooks {
  /**
   * Stage 2. Returns the caller, or undefined for an anonymous request; throws a MarginError
   * (MARGIN_ERR_UNAUTHENTICATED, MARGIN_ERR_BUDGET_EXHAUSTED, …) to refuse it.
   */
  authenticate?(ctx: RequestContext): Promise<Principal | undefined>;
  /** Stages 3 and 11, chat endpoints only. `store` must not block: it is called after the response is sent. */
  cache?: {
    lookup(ctx: RequestContext): Promise<CachedHit | undefined>;
    store(ctx: RequestContext, entry: CacheEntry): void;
  };
  /** Stage 4, chat endpoints only. Undefined = use the requested model as configured. */
  router?: {
    resolve(ctx: RequestContext): Promise<RouteDecision | undefined>;
  };
  /** Dashboard and JSON API slot. */
  dashboard?: DashboardHandler;
}
