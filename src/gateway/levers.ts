// Builds the gateway's hooks from the config: the response cache and provider prompt caching (`cache`: on
// by default for the safe levers), the router (`router`), API keys, rate limits and budgets (`governance` +
// the key database) and the dashboard (when a ledger store is given). A lever that is switched off (or an
// opt-in section that is absent) installs no hook, so it costs nothing per request.
import type { Catalog } from '../catalog/catalog.js';
import { defaultCatalog } from '../catalog/index.js';
import type { GatewayConfig } from '../config/schema.js';
import type { LedgerStore } from '../ledger/store.js';
import { parseLedgerUrl, redact } from '../ledger/url.js';
import { meter } from '../meter/index.js';
import { catalogWithOverrides } from './catalog-layer.js';
import type { GatewayHooks } from './hooks.js';

export interface LeverOptions {
  /** Catalog the router and prompt caching price with (default: the shipped one + config overrides). */
  catalog?: Catalog;
  /** Ledger store behind the dashboard (GET / and /api/*); none = no dashboard. */
  ledgerStore?: LedgerStore;
  /** Environment (MARGIN_KEYS_DB, embedder API keys); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Operational log lines of the levers (default: stderr). */
  log?: (line: string) => void;
}

export interface Levers {
  hooks: GatewayHooks;
  /** One line per lever that is on, for the start-up log. */
  summary: string[];
  /** Closes the cache backends and writes pending budget spend. */
  close(): Promise<void>;
}

/** Where API keys are read from (a path or URL): config, MARGIN_KEYS_DB, the SQLite ledger's file, ./margin.db; or off. */
export function keysDbPath(config: GatewayConfig, env: NodeJS.ProcessEnv): string | undefined {
  const explicit = config.governance.keysDb ?? env.MARGIN_KEYS_DB;
  if (explicit !== undefined && explicit !== '') return explicit === 'off' ? undefined : explicit;
  if (config.ledger.url !== 'off') {
    const target = parseLedgerUrl(config.ledger.url);
    if (target.kind === 'sqlite' && target.path !== ':memory:') return target.path;
  }
  return './margin.db';
}

/** The hooks for `config` (see the module comment). */
export async function createLevers(config: GatewayConfig, options: LeverOptions = {}): Promise<Levers> {
  const env = options.env ?? process.env;
  const catalog = options.catalog ?? catalogWithOverrides(defaultCatalog(), config);
  const hooks: GatewayHooks = {};
  const summary: string[] = [];
  const closers: Array<() => Promise<void> | void> = [];
  const close = async () => {
    for (const c of closers.splice(0)) await c();
  };
  try {
    await install(config, options, env, catalog, hooks, summary, closers);
  } catch (err) {
    await close();
    throw err;
  }
  return { hooks, summary, close };
}

async function install(
  config: GatewayConfig,
  options: LeverOptions,
  env: NodeJS.ProcessEnv,
  catalog: Catalog,
  hooks: GatewayHooks,
  summary: string[],
  closers: Array<() => Promise<void> | void>,
): Promise<void> {
  const c = config.cache;
  if (c.exactCache.enabled || c.semanticCache.enabled) {
    const { createCacheHook } = await import('../cache/gateway-hook.js');
    const cache = createCacheHook(c, {
      env,
      labelFor: (model, usage) => {
        try {
          return meter(model, usage, { catalog });
        } catch {
          return null;
        }
      },
    });
    hooks.cache = cache.hook;
    closers.push(() => cache.close());
    if (c.exactCache.enabled) summary.push(`exact cache (${c.exactCache.backend}, ${c.exactCache.mode})`);
    if (c.semanticCache.enabled)
      summary.push(`semantic cache${c.semanticCache.backend === 'redis' ? ' (shared through Redis)' : ''}`);
  }
  const { createPromptCachingHook } = await import('../cache/prompt-caching/gateway-hook.js');
  const prepare = createPromptCachingHook(c.promptCaching, catalog);
  if (prepare) {
    hooks.prepareUpstream = prepare;
    summary.push(`prompt caching (${prepare.protocols.join(', ')})`);
  }

  if (config.router) {
    const { createRouterHook } = await import('../router/gateway-hook.js');
    const router = createRouterHook(config.router, { catalog });
    if (router) {
      hooks.router = router.hook;
      summary.push(`routes: ${router.router.routes().join(', ')}`);
    }
  }

  const keysDb = keysDbPath(config, env);
  if (keysDb) {
    const { openGovernance } = await import('../governance/gateway-hook.js');
    const g = config.governance;
    const gov = await openGovernance(keysDb, {
      ...(g.redis ? { redis: { url: g.redis, keyPrefix: g.redisKeyPrefix } } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    if (gov) {
      hooks.authenticate = gov.authenticate;
      hooks.identify = gov.identify;
      hooks.authenticateAs = gov.authenticateAs;
      hooks.budget = gov.budget;
      const shared = gov.shared;
      if (shared) {
        hooks.gauges = [
          ...(hooks.gauges ?? []),
          {
            name: 'margin_shared_limits_up',
            help: 'Budgets and rate limits are shared through Redis (1), or enforced by this replica alone while Redis is unreachable (0).',
            value: () => (shared.up ? 1 : 0),
          },
        ];
      }
      closers.push(() => gov.close());
      summary.push(
        `API keys required (${gov.activeKeys} active in ${redact(keysDb)}); limits ${
          g.redis
            ? `shared through ${redact(g.redis)}`
            : 'per process (set governance.redis to share them between replicas)'
        }`,
      );
    }
  }

  if (options.ledgerStore) {
    const { ledgerDashboard } = await import('../report/dashboard-handler.js');
    hooks.dashboard = ledgerDashboard(options.ledgerStore, { catalog });
    summary.push('dashboard at /');
  }
}
