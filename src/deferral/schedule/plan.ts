// planJob: the scheduler's entry point for the gateway's deferred jobs and batches (the worker calls it
// once per job). Pure and deterministic: the same request and signals give the same plan.
import { MarginError } from '../../errors/index.js';
import type { SchedulePlan, ScheduleRequest } from '../types.js';
import { chooseSchedule } from './choose.js';
import { lineShapes, meterEconomics, unpricedEconomics } from './economics.js';
import type { ScheduleSignals } from './signals.js';

function check(req: ScheduleRequest): void {
  const bad = (param: string, why: string) => {
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `Invalid schedule request: ${param} ${why}`, { param });
  };
  for (const k of ['now', 'deadline', 'runMs', 'lines', 'inputTokens', 'outputTokens'] as const) {
    if (!Number.isFinite(req[k])) bad(k, 'must be a finite number');
  }
  if (req.runMs < 0) bad('runMs', 'must be ≥ 0');
  if (req.lines < 0 || req.inputTokens < 0 || req.outputTokens < 0)
    bad('lines', 'and token totals must be ≥ 0');
  const ta = req.providerBatch?.turnaroundMs;
  if (ta !== undefined && !(Number.isFinite(ta) && ta >= 0)) bad('providerBatch.turnaroundMs', 'must be ≥ 0');
}

/**
 * How and when to run a job before its deadline: at once, as a provider batch, in a cheaper price window,
 * in the region's lowest-carbon hours or (self-hosted) the upstream's quietest hours. Never plans a finish
 * after the deadline when any candidate meets it; when none can, runs at once with `late` and says why.
 * Money and energy come from the meter (`req.priceId` in the catalog), intensity from `signals.carbon`.
 */
export function planJob(req: ScheduleRequest, signals: ScheduleSignals): SchedulePlan {
  check(req);
  const shapes = lineShapes(req.lines, req.inputTokens, req.outputTokens);
  // A self-hosted model the catalog has no price for (a fine-tune, a local name) is scheduled on its load
  // curve and the grid alone: its GPU-time price does not change by hour.
  const econ =
    req.selfHosted && !signals.catalog.prices.find(req.priceId)
      ? unpricedEconomics(signals.catalog, req.region, req.priceId)
      : meterEconomics(signals.catalog, req.priceId, req.region, shapes);
  const timing = {
    now: req.now,
    deadline: req.deadline,
    runMs: req.runMs,
    objective: req.objective,
    ...(req.providerBatch ? { providerBatch: req.providerBatch } : {}),
    ...(req.selfHosted ? { selfHosted: true } : {}),
  };
  return chooseSchedule(timing, econ, {
    carbon: (signals.carbon ?? signals.catalog.carbonProfiles).get(econ.region.id),
    load: req.selfHosted ? signals.load?.get(req.provider) : undefined,
    horizonMs: signals.horizonMs,
  });
}
