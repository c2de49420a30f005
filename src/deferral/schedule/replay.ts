// Replays a request trace through the scheduler: a deferrable share of the requests become one-line jobs
// (as `x-margin-defer` would make them) with a deadline, spread over a model mix; the rest run at once.
// Totals compare what the plans cost and emit with running everything at once. Used by
// `npm run eval:deferral` and, on a small fixture, by npm test.
import type { Catalog } from '../../catalog/catalog.js';
import type { TraceRequest } from '../../traces/types.js';
import { hashString, makeRng } from '../../util/rng.js';
import type { DeferralObjective, ScheduleMode, ScheduleRequest } from '../types.js';
import { planJob } from './plan.js';
import type { ScheduleSignals } from './signals.js';
import { HOUR_MS, WEEK_MS } from './timeline.js';

/** One model of the mix: where it runs and whether its provider takes batches. */
export interface MixEntry {
  priceId: string;
  provider: string;
  region: string;
  /** Relative share of the requests. */
  weight: number;
  /** Provider batch turnaround, ms (absent: no batch API through the gateway). */
  batchTurnaroundMs?: number;
}

/**
 * The default mix (a plausible multi-provider gateway, documented in docs/deferral.md): OpenAI and
 * Anthropic in Virginia, Gemini in Oregon, Mistral in France with their 24-hour batch APIs; DeepSeek
 * (off-peak pricing, no batch API through Margin) on the world-average grid.
 */
export const DEFAULT_MIX: MixEntry[] = [
  {
    priceId: 'gpt-4o-mini',
    provider: 'openai',
    region: 'us-virginia',
    weight: 0.35,
    batchTurnaroundMs: 24 * HOUR_MS,
  },
  {
    priceId: 'claude-sonnet-4-5',
    provider: 'anthropic',
    region: 'us-virginia',
    weight: 0.15,
    batchTurnaroundMs: 24 * HOUR_MS,
  },
  {
    priceId: 'gemini-2.5-flash',
    provider: 'gemini',
    region: 'us-oregon',
    weight: 0.2,
    batchTurnaroundMs: 24 * HOUR_MS,
  },
  { priceId: 'deepseek-flash', provider: 'deepseek', region: 'world', weight: 0.2 },
  {
    priceId: 'mistral-small',
    provider: 'mistral',
    region: 'france',
    weight: 0.1,
    batchTurnaroundMs: 24 * HOUR_MS,
  },
];

export interface ReplayOptions {
  catalog: Catalog;
  signals?: Omit<ScheduleSignals, 'catalog'>;
  objective: DeferralObjective;
  /** Share of requests that may wait (0–1). */
  share: number;
  deadlineMs: number;
  mix?: MixEntry[];
  /** Epoch ms the trace's first arrival is laid at; with `starts` > 1 the trace is replayed again from
   * further starts spread evenly over the week, so no one hour of day decides the result. */
  start?: number;
  starts?: number;
  /** Seed of the deterministic draws (deferrable or not, model). */
  seed?: number;
}

export interface ReplayResult {
  costShareOfImmediate: number;
  co2eShareOfImmediate: number;
  deadlinesMissed: number;
  jobs: number;
  /** Same shares over the deferrable requests only. */
  deferredCostShare: number;
  deferredCo2eShare: number;
  modes: Partial<Record<ScheduleMode, number>>;
  requests: number;
}

/** Monday 2026-12-07 09:00 UTC: a working-hours start for the default replay. */
export const DEFAULT_START = Date.UTC(2026, 11, 7, 9);

/** Estimated live run time of one request: 2 s to first token, then 50 tokens/s. */
export const runMsOf = (r: TraceRequest) => 2000 + r.outputTokens * 20;

/** The mix entry a draw `u` in [0, total weight) falls on. */
function pickModel(mix: readonly MixEntry[], u: number): MixEntry {
  let left = u;
  for (const m of mix) {
    left -= m.weight;
    if (left < 0) return m;
  }
  return mix[mix.length - 1] as MixEntry;
}

export function replayDeferral(requests: readonly TraceRequest[], o: ReplayOptions): ReplayResult {
  const mix = o.mix ?? DEFAULT_MIX;
  const totalW = mix.reduce((a, m) => a + m.weight, 0);
  const starts = Math.max(1, Math.round(o.starts ?? 1));
  const start0 = o.start ?? DEFAULT_START;
  const rand = makeRng(o.seed ?? hashString('eval:deferral'));
  const signals: ScheduleSignals = { ...(o.signals ?? {}), catalog: o.catalog };
  const t0 = requests[0]?.tMs ?? 0;
  const acc = { all: [0, 0, 0, 0], deferred: [0, 0, 0, 0] };
  const modes: Partial<Record<ScheduleMode, number>> = {};
  let jobs = 0;
  let missed = 0;
  let count = 0;
  for (let k = 0; k < starts; k++) {
    const base = start0 + Math.floor((k * WEEK_MS) / starts);
    for (const r of requests) {
      if (r.failed) continue;
      const deferrable = rand() < o.share;
      const m = pickModel(mix, rand() * totalW);
      const now = base + (r.tMs - t0);
      const req: ScheduleRequest = {
        now,
        deadline: deferrable ? now + o.deadlineMs : now + runMsOf(r),
        objective: o.objective,
        priceId: m.priceId,
        provider: m.provider,
        region: m.region,
        lines: 1,
        inputTokens: r.inputTokens,
        outputTokens: r.outputTokens,
        runMs: runMsOf(r),
        ...(deferrable && m.batchTurnaroundMs !== undefined
          ? { providerBatch: { turnaroundMs: m.batchTurnaroundMs } }
          : {}),
      };
      const plan = planJob(req, signals);
      count++;
      const e = deferrable ? plan.expected : plan.immediate;
      const add = (a: number[]) => {
        a[0] = (a[0] ?? 0) + e.usd;
        a[1] = (a[1] ?? 0) + plan.immediate.usd;
        a[2] = (a[2] ?? 0) + e.co2eG;
        a[3] = (a[3] ?? 0) + plan.immediate.co2eG;
      };
      add(acc.all);
      if (!deferrable) continue;
      add(acc.deferred);
      jobs++;
      modes[plan.mode] = (modes[plan.mode] ?? 0) + 1;
      if (plan.late || plan.finishBy > req.deadline) missed++;
    }
  }
  const ratio = (a: number[], i: number) => ((a[i + 1] ?? 0) > 0 ? (a[i] ?? 0) / (a[i + 1] ?? 1) : 1);
  return {
    costShareOfImmediate: ratio(acc.all, 0),
    co2eShareOfImmediate: ratio(acc.all, 2),
    deadlinesMissed: missed,
    jobs,
    deferredCostShare: ratio(acc.deferred, 0),
    deferredCo2eShare: ratio(acc.deferred, 2),
    modes,
    requests: count,
  };
}
