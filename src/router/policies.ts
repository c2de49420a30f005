// The routing policies: fixed, ordered fallback, weighted split, cheapest capable model, cascade and the
// learned router. Each is a small function from the request to a RouteDecision.
import type { Catalog } from '../catalog/catalog.js';
import { computeCost } from '../meter/cost.js';
import { makeUsage } from '../meter/usage.js';
import type { RouteConfig } from './config.js';
import type { RouteDecision, RouteInput } from './decision.js';
import type { RouterModel } from './learned/model.js';
import { routeLearned } from './learned/route.js';

export type PolicyFn = (input: RouteInput) => RouteDecision;

export interface PolicyDeps {
  catalog: Catalog;
  random: () => number;
  loadModel: (file: string | undefined) => RouterModel;
}

interface Needs {
  tools: boolean;
  vision: boolean;
  json: boolean;
  contextTokens: number;
}

function needsOf(input: RouteInput, expectedOutput: number): Needs {
  const req = input.request;
  const vision = req.messages.some(
    (m) => Array.isArray(m.content) && m.content.some((p) => p.type === 'image_url'),
  );
  const json = req.response_format?.type === 'json_object' || req.response_format?.type === 'json_schema';
  const out = req.max_completion_tokens ?? req.max_tokens ?? expectedOutput;
  return { tools: (req.tools?.length ?? 0) > 0, vision, json, contextTokens: input.promptTokens + out };
}

/** Expected dollars for this request on `model` (Infinity when the catalog has no price). */
function expectedCost(catalog: Catalog, model: string, promptTokens: number, outputTokens: number): number {
  const price = catalog.prices.find(model);
  if (!price) return Number.POSITIVE_INFINITY;
  return computeCost(price, makeUsage({ inputTokens: promptTokens, outputTokens })).costUsd.total;
}

function blendedPrice(catalog: Catalog, model: string): number | undefined {
  const p = catalog.prices.find(model);
  return p ? p.price.input * 3 + p.price.output : undefined; // 3:1 input:output, the usual chat mix
}

