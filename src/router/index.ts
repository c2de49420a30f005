// The router: virtual model names (e.g. `margin/auto`) → policy → RouteDecision. Built once at start
// from the config's `router` section; a missing or corrupt router model file stops start-up.
import type { Catalog } from '../catalog/catalog.js';
import { parseRouterConfig } from './config.js';
import type { RouteDecision, RouteInput } from './decision.js';
import { defaultRouterModelPath } from './eval/repo-paths.js';
import { loadRouterModel, type RouterModel } from './learned/model.js';
import { buildPolicy, type PolicyFn } from './policies.js';

export { answersAgree, checkAnswer, extractChoice } from './cascade-check.js';
export { parseRouterConfig, type RouteConfig, type RouterConfig } from './config.js';
export { type CascadePlan, promptTextOf, type RouteDecision, type RouteInput } from './decision.js';

export interface Router {
  /** True when `model` is a virtual name this router resolves. */
  has(model: string): boolean;
  resolve(input: RouteInput): RouteDecision | undefined;
  routes(): string[];
}

export interface RouterOptions {
  catalog: Catalog;
  random?: () => number;
}

/** Builds the router from the raw `router` config section (validated here). */
export function createRouter(rawConfig: unknown, options: RouterOptions): Router {
  const config = parseRouterConfig(rawConfig);
  const models = new Map<string, RouterModel>();
  const loadModel = (file: string | undefined) => {
    const path = file ?? defaultRouterModelPath();
    let m = models.get(path);
    if (!m) {
      m = loadRouterModel(path);
      models.set(path, m);
    }
    return m;
  };
  const policies = new Map<string, PolicyFn>();
  for (const [name, cfg] of Object.entries(config.routes)) {
    policies.set(
      name,
      buildPolicy(name, cfg, { catalog: options.catalog, random: options.random ?? Math.random, loadModel }),
    );
  }
  return {
    has: (model) => policies.has(model),
    resolve: (input) => policies.get(input.requestedModel)?.(input),
    routes: () => [...policies.keys()],
  };
}
