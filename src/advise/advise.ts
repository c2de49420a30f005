// `margin advise`: reads a window of the ledger, runs every lever on it and ranks their actions by the
// dollars a month they would save on the measured traffic.
import type { Catalog } from '../catalog/catalog.js';
import { MarginError } from '../errors/index.js';
import type { LedgerFilter, LedgerStore } from '../ledger/index.js';
import { storeToWorkload } from '../planner/index.js';
import { batch } from './levers/batch.js';
import { lowerCarbonRegion } from './levers/carbon.js';
import { cheaperModel } from './levers/cheaper-model.js';
import { gpuTier } from './levers/gpu-tier.js';
import { outputCap } from './levers/output-cap.js';
import { promptCaching } from './levers/prompt-caching.js';
import { selfHost } from './levers/self-host.js';
import { volumeDiscount } from './levers/volume.js';
import type { AdviseAction, AdviseInput, AdviseReport, Finding, Lever } from './types.js';

const DAY_MS = 86_400_000;
/** Records read at most (the newest in the window); monthly figures scale by the span they cover. */
export const DEFAULT_SAMPLE_LIMIT = 200_000;

export const LEVERS: ReadonlyArray<readonly [string, Lever]> = [
  ['prompt caching', promptCaching],
  ['output caps', outputCap],
  ['batch pricing', batch],
  ['cheaper model', cheaperModel],
  ['volume discount', volumeDiscount],
  ['self-hosting and GPU tier', selfHost],
  ['GPU tier of self-hosted upstreams', gpuTier],
  ['lower-carbon region', lowerCarbonRegion],
];

export interface AdviseOptions {
  catalog: Catalog;
  /** Window, days, ending at the newest record (default 30). */
  days?: number;
  /** Records read at most (default 200,000). */
  sampleLimit?: number;
  /** Only this tenant's records (a tenant key reading /api/advise). */
  filter?: LedgerFilter;
  now?: number;
  /** Run the planner for the self-hosting levers (default true; off for tenant-scoped reports). */
  selfHosting?: boolean;
}

function spanText(ms: number): string {
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} minutes`;
  return ms < 86_400_000 ? `${(ms / 3_600_000).toFixed(1)} hours` : `${(ms / 86_400_000).toFixed(1)} days`;
}

/** Checks `--days` / `?days=`: a whole number of days from 1 to 3650. */
export function checkDays(days: number): number {
  if (!Number.isInteger(days) || days < 1 || days > 3650)
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `days must be a whole number from 1 to 3650 (got ${days})`,
      {
        param: 'days',
      },
    );
  return days;
}

/** Ranks findings: largest saving first; each gets its rank. */
export function rank(findings: readonly Finding[]): AdviseAction[] {
  return [...findings]
    .sort((a, b) => b.usdPerMonth - a.usdPerMonth || (b.co2eKgPerMonth ?? 0) - (a.co2eKgPerMonth ?? 0))
    .map((f, i) => ({ ...f, rank: i + 1 }));
}

/** Runs the levers on an already-loaded input. */
export function adviseInput(input: AdviseInput): Finding[] {
  const out: Finding[] = [];
  for (const [, lever] of LEVERS) out.push(...lever(input));
  return out;
}

/** The advise report for a ledger store. */
export async function advise(store: LedgerStore, opts: AdviseOptions): Promise<AdviseReport> {
  const days = checkDays(opts.days ?? 30);
  const limit = opts.sampleLimit ?? DEFAULT_SAMPLE_LIMIT;
  const generatedAt = new Date(opts.now ?? Date.now()).toISOString();
  const filter = opts.filter ?? {};
  const newest = (await store.records({ limit: 1, filter }))[0];
  if (!newest) return { generatedAt, days, requests: 0, actions: [], notes: ['the ledger has no records'] };
  const to = newest.ts + 1;
  const from = to - days * DAY_MS;
  const records = (await store.records({ from, to, limit, filter })).reverse();
  const total = await store.countRaw({ from, to, filter });
  const first = records[0]!.ts;
  const spanDays = Math.max(3_600_000, to - first) / DAY_MS;
  const feedback = opts.filter?.tenant !== undefined ? [] : await store.feedbackWithRoutes({ from, to });
  let workload: Record<string, unknown> | undefined;
  if (opts.selfHosting !== false && opts.filter?.tenant === undefined) {
    try {
      workload = (await storeToWorkload(store, 'ledger', { days })).patch;
    } catch {
      workload = undefined; // no successful requests: nothing to plan
    }
  }
  const input: AdviseInput = {
    ...(workload ? { workload } : {}),
    catalog: opts.catalog,
    records,
    feedback,
    spanDays,
    requestsPerDay: records.length / spanDays,
    seed: 0x5eed,
  };
  const notes = [
    `window: ${days} days up to the newest record (${new Date(newest.ts).toISOString()}); ${records.length.toLocaleString('en-US')} records spanning ${spanText(to - first)}; monthly figures scale ${to - first < 3_600_000 ? 'an hour (the shortest span advise scales from)' : 'that span'} to 30.44 days`,
  ];
  if (total > records.length)
    notes.push(
      `sampled the newest ${records.length.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} records (their span sets the monthly scale)`,
    );
  if (spanDays < 1)
    notes.push('less than a day of traffic: the monthly figures extrapolate it and are low-confidence');
  return { generatedAt, days, requests: records.length, actions: rank(adviseInput(input)), notes };
}
