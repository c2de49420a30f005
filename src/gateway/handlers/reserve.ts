// Stage 4b of the lifecycle: the budget reservation, and the output cap that keeps it a worst case.
// A reservation prices the dearest candidate at its worst: the prompt at the dearest input rate (cache
// writes included) and the most output the request can produce — its max_tokens, the configured cap, else
// the model's own output limit from the catalog (or what its context window leaves). The cap is enforced
// by setting max_tokens upstream, so no answer can cost more than was reserved for it.
import { MarginError } from '../../errors/index.js';
import { familyForModel } from '../../tokens/count.js';
import type { Exchange } from '../exchange.js';
import type { ResolvedModel } from '../models.js';
import type { GatewayState } from '../state.js';

/**
 * Prompts counted by ratio (non-OpenAI tokenizers, see src/tokens) are reserved with this margin: the ratios
 * assume e.g. 18% more tokens than o200k for Claude, where Anthropic says newer tokenizers use up to 35%.
 */
const RATIO_MARGIN = 1.15;

/** The output cap for this request: the caller's key, else `governance.maxOutputTokens`, else none. */
export function outputCap(state: GatewayState, ex: Exchange): number | undefined {
  return ex.outputCap ?? state.config.governance.maxOutputTokens;
}

/** The smaller of two optional bounds. */
const lower = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

/**
 * `body` with its output bounded by `cap`: a larger `max_tokens` / `max_completion_tokens` is lowered and,
 * when it has neither, `field` is set (OpenAI's own API wants `max_completion_tokens`, most other servers
 * `max_tokens`). Returns the same object when nothing changes.
 */
export function capOutput<T extends object>(body: T, cap: number | undefined, field: string): T {
  if (cap === undefined) return body;
  const b = body as Record<string, unknown>;
  const out: Record<string, unknown> = { ...b };
  let changed = false;
  for (const k of ['max_tokens', 'max_completion_tokens', 'max_output_tokens']) {
    const v = b[k];
    if (typeof v === 'number' && v > cap) {
      out[k] = cap;
      changed = true;
    }
  }
  const has = (k: string) => typeof b[k] === 'number';
  if (!has('max_tokens') && !has('max_completion_tokens') && !has('max_output_tokens')) {
    out[field] = cap;
    changed = true;
  }
  return changed ? (out as T) : body;
}

/** The field that bounds output for a chat body sent to `model` when the client set none. */
export function outputField(model: ResolvedModel): string {
  return model.provider === 'openai' ? 'max_completion_tokens' : 'max_tokens';
}

/**
 * Reserves the worst-case cost against the caller's budget (the most expensive candidate, plus the
 * escalation and verifier models of a cascade). No budget hook: nothing happens.
 */
export async function reserveBudget(
  state: GatewayState,
  ex: Exchange,
  candidates: readonly ResolvedModel[],
  promptTokens: (model: ResolvedModel) => number,
  maxOutputTokens: number | undefined,
): Promise<void> {
  const budget = state.hooks.budget;
  if (!budget) return;
  const out = lower(maxOutputTokens, outputCap(state, ex));
  const cost = (m: ResolvedModel) => {
    const upstream = m.target.upstreamModel || ex.requestedModel;
    const exact = ['o200k', 'cl100k'].includes(familyForModel(upstream));
    const prompt = Math.ceil(promptTokens(m) * (exact ? 1 : RATIO_MARGIN));
    return state.meterer.worstCaseUsd(m, prompt, out);
  };
  const usd = () => {
    let total = 0;
    for (const m of candidates) total = Math.max(total, cost(m));
    const plan = ex.cascade;
    if (plan && !ex.streamed) {
      for (const extra of [plan.escalateTo, plan.verifier]) {
        const m = extra === undefined ? undefined : state.models.resolve(extra);
        if (m) total += cost(m);
      }
    }
    return total;
  };
  const first = candidates[0];
  try {
    ex.hold = await budget(ex, { usd, promptTokens: () => (first ? promptTokens(first) : 0) });
  } catch (err) {
    if (out !== undefined || !(err instanceof MarginError) || err.code !== 'MARGIN_ERR_BUDGET_EXHAUSTED')
      throw err;
    throw new MarginError(
      err.code,
      `${err.message} The request sets no max_tokens, so the reservation assumes the model's longest possible answer; set max_tokens to reserve less.`,
      { cause: err },
    );
  }
}
