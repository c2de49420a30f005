// Stage 8 of the lifecycle: the usage and its label on the exchange.
import type { Usage } from '../../meter/usage.js';
import type { Exchange } from '../exchange.js';
import { addLabels } from '../metering.js';
import type { ResolvedModel } from '../models.js';
import type { GatewayState } from '../state.js';

/** Puts the usage and its label on the exchange (served model = catalog id when priced). */
export function meterInto(
  state: GatewayState,
  ex: Exchange,
  model: ResolvedModel,
  usage: Usage,
  responseModel?: string,
): void {
  ex.usage = usage;
  const priceId = state.meterer.priceId(model, responseModel);
  const label = state.meterer.label(priceId, usage, ex.ts);
  ex.label = ex.prior ? (label ? addLabels(label, ex.prior) : ex.prior) : label;
  if (ex.internal) {
    // What it would have cost run live when the job was accepted (standard tier, the price then).
    const sync = usage.kind === 'sync' ? usage : { ...usage, kind: 'sync' as const };
    ex.immediate = state.meterer.label(priceId, sync, ex.internal.deferral.immediateAt);
  }
  ex.provider = model.provider;
  ex.servedModel =
    ex.label && !model.priceId
      ? ex.label.model
      : model.target.upstreamModel || responseModel || ex.requestedModel;
}
