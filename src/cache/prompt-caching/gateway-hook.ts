// Provider prompt caching in the gateway (lifecycle stage 5a, `prepareUpstream`): `anthropic: auto` adds
// cache_control breakpoints to every Anthropic-protocol body (native pass-through and translated from
// OpenAI alike); `openai: auto` sets a stable per-tenant `prompt_cache_key` on bodies for OpenAI models.
import type { Catalog } from '../../catalog/catalog.js';
import type { GatewayHooks, UpstreamInfo } from '../../gateway/hooks.js';
import type { WireProtocol } from '../../providers/types.js';
import type { PromptCachingConfig } from '../config.js';
import { addAnthropicCacheBreakpoints, anthropicCachingFor, type BreakpointOptions } from './anthropic.js';
import { withPromptCacheKey } from './openai.js';

/** Anthropic's smallest cacheable prefix, used for models the catalog does not know. */
const DEFAULT_MIN_TOKENS = 1024;

/** The prepareUpstream hook for the config, or undefined when both providers are `off`. */
export function createPromptCachingHook(
  config: PromptCachingConfig,
  catalog: Catalog,
): GatewayHooks['prepareUpstream'] {
  const protocols: WireProtocol[] = [];
  if (config.anthropic === 'auto') protocols.push('anthropic');
  if (config.openai === 'auto') protocols.push('openai');
  if (protocols.length === 0) return undefined;

  const anthropic = new Map<string, BreakpointOptions | null>();
  const anthropicOptions = (model: string): BreakpointOptions | undefined => {
    let o = anthropic.get(model);
    if (o === undefined) {
      const price = catalog.prices.find(model);
      o = (price ? anthropicCachingFor(price) : { minTokens: DEFAULT_MIN_TOKENS }) ?? null;
      if (anthropic.size < 1024) anthropic.set(model, o);
    }
    return o ?? undefined;
  };
  const openai = new Map<string, boolean>();
  const isOpenAIModel = (t: UpstreamInfo): boolean => {
    if (t.provider === 'openai') return true;
    let yes = openai.get(t.upstreamModel);
    if (yes === undefined) {
      const price = catalog.prices.find(t.upstreamModel);
      yes = price?.provider === 'openai' && price.capabilities.promptCaching;
      if (openai.size < 1024) openai.set(t.upstreamModel, yes);
    }
    return yes;
  };

  return {
    protocols,
    prepare(ctx, target, body) {
      if (target.protocol === 'anthropic') {
        const options = anthropicOptions(target.upstreamModel);
        return options ? addAnthropicCacheBreakpoints(body, options) : undefined;
      }
      if (target.protocol === 'openai' && isOpenAIModel(target)) return withPromptCacheKey(body, ctx.tenant);
      return undefined;
    },
  };
}
