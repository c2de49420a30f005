// Plugs the router into the gateway (lifecycle stage 4): when the requested model is a route name, the
// route's policy picks the model (first of its list) and the fallbacks (the rest); a cascade plan travels
// along for the gateway to apply. Other model names pass through untouched.
import type { RouteDecision as GatewayDecision, GatewayHooks } from '../gateway/hooks.js';
import { countTextTokens } from '../tokens/index.js';
import { parseRouterConfig, type RouteConfig } from './config.js';
import { promptTextOf, type RouteInput } from './decision.js';
import { createRouter, type Router, type RouterOptions } from './index.js';

export interface RouterHook {
  hook: NonNullable<GatewayHooks['router']>;
  router: Router;
}

/** Every model a route may send to, with the config field that names it. */
function targetsOf(name: string, r: RouteConfig): Array<{ field: string; model: string }> {
  const at = (suffix: string, model: string) => ({ field: `router.routes.${name}.${suffix}`, model });
  switch (r.policy) {
    case 'fixed':
      return [at('model', r.model)];
    case 'fallback':
    case 'cheapest-capable':
      return r.models.map((m, i) => at(`models[${i}]`, m));
    case 'weighted':
      return r.targets.map((t, i) => at(`targets[${i}].model`, t.model));
    case 'cascade':
      return [
        at('cheap', r.cheap),
        at('strong', r.strong),
        ...(r.verifier ? [at('verifier', r.verifier)] : []),
      ];
    case 'learned':
      return r.candidates.map((c, i) => at(`candidates[${i}].model`, c.model));
  }
}

/**
 * The gateway's router hook for the config's `router` section, or undefined when it defines no routes
 * (then routing costs nothing per request). Throws MARGIN_ERR_CONFIG naming a bad field.
 */
export function createRouterHook(raw: unknown, options: RouterOptions): RouterHook | undefined {
  const config = parseRouterConfig(raw);
  if (Object.keys(config.routes).length === 0) return undefined;
  const router = createRouter(config, options);
  const targets = Object.entries(config.routes).flatMap(([name, r]) => targetsOf(name, r));
  const hook: RouterHook['hook'] = {
    async resolve(ctx) {
      if (!ctx.request || !router.has(ctx.requestedModel)) return undefined;
      const request = ctx.request;
      // Text and tokens are computed only when a policy reads them (fixed/weighted/fallback never do).
      let text: string | undefined;
      let tokens: number | undefined;
      const input: RouteInput = {
        requestedModel: ctx.requestedModel,
        request,
        tenant: ctx.tenant,
        get promptText() {
          text ??= promptTextOf(request);
          return text;
        },
        get promptTokens() {
          tokens ??= countTextTokens(this.promptText).tokens + 3 * request.messages.length + 3;
          return tokens;
        },
      };
      const d = router.resolve(input);
      const [model, ...fallbacks] = d?.models ?? [];
      if (!d || model === undefined) return undefined;
      const out: GatewayDecision = { model, fallbacks, policy: d.policy, reason: d.reason };
      if (d.cascade) out.cascade = d.cascade;
      if (d.detail) out.detail = d.detail;
      return out;
    },
    routes: () => router.routes(),
    targets: () => targets,
  };
  return { hook, router };
}
