// Plugs the exact and semantic caches into the gateway's cache hook (lifecycle stages 3 and 11): lookup
// before routing, store after the response was sent. Cache trouble never fails a request: it is a miss.

import { defaultCatalog } from '../catalog/index.js';
import type {
  CachedHit,
  CacheEntry as GatewayEntry,
  GatewayHooks,
  RequestContext,
} from '../gateway/hooks.js';
import { type Label, meter } from '../meter/index.js';
import type { Usage } from '../meter/usage.js';
import type { ChatResponse } from '../protocols/canonical.js';
import type { CacheConfig } from './config.js';
import type { CacheEntry } from './entry.js';
import { ExactCache, type ExactLookup } from './exact/exact-cache.js';
import { parseCacheDirective } from './policy.js';
import type { Embedder } from './semantic/embedder.js';
import { OffThreadEmbedder } from './semantic/off-thread-embedder.js';
import { ProviderEmbedder } from './semantic/provider-embedder.js';
import { RedisSemanticShare } from './semantic/redis-share.js';
import { SemanticCache, type SemanticHit, type SemanticLookup } from './semantic/semantic-cache.js';
import { createWarner, type Warner } from './warn.js';

export interface CacheHookOptions {
  warner?: Warner;
  now?: () => number;
  /** Replaces the configured embedder (tests). */
  embedder?: Embedder;
  env?: NodeJS.ProcessEnv;
  /** Label of the original answer (default: the shipped catalog's meter; null for unknown models). */
  labelFor?: (model: string, usage: Usage) => Label | null;
}

export interface CacheHook {
  hook: NonNullable<GatewayHooks['cache']>;
  exact: ExactCache;
  semantic: SemanticCache | undefined;
  /** With `semanticCache.backend: redis`: the entries shared with other replicas. */
  share: RedisSemanticShare | undefined;
  close(): Promise<void>;
}

interface InFlight {
  exact: ExactLookup;
  semantic: SemanticLookup | undefined;
}

/** Semantic hits remembered by request id, so that `/v1/feedback` on one can teach its entry (bounded). */
const SERVED_KEPT = 10_000;

/** The text of a cached chat answer (first choice), or undefined when it is not plain text. */
function answerText(response: unknown): string | undefined {
  const choice = (response as { choices?: Array<{ message?: { content?: unknown } }> })?.choices?.[0];
  const c = choice?.message?.content;
  return typeof c === 'string' ? c.trim() : undefined;
}

function defaultLabel(model: string, usage: Usage): Label | null {
  try {
    return meter(model, usage, { catalog: defaultCatalog() });
  } catch {
    return null;
  }
}

function embedderFor(config: CacheConfig, env: NodeJS.ProcessEnv): Embedder {
  const e = config.semanticCache.embedder;
  if (e.kind === 'local') return new OffThreadEmbedder({ dim: e.dim });
  return new ProviderEmbedder({
    baseUrl: e.baseUrl,
    model: e.model,
    apiKey: e.apiKeyEnv ? env[e.apiKeyEnv] : undefined,
    timeoutMs: e.timeoutMs,
  });
}

/** Builds the gateway cache hook from parsed cache config. */
export function createCacheHook(config: CacheConfig, options: CacheHookOptions = {}): CacheHook {
  const warner = options.warner ?? createWarner();
  const now = options.now ?? Date.now;
  const labelFor = options.labelFor ?? defaultLabel;
  const exact = new ExactCache(config.exactCache, { warner, now });
  // An embedder made here (not passed in) is closed with the hook: the local one owns worker threads.
  const ownEmbedder =
    config.semanticCache.enabled && !options.embedder
      ? embedderFor(config, options.env ?? process.env)
      : undefined;
  const semantic = config.semanticCache.enabled
    ? new SemanticCache(config.semanticCache, {
        embedder: options.embedder ?? (ownEmbedder as Embedder),
        now,
      })
    : undefined;
  const share =
    semantic && config.semanticCache.backend === 'redis'
      ? new RedisSemanticShare(semantic, {
          ...config.semanticCache.redis,
          maxEntries: config.semanticCache.maxEntriesPerNamespace,
          warner,
        })
      : undefined;
  const pending = new WeakMap<RequestContext, InFlight>();
  const served = new Map<string, SemanticHit>();

  const hit = (kind: CachedHit['kind'], e: CacheEntry, ctx: RequestContext): CachedHit => ({
    kind,
    response: e.response as unknown as ChatResponse,
    usage: e.usage,
    model: e.servedModel ?? ctx.requestedModel,
    provider: e.provider ?? 'cache',
  });

  const hook: CacheHook['hook'] = {
    async lookup(ctx) {
      if (!ctx.request) return undefined;
      const directive = parseCacheDirective(ctx.headers['x-margin-cache']);
      const body = ctx.request as unknown as Record<string, unknown>;
      const req = {
        tenant: ctx.tenant,
        protocol: ctx.clientProtocol,
        model: ctx.requestedModel,
        body,
        directive,
      };
      const ex = await exact.lookup(req);
      if (ex.entry) return hit('exact', ex.entry, ctx);
      let sem: SemanticLookup | undefined;
      if (semantic?.appliesTo(ctx.requestedModel) && directive !== 'no-store') {
        try {
          sem = await semantic.lookup(body, ctx.tenant, ctx.clientProtocol);
        } catch (err) {
          warner.warn(
            'cache.semantic',
            `Margin semantic cache: lookup failed (${(err as Error).message}); serving without it`,
          );
        }
        if (sem?.hit && directive !== 'no-cache') {
          pending.set(ctx, { exact: ex, semantic: undefined });
          served.set(ctx.id, sem.hit);
          if (served.size > SERVED_KEPT) served.delete(served.keys().next().value as string);
          return hit('semantic', sem.hit.entry, ctx);
        }
      }
      if (ex.key !== undefined || sem) pending.set(ctx, { exact: ex, semantic: sem });
      return undefined;
    },
    willStore: (ctx) => pending.has(ctx),
    store(ctx, answer: GatewayEntry) {
      const p = pending.get(ctx);
      if (!p) return;
      pending.delete(ctx);
      const stored = {
        response: answer.response as unknown as Record<string, unknown>,
        usage: answer.usage,
        label: labelFor(answer.model, answer.usage),
        servedModel: answer.model,
        provider: answer.provider,
      };
      exact.store(p.exact, ctx.clientProtocol, stored).catch((err: unknown) => {
        warner.warn('cache.exact', `Margin exact cache: store failed (${(err as Error).message})`);
      });
      // Verified reuse: a near-miss that went upstream and got its candidate's answer back.
      const near = p.semantic?.nearMiss;
      if (near) {
        const fresh = answerText(answer.response);
        if (fresh !== undefined && fresh === answerText(near.entry.response)) near.gate.right(near.score);
      }
      if (p.semantic && semantic) {
        const shared = semantic.store(p.semantic, {
          protocol: ctx.clientProtocol,
          ...stored,
          createdAt: now(),
        });
        share?.publish(shared);
      }
    },
    feedback(requestId, score) {
      const h = served.get(requestId);
      if (!h) return false;
      served.delete(requestId);
      if (score >= 0.5) h.gate.right(h.score);
      else h.gate.wrong(h.score);
      return true;
    },
  };
  return {
    hook,
    exact,
    semantic,
    share,
    close: async () => {
      await exact.close();
      await share?.close();
      await ownEmbedder?.close?.();
    },
  };
}