export function buildPolicy(name: string, cfg: RouteConfig, deps: PolicyDeps): PolicyFn {
  switch (cfg.policy) {
    case 'fixed':
      return () => ({ models: [cfg.model], policy: 'fixed', reason: `fixed → ${cfg.model}` });
    case 'fallback':
      return () => ({
        models: [...cfg.models],
        policy: 'fallback',
        reason: `ordered fallback ${cfg.models.join(' → ')}`,
      });
    case 'weighted': {
      const total = cfg.targets.reduce((a, t) => a + t.weight, 0);
      return () => {
        let u = deps.random() * total;
        let pick = cfg.targets[cfg.targets.length - 1]!;
        for (const t of cfg.targets) {
          if (u < t.weight) {
            pick = t;
            break;
          }
          u -= t.weight;
        }
        const rest = cfg.targets.filter((t) => t !== pick).map((t) => t.model);
        return {
          models: [pick.model, ...rest],
          policy: 'weighted',
          reason: `weighted split → ${pick.model} (${pick.weight}/${total})`,
        };
      };
    }
    case 'cheapest-capable':
      return (input) => {
        const needs = needsOf(input, cfg.expectedOutputTokens);
        const out =
          input.request.max_completion_tokens ?? input.request.max_tokens ?? cfg.expectedOutputTokens;
        const ranked = cfg.models
          .map((model) => {
            const price = deps.catalog.prices.find(model);
            const caps = price?.capabilities;
            const missing: string[] = [];
            if (price && price.contextWindow < needs.contextTokens)
              missing.push(`context ${price.contextWindow} < ${needs.contextTokens}`);
            if (caps && needs.tools && !caps.tools) missing.push('tools');
            if (caps && needs.vision && !caps.vision) missing.push('vision');
            if (caps && needs.json && !caps.jsonMode) missing.push('json mode');
            return { model, missing, cost: expectedCost(deps.catalog, model, input.promptTokens, out) };
          })
          .sort((a, b) => a.cost - b.cost);
        const capable = ranked.filter((r) => r.missing.length === 0);
        if (capable.length === 0) {
          const why = ranked.map((r) => `${r.model}: lacks ${r.missing.join(', ')}`).join('; ');
          return {
            models: [cfg.models[cfg.models.length - 1]!],
            policy: 'cheapest-capable',
            reason: `no capable model (${why}); using the last listed`,
          };
        }
        const first = capable[0]!;
        return {
          models: capable.map((r) => r.model),
          policy: 'cheapest-capable',
          reason: `cheapest capable → ${first.model} (≈$${first.cost.toFixed(6)}; skipped ${ranked.length - capable.length})`,
        };
      };
    case 'cascade':
      return () => ({
        models: [cfg.cheap],
        policy: 'cascade',
        reason: `cascade ${cfg.cheap} → ${cfg.strong} on failed ${cfg.checks.join('/')}`,
        cascade: {
          escalateTo: cfg.strong,
          checks: cfg.checks,
          minMeanLogprob: cfg.minMeanLogprob,
          ...(cfg.verifier ? { verifier: cfg.verifier } : {}),
        },
      });
    case 'learned': {
      const model = deps.loadModel(cfg.modelFile);
      const heads = cfg.candidates.map((c) => c.reference);
      for (const h of heads) model.head(h); // unknown reference → start-up error naming it
      const costScale = learnedCostScale(deps.catalog, model, cfg.candidates);
      const costWeight = cfg.costWeight ?? model.costWeight;
      return (input) => {
        const choice = routeLearned(
          model,
          input.promptText,
          heads,
          costScale,
          costWeight,
          cfg.cascades,
          cfg.unfamiliar === 'strong',
        );
        const served = cfg.candidates[choice.index]!.model;
        const others = cfg.candidates
          .map((c) => c.model)
          .filter((m) => m !== served)
          .sort((a, b) => (blendedPrice(deps.catalog, b) ?? 0) - (blendedPrice(deps.catalog, a) ?? 0));
        const plan = choice.cascade;
        const strong = plan && cfg.candidates[plan.strong]!.model;
        const verifier = plan && cfg.candidates[plan.verifier]!.model;
        return {
          models: [served, ...others],
          policy: 'learned',
          reason: choice.unfamiliar
            ? `learned router (${name}): prompt unlike cluster ${choice.cluster}'s training prompts → the strong model ${served}`
            : `learned router (${name}): cluster ${choice.cluster}, expected accuracy ${choice.expectedAccuracy.toFixed(3)}, relative cost ${choice.relativeCost.toFixed(3)} → ${plan ? `cascade ${served} (verifier ${verifier}) → ${strong}` : served}`,
          // What feedback retraining needs (see learned/feedback.ts): no prompt text. A cascade's
          // reference is the plan's name, so feedback updates the plan's accuracy, not the cheap head's.
          detail: {
            route: name,
            cluster: choice.cluster,
            reference: plan ? plan.name : heads[choice.index]!,
            routerModel: model.fingerprint,
            ...(choice.unfamiliar ? { unfamiliar: true } : {}),
          },
          ...(plan && strong && verifier
            ? {
                cascade: {
                  escalateTo: strong,
                  // The checks the plans were fitted with (router/eval/policies.ts cascadePolicy).
                  checks: ['format', 'refusal', 'verifier'] as const,
                  minMeanLogprob: Number.NEGATIVE_INFINITY,
                  verifier,
                },
              }
            : {}),
        };
      };
    }
  }
}

/**
 * Rescales the reference models' relative costs to the deployed models' prices, so λ trades accuracy
 * against what the deployed models actually cost. Unpriced models keep the reference ratio.
 */
function learnedCostScale(
  catalog: Catalog,
  model: RouterModel,
  candidates: ReadonlyArray<{ model: string; reference: string }>,
): number[] {
  const deployed = candidates.map((c) => blendedPrice(catalog, c.model));
  const top = Math.max(...deployed.map((d) => d ?? 0));
  const refMean = (name: string) => {
    const h = model.head(name);
    return h.relativeCost.reduce((a, b) => a + b, 0) / h.relativeCost.length;
  };
  const strongRef = refMean(model.strong);
  return candidates.map((c, i) => {
    const d = deployed[i];
    if (d === undefined || top === 0 || deployed.some((x) => x === undefined)) return 1;
    const refRatio = refMean(c.reference) / strongRef;
    return refRatio > 0 ? d / top / refRatio : 1;
  });
}
