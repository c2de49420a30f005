// Router config (the `router:` section of margin.yaml), validated once at start: virtual model names
// mapped to a policy. Errors name the field, e.g. "router.routes.margin/auto.candidates[1].model".
import { z } from 'zod';
import { MarginError } from '../errors/index.js';

const target = z.string().min(1);

const fixed = z.strictObject({ policy: z.literal('fixed'), model: target });
const fallback = z.strictObject({ policy: z.literal('fallback'), models: z.array(target).min(1) });
const weighted = z.strictObject({
  policy: z.literal('weighted'),
  targets: z.array(z.strictObject({ model: target, weight: z.number().positive() })).min(1),
});
const cheapestCapable = z.strictObject({
  policy: z.literal('cheapest-capable'),
  models: z.array(target).min(1),
  /** Output tokens assumed when comparing cost (max_tokens when the request gives one). */
  expectedOutputTokens: z.number().int().positive().default(500),
});
const cascade = z.strictObject({
  policy: z.literal('cascade'),
  cheap: target,
  strong: target,
  /** Checks on the cheap answer; failing any escalates to `strong`. */
  checks: z.array(z.enum(['format', 'refusal', 'logprobs', 'verifier'])).default(['format', 'refusal']),
  /** With the `logprobs` check: escalate when the mean token logprob is below this. */
  minMeanLogprob: z.number().max(0).default(-0.7),
  /** With the `verifier` check: a second cheap model whose multiple-choice answer must agree. */
  verifier: target.optional(),
});
const learned = z.strictObject({
  policy: z.literal('learned'),
  /** Router model file (default: the shipped models/router/router-v1.json). */
  modelFile: z.string().min(1).optional(),
  /** Deployed models and the reference model (a head of the router model) whose quality each stands for. */
  candidates: z.array(z.strictObject({ model: target, reference: z.string().min(1) })).min(2),
  /** Overrides the trained λ: larger saves more, smaller keeps quality closer to the strongest. */
  costWeight: z.number().nonnegative().optional(),
  /**
   * Let a cluster choose one of the model file's cascade plans (a cheap candidate checked by a verifier
   * candidate, escalating to the candidate standing for the strong model) instead of a single model.
   */
  cascades: z.boolean().default(true),
  /**
   * A prompt unlike every prompt its cluster was fitted on: `strong` (default) sends it to the candidate
   * standing for the strong model; `route` routes it by the cluster's accuracies anyway.
   */
  unfamiliar: z.enum(['strong', 'route']).default('strong'),
});

export const routeSchema = z.discriminatedUnion('policy', [
  fixed,
  fallback,
  weighted,
  cheapestCapable,
  cascade,
  learned,
]);
export const routerConfigSchema = z.strictObject({
  routes: z.record(z.string().min(1), routeSchema).default({}),
});

export type RouteConfig = z.infer<typeof routeSchema>;
export type RouterConfig = z.infer<typeof routerConfigSchema>;

/** Parses the router section; throws MARGIN_ERR_CONFIG naming the field. */
export function parseRouterConfig(raw: unknown): RouterConfig {
  const res = routerConfigSchema.safeParse(raw ?? {});
  if (res.success) return res.data;
  const issue = res.error.issues[0];
  const path = ['router', ...(issue?.path ?? [])].map(String).join('.');
  throw new MarginError('MARGIN_ERR_CONFIG', `config ${path}: ${issue?.message ?? 'invalid'}`, {
    param: path,
  });
}
