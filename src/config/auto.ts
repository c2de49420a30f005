// Zero-config sources: `--upstream <url>` (every model to one OpenAI-compatible server) and provider keys
// found in the environment (each hosted provider configured with its model-name prefixes).
import { PROVIDERS } from '../providers/registry.js';
import type { GatewayConfig, ModelConfig, ProviderName } from './schema.js';

const model = (name: string, provider: ProviderName, extra: Partial<ModelConfig> = {}): ModelConfig => ({
  name,
  provider,
  headers: {},
  fallbacks: [],
  ...extra,
});

/** The config with every model (`*`) proxied to one OpenAI-compatible base URL. */
export function upstreamConfig(base: GatewayConfig, baseUrl: string): GatewayConfig {
  return { ...base, models: [model('*', 'openai-compatible', { baseUrl: baseUrl.replace(/\/+$/, '') })] };
}

/** Model entries for every hosted provider whose API key is set in `env` (prefix patterns, e.g. `claude-*`). */
export function autoModelsFromEnv(env: NodeJS.ProcessEnv): ModelConfig[] {
  const out: ModelConfig[] = [];
  for (const info of Object.values(PROVIDERS)) {
    if (!info.auto || !info.keyEnv || !env[info.keyEnv]) continue;
    if (info.modelPrefixes.length === 0) {
      // No distinctive model names (Together, Groq): reachable by catalog provider only.
      out.push(model(`${info.name}/*`, info.name));
      continue;
    }
    for (const prefix of info.modelPrefixes) out.push(model(`${prefix}*`, info.name));
  }
  return out;
}

/** The config with models configured from provider keys in `env`; unchanged when none is set. */
export function autoConfigFromEnv(base: GatewayConfig, env: NodeJS.ProcessEnv): GatewayConfig {
  const models = autoModelsFromEnv(env);
  return models.length ? { ...base, models } : base;
}
