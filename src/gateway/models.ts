// The model table: client model names → configured upstream targets. Exact names first, then prefix
// patterns (`claude-*`, `*`), then `provider/*` entries matched through the catalog's provider of a model.
import type { Catalog } from '../catalog/catalog.js';
import type { GatewayConfig, ModelConfig, ProviderName } from '../config/schema.js';
import { MarginError } from '../errors/index.js';
import { loadAdapter, NATIVE_RESPONSES_API, PROVIDERS } from '../providers/registry.js';
import type { ProviderAdapter, UpstreamTarget } from '../providers/types.js';

/** One configured upstream, ready to call. */
export interface ResolvedModel {
  /** The config entry's name (a pattern for pattern entries). */
  name: string;
  provider: ProviderName;
  adapter: ProviderAdapter;
  target: UpstreamTarget;
  /** `scheme://host:port` of the base URL (one connection pool per origin). */
  origin: string;
  /** Catalog id of the config's price override, when it has one. */
  priceId: string | undefined;
  fallbacks: readonly string[];
  /** How /v1/responses reaches it: the upstream's own Responses API, or translated to chat completions. */
  responsesApi: 'native' | 'translate';
}

interface Entry {
  cfg: ModelConfig;
  adapter: ProviderAdapter;
  baseUrl: string;
  apiKey: string | undefined;
  /** For patterns: the prefix before `*`. */
  prefix: string | undefined;
  /** Fixed target for exact entries. */
  fixed: ResolvedModel | undefined;
}

const CACHE_LIMIT = 4096;

export class ModelTable {
  private readonly exact = new Map<string, Entry>();
  private readonly patterns: Entry[] = [];
  private readonly providerWide = new Map<string, Entry>();
  private readonly resolved = new Map<string, ResolvedModel | null>();

  private constructor(
    private readonly catalog: Catalog,
    readonly entries: readonly Entry[],
  ) {
    for (const e of entries) {
      if (e.prefix === undefined) this.exact.set(e.cfg.name, e);
      else if (e.prefix.endsWith('/') && e.prefix.slice(0, -1) === e.cfg.provider)
        this.providerWide.set(e.cfg.provider, e);
      else this.patterns.push(e);
    }
    this.patterns.sort((a, b) => (b.prefix?.length ?? 0) - (a.prefix?.length ?? 0));
  }

  /** Builds the table: loads the adapters it needs and reads API keys from `env` (fails fast when missing). */
  static async build(config: GatewayConfig, catalog: Catalog, env: NodeJS.ProcessEnv): Promise<ModelTable> {
    const adapters = new Map<string, ProviderAdapter>();
    const entries: Entry[] = [];
    for (const [i, cfg] of config.models.entries()) {
      const info = PROVIDERS[cfg.provider];
      let adapter = adapters.get(info.adapter);
      if (!adapter) {
        adapter = await loadAdapter(info.adapter);
        adapters.set(info.adapter, adapter);
      }
      const baseUrl = (cfg.baseUrl ?? info.defaultBaseUrl ?? '').replace(/\/+$/, '');
      const keyEnv = cfg.apiKeyEnv ?? info.keyEnv;
      const apiKey = keyEnv ? env[keyEnv] || undefined : undefined;
      if (!apiKey && info.auto && !cfg.baseUrl && keyEnv) {
        throw new MarginError(
          'MARGIN_ERR_CONFIG',
          `config models[${i}] (${cfg.name}): environment variable ${keyEnv} is not set (provider ${cfg.provider} needs an API key)`,
        );
      }
      if (cfg.apiKeyEnv && !apiKey) {
        throw new MarginError(
          'MARGIN_ERR_CONFIG',
          `config models[${i}].apiKeyEnv: environment variable ${cfg.apiKeyEnv} is not set`,
        );
      }
      const star = cfg.name.endsWith('*');
      const entry: Entry = {
        cfg,
        adapter,
        baseUrl,
        apiKey,
        prefix: star ? cfg.name.slice(0, -1) : undefined,
        fixed: undefined,
      };
      if (!star) entry.fixed = makeResolved(entry, cfg.upstreamModel ?? cfg.name);
      entries.push(entry);
    }
    return new ModelTable(catalog, entries);
  }

  /** True when every name is accepted (a `*` entry, as with `--upstream` or the emulator). */
  get acceptsAnyModel(): boolean {
    return this.patterns.some((p) => p.prefix === '');
  }

  /** The target for a client model name, or undefined when no entry matches. */
  resolve(name: string): ResolvedModel | undefined {
    const hit = this.resolved.get(name);
    if (hit !== undefined) return hit ?? undefined;
    const found = this.lookup(name);
    if (this.resolved.size >= CACHE_LIMIT) this.resolved.clear();
    this.resolved.set(name, found ?? null);
    return found;
  }

  private lookup(name: string): ResolvedModel | undefined {
    const exact = this.exact.get(name);
    if (exact) return exact.fixed;
    for (const p of this.patterns) {
      const prefix = p.prefix ?? '';
      if (name.startsWith(prefix)) return makeResolved(p, p.cfg.upstreamModel ?? name);
    }
    // `together/meta-llama/…` → the `together/*` entry, prefix stripped.
    const slash = name.indexOf('/');
    if (slash > 0) {
      const wide = this.providerWide.get(name.slice(0, slash));
      if (wide) return makeResolved(wide, wide.cfg.upstreamModel ?? name.slice(slash + 1));
    }
    // A catalog model of a provider configured provider-wide (e.g. a Groq model id with GROQ_API_KEY).
    const provider = this.catalog.prices.find(name)?.provider;
    const wide = provider ? this.providerWide.get(provider) : undefined;
    return wide ? makeResolved(wide, wide.cfg.upstreamModel ?? name) : undefined;
  }

  /** Exact configured names, in config order. */
  names(): string[] {
    return this.entries.filter((e) => e.prefix === undefined).map((e) => e.cfg.name);
  }

  /** Pattern entries (for listing models). */
  patternEntries(): ReadonlyArray<{
    prefix: string;
    provider: ProviderName;
    target: UpstreamTarget;
    origin: string;
  }> {
    return this.entries
      .filter((e) => e.prefix !== undefined)
      .map((e) => {
        const r = makeResolved(e, '');
        return { prefix: e.prefix ?? '', provider: e.cfg.provider, target: r.target, origin: r.origin };
      });
  }
}

function makeResolved(e: Entry, upstreamModel: string): ResolvedModel {
  return {
    name: e.cfg.name,
    provider: e.cfg.provider,
    adapter: e.adapter,
    target: { baseUrl: e.baseUrl, apiKey: e.apiKey, upstreamModel, headers: e.cfg.headers },
    origin: new URL(e.baseUrl).origin,
    priceId: e.cfg.price ? priceOverrideId(e.cfg.name) : undefined,
    fallbacks: e.cfg.fallbacks,
    responsesApi: e.cfg.responsesApi ?? (NATIVE_RESPONSES_API.has(e.cfg.provider) ? 'native' : 'translate'),
  };
}

/** Catalog id under which a config price override is registered. */
export function priceOverrideId(name: string): string {
  return `margin-config/${name}`;
}
