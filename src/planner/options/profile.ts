// Per-option constants computed once before the hourly loop: an API model's cost and energy per call
// (from the shared meter), or a self-hosted replica's latency-bound capacity, power and hourly price
// (from the physics module). Everything after this is arithmetic.
import type { Catalog } from '../../catalog/catalog.js';
import { meterEconomics, type WeightedUsage } from '../../deferral/schedule/economics.js';
import { deferredCall } from '../../deferral/schedule/what-if.js';
import { makeUsage, meter } from '../../meter/index.js';
import type { ReplicaQueue } from '../fleet/queueing.js';
import type { Deployment, OperatingPoint, PlannerPhysics } from '../physics-port.js';
import type { CacheShares } from '../workload/cache-writes.js';
import type { Workload } from '../workload/schema.js';
import type { Bucket } from '../workload/tokens.js';
import { type SizedReplica, sizeReplica } from './queue-point.js';
import type { ApiOption, PlanOption, SelfHostedOption } from './types.js';

/** Token statistics the options are priced on. */
export interface TokenProfile {
  input: Bucket[];
  output: Bucket[];
  meanInput: number;
  meanOutput: number;
  maxContext: number;
  /** Share of input tokens skipped by a prefix cache (physics: no prefill). */
  prefixShare: number;
  /** API options: input shares read from / written to the provider's prompt cache (workload/cache-writes.ts). */
  apiCache: CacheShares;
}

export interface ApiProfile {
  kind: 'api';
  feasible: true;
  /** Dollars per model call (deferrable share at batch prices where offered). */
  usdPerCall: number;
  /** Facility energy per call, Wh (the meter's label, region PUE included). */
  whPerCall: number;
  co2eGPerCall: number;
  tier: string;
  notes: string[];
}

export interface SelfHostedProfile {
  kind: 'self-hosted';
  feasible: true;
  deployment: Deployment;
  op: OperatingPoint;
  /** Requests per second one replica serves when every slot is busy (capacity cμ at the operating point). */
  rpsPerReplica: number;
  /** The replica as an M/M/c queue (slots, service time, TTFT once admitted). */
  queue: ReplicaQueue;
  /** Arrival rate per replica the fleet is sized at (p95 TTFT target, capped by targetUtilisation). */
  sizingRps: number;
  /** Largest arrival rate per replica whose p95 TTFT meets the target; undefined without a TTFT target. */
  p95Rps?: number;
  sizedBy: SizedReplica['sizedBy'];
  /** Power of one replica at the operating point and when idle, W (devices + host, before PUE). */
  busyW: number;
  idleW: number;
  /** Dollars per replica-hour before electricity (hourly rental, or amortised purchase + overhead). */
  usdPerReplicaHour: number;
  /** True when electricity is paid separately (on-premise, edge). */
  paysElectricity: boolean;
  /** On-premise/edge capacity is bought: capex follows the largest fleet so far, not the hour's. */
  bought: boolean;
  notes: string[];
}

export interface InfeasibleProfile {
  kind: PlanOption['kind'];
  feasible: false;
  reason: string;
  needGB?: number;
  haveGB?: number;
}

export type OptionProfile = ApiProfile | SelfHostedProfile | InfeasibleProfile;

/** The token buckets of one call as request shapes with their weights (cache reads and writes included). */
function apiParts(opt: ApiOption, t: TokenProfile): WeightedUsage[] {
  const minCache = opt.price.minCacheableTokens ?? 0;
  const outTokens = Math.max(0, Math.round(t.meanOutput));
  // Cost is linear in output tokens; the input buckets carry the long-context and cache thresholds.
  return t.input.map((b) => {
    const inTokens = Math.round(b.tokens);
    // Prompts below the provider's minimum cacheable length are neither read from nor written to the cache.
    const cacheable = inTokens >= minCache;
    const cached = cacheable ? Math.floor(inTokens * t.apiCache.readShare) : 0;
    const written = cacheable ? Math.min(inTokens - cached, Math.floor(inTokens * t.apiCache.writeShare)) : 0;
    const usage = makeUsage({
      inputTokens: inTokens,
      cacheReadTokens: cached,
      cacheWrite5mTokens: written,
      outputTokens: outTokens,
    });
    return { usage, weight: b.weight };
  });
}

function apiCall(opt: ApiOption, parts: readonly WeightedUsage[], catalog: Catalog) {
  let usd = 0;
  let wh = 0;
  let co2 = 0;
  let tier = 'standard';
  const notes = new Set<string>();
  for (const p of parts) {
    const label = meter(opt.price.id, { ...p.usage, kind: 'sync' }, { catalog, region: opt.region.id });
    usd += p.weight * label.costUsd.total;
    wh += p.weight * label.energyWh;
    co2 += p.weight * label.co2eG;
    if (label.tier.length > tier.length) tier = label.tier;
    for (const n of label.notes) notes.add(n);
  }
  return { usd, wh, co2, tier, notes: [...notes] };
}

/** How deferrable calls are planned: the deferral scheduler's objective, and the provider batch turnaround. */
const DEFERRAL = { objective: 'cost', runMs: 60_000, batchTurnaroundMs: 24 * 3_600_000 } as const;

/**
 * Cost and energy of one API call, blended over the token buckets and the deferrable share. Deferrable calls
 * are planned by the deferral scheduler (src/deferral/schedule, the same one the gateway's jobs use): each
 * arrival hour of a week in turn, before `deadlineH` hours, minimising cost (provider batch where the price
 * lists a batch tier, else a cheaper price window, else at once).
 */
