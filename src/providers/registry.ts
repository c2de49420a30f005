// Provider registry: config provider name → adapter, default base URL, API-key variable and the model-name
// prefixes used when a provider is configured automatically from its key in the environment.
import type { ProviderName } from '../config/schema.js';
import { MarginError } from '../errors/index.js';
import type { ProviderAdapter } from './types.js';

export type AdapterKind = 'openai-compatible' | 'anthropic' | 'gemini';

export interface ProviderInfo {
  name: ProviderName;
  adapter: AdapterKind;
  /** Public endpoint (or the local server's usual address); undefined = must be configured. */
  defaultBaseUrl: string | undefined;
  /** Environment variable read for the API key by default. */
  keyEnv: string | undefined;
  /** Model-name prefixes routed to this provider when it is configured from the environment. */
  modelPrefixes: readonly string[];
  /** Whether a key in the environment alone configures this provider (hosted APIs only). */
  auto: boolean;
}

const p = (
  name: ProviderName,
  adapter: AdapterKind,
  defaultBaseUrl: string | undefined,
  keyEnv: string | undefined,
  modelPrefixes: readonly string[] = [],
  auto = true,
): ProviderInfo => ({ name, adapter, defaultBaseUrl, keyEnv, modelPrefixes, auto });

/** Every provider a config may name, in the order auto-configuration tries them. */
export const PROVIDERS: Readonly<Record<ProviderName, ProviderInfo>> = {
  openai: p('openai', 'openai-compatible', 'https://api.openai.com/v1', 'OPENAI_API_KEY', [
    'gpt-',
    'chatgpt-',
    'o1',
    'o3',
    'o4',
    'text-embedding-',
    'omni-moderation',
  ]),
  anthropic: p('anthropic', 'anthropic', 'https://api.anthropic.com', 'ANTHROPIC_API_KEY', ['claude-']),
  gemini: p('gemini', 'gemini', 'https://generativelanguage.googleapis.com', 'GEMINI_API_KEY', [
    'gemini-',
    'gemma-',
  ]),
  deepseek: p('deepseek', 'openai-compatible', 'https://api.deepseek.com/v1', 'DEEPSEEK_API_KEY', [
    'deepseek-',
  ]),
  together: p('together', 'openai-compatible', 'https://api.together.xyz/v1', 'TOGETHER_API_KEY'),
  groq: p('groq', 'openai-compatible', 'https://api.groq.com/openai/v1', 'GROQ_API_KEY'),
  mistral: p('mistral', 'openai-compatible', 'https://api.mistral.ai/v1', 'MISTRAL_API_KEY', [
    'mistral-',
    'open-mistral-',
    'codestral-',
    'ministral-',
    'magistral-',
    'devstral-',
    'pixtral-',
  ]),
  fireworks: p(
    'fireworks',
    'openai-compatible',
    'https://api.fireworks.ai/inference/v1',
    'FIREWORKS_API_KEY',
    ['accounts/fireworks/'],
  ),
  xai: p('xai', 'openai-compatible', 'https://api.x.ai/v1', 'XAI_API_KEY', ['grok-']),
  vllm: p('vllm', 'openai-compatible', 'http://127.0.0.1:8000/v1', 'VLLM_API_KEY', [], false),
  sglang: p('sglang', 'openai-compatible', 'http://127.0.0.1:30000/v1', 'SGLANG_API_KEY', [], false),
  ollama: p('ollama', 'openai-compatible', 'http://127.0.0.1:11434/v1', undefined, [], false),
  trtllm: p('trtllm', 'openai-compatible', 'http://127.0.0.1:8000/v1', undefined, [], false),
  'openai-compatible': p('openai-compatible', 'openai-compatible', undefined, undefined, [], false),
  // Hosted open-weight inference with OpenAI-compatible APIs, reachable as `<provider>/<model>`.
  cerebras: p('cerebras', 'openai-compatible', 'https://api.cerebras.ai/v1', 'CEREBRAS_API_KEY'),
  sambanova: p('sambanova', 'openai-compatible', 'https://api.sambanova.ai/v1', 'SAMBANOVA_API_KEY'),
  baseten: p('baseten', 'openai-compatible', 'https://inference.baseten.co/v1', 'BASETEN_API_KEY'),
};

/** Providers whose API has `POST /v1/responses` of its own (others get it translated to chat completions). */
export const NATIVE_RESPONSES_API: ReadonlySet<ProviderName> = new Set(['openai']);

function checkAdapter(mod: unknown, kind: AdapterKind): ProviderAdapter {
  const adapter = (mod as { adapter?: Partial<ProviderAdapter> } | null)?.adapter;
  const ok =
    adapter &&
    typeof adapter.buildChatRequest === 'function' &&
    typeof adapter.parseChatResponse === 'function' &&
    typeof adapter.createStreamDecoder === 'function' &&
    typeof adapter.parseError === 'function';
  if (!ok) {
    throw new MarginError(
      'MARGIN_ERR_INTERNAL',
      `provider adapter '${kind}' does not export a valid adapter`,
    );
  }
  return adapter as ProviderAdapter;
}

/** Loads an adapter module on demand (a gateway that only proxies OpenAI never loads the others). */
export async function loadAdapter(kind: AdapterKind): Promise<ProviderAdapter> {
  switch (kind) {
    case 'openai-compatible':
      return checkAdapter(await import('./openai-compatible/index.js'), kind);
    case 'anthropic': {
      const { withNativeAnthropic } = await import('./native-anthropic.js');
      return withNativeAnthropic(checkAdapter(await import('./anthropic/index.js'), kind));
    }
    case 'gemini':
      return checkAdapter(await import('./gemini/index.js'), kind);
  }
}
