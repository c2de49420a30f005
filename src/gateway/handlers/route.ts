// Stage 4 of the lifecycle: the ordered candidates for a request (the router hook's decision, or the
// requested name as configured), each followed by its fallbacks.
import { MarginError } from '../../errors/index.js';
import type { Exchange } from '../exchange.js';
import type { ResolvedModel } from '../models.js';
import type { GatewayState } from '../state.js';

/** Unknown model → 404 `model_not_found` naming the model. */
export function unknownModel(name: string): MarginError {
  return new MarginError(
    'MARGIN_ERR_UNKNOWN_MODEL',
    `The model '${name}' does not exist or is not configured in this gateway.`,
    { param: 'model' },
  );
}

/** The ordered candidates for a request: the chosen model, then its fallbacks. */
export async function candidatesFor(
  state: GatewayState,
  ex: Exchange,
  useRouter: boolean,
): Promise<ResolvedModel[]> {
  let name = ex.requestedModel;
  let fallbacks: readonly string[] | undefined;
  if (useRouter && state.hooks.router) {
    const decision = await state.hooks.router.resolve(ex);
    if (decision) {
      name = decision.model;
      fallbacks = decision.fallbacks;
      ex.routePolicy = decision.policy;
      ex.cascade = decision.cascade;
      ex.route = JSON.stringify({
        ...decision.detail,
        policy: decision.policy,
        reason: decision.reason,
        model: decision.model,
      });
    }
  }
  const primary = state.models.resolve(name);
  if (!primary) throw unknownModel(name);
  const list = [primary];
  for (const f of fallbacks ?? primary.fallbacks) {
    const m = state.models.resolve(f);
    if (m && !list.includes(m)) list.push(m);
  }
  return list;
}