export function apiProfile(
  opt: ApiOption,
  t: TokenProfile,
  deferrableShare: number,
  catalog: Catalog,
  deadlineH = 24,
): ApiProfile {
  const parts = apiParts(opt, t);
  const sync = apiCall(opt, parts, catalog);
  if (deferrableShare <= 0) {
    return {
      kind: 'api',
      feasible: true,
      usdPerCall: sync.usd,
      whPerCall: sync.wh,
      co2eGPerCall: sync.co2,
      tier: sync.tier,
      notes: sync.notes,
    };
  }
  const econ = meterEconomics(catalog, opt.price.id, opt.region.id, parts);
  const deferred = deferredCall(econ, {
    objective: DEFERRAL.objective,
    deadlineMs: deadlineH * 3_600_000,
    runMs: DEFERRAL.runMs,
    ...(opt.price.batch ? { providerBatch: { turnaroundMs: DEFERRAL.batchTurnaroundMs } } : {}),
    carbon: catalog.carbonProfiles.get(econ.region.id),
  });
  const d = deferrableShare;
  const pct = Math.round(d * 100);
  const modes = Object.entries(deferred.modes)
    .sort((a, b) => b[1] - a[1])
    .map(([m, s]) => `${m} ${Math.round(s * 100)}%`)
    .join(', ');
  const onlyBatch = (deferred.modes['provider-batch'] ?? 0) > 1 - 1e-9;
  const note =
    `deferrable ${pct}% planned by the deferral scheduler (${DEFERRAL.objective}, ${deadlineH} h deadline): ${modes}` +
    (opt.price.batch ? '' : `; ${opt.price.id} has no batch API`);
  return {
    kind: 'api',
    feasible: true,
    usdPerCall: (1 - d) * sync.usd + d * deferred.usd,
    whPerCall: sync.wh,
    co2eGPerCall: (1 - d) * sync.co2 + d * deferred.co2eG,
    tier: `${sync.tier}+${onlyBatch ? 'batch' : 'deferred'} ${pct}%`,
    notes: [...sync.notes, note],
  };
}

/** The physics deployment of a self-hosted option (its power limit included when the workload set one). */
export function deploymentOf(opt: SelfHostedOption): Deployment {
  return {
    model: opt.model,
    hardware: opt.hardware,
    count: opt.count,
    precision: opt.precision,
    engine: opt.engine,
    ...(opt.powerLimitW !== undefined ? { powerLimitW: opt.powerLimitW } : {}),
  };
}

/** Replica capacity, power and price for a self-hosted option, or why it cannot serve the workload. */
export function selfHostedProfile(
  opt: SelfHostedOption,
  t: TokenProfile,
  w: Workload,
  physics: PlannerPhysics,
): SelfHostedProfile | InfeasibleProfile {
  const deployment = deploymentOf(opt);
  if (t.maxContext > opt.model.contextLength) {
    return {
      kind: 'self-hosted',
      feasible: false,
      reason: `requests need ${t.maxContext} tokens of context, ${opt.model.id} supports ${opt.model.contextLength}`,
    };
  }
  const fit = physics.memoryFit(deployment, { minContextTokens: t.maxContext });
  if (!fit.fits) {
    const need = fit.weightsGB + fit.overheadGB + fit.kvGBPerToken * t.maxContext;
    const have = opt.hardware.memoryGB * opt.count;
    return {
      kind: 'self-hosted',
      feasible: false,
      reason:
        fit.reason ??
        `needs ${need.toFixed(0)} GB, ${opt.count}× ${opt.hardware.id} has ${have.toFixed(0)} GB`,
      needGB: need,
      haveGB: have,
    };
  }
  const targets: { ttftS?: number; tpotS?: number } = {};
  if (w.latency.ttftP95S !== undefined) targets.ttftS = w.latency.ttftP95S;
  if (w.latency.tpotS !== undefined) targets.tpotS = w.latency.tpotS;
  const sized = sizeReplica(
    physics,
    deployment,
    { inputTokens: t.meanInput, outputTokens: t.meanOutput, cachedInputShare: t.prefixShare },
    targets,
    w.fleet.targetUtilisation,
  );
  if ('feasible' in sized) {
    const out: InfeasibleProfile = { kind: 'self-hosted', feasible: false, reason: sized.reason };
    if (sized.needGB !== undefined) out.needGB = sized.needGB;
    if (sized.haveGB !== undefined) out.haveGB = sized.haveGB;
    return out;
  }
  const op = sized.op;
  if (!(op.requestsPerS > 0) || !Number.isFinite(op.requestsPerS) || !(sized.sizingRps > 0)) {
    return { kind: 'self-hosted', feasible: false, reason: 'no throughput within the latency targets' };
  }
  const perDevice = opt.price.usdPerDeviceHour;
  const bought = opt.tier === 'onprem' || opt.tier === 'edge';
  // Device power from the physics model, plus its named host share (CPU, memory, network).
  const host = 1 + physics.hostPowerOverhead;
  const busyW = op.powerW * host;
  const idleW = Math.min(physics.idlePowerW(deployment) * host, busyW);
  return {
    kind: 'self-hosted',
    feasible: true,
    deployment,
    op,
    rpsPerReplica: op.requestsPerS,
    queue: sized.queue,
    sizingRps: sized.sizingRps,
    ...(sized.p95Rps !== undefined ? { p95Rps: sized.p95Rps } : {}),
    sizedBy: sized.sizedBy,
    busyW,
    idleW,
    usdPerReplicaHour: perDevice * opt.count,
    paysElectricity: bought,
    bought,
    notes: [],
  };
}
