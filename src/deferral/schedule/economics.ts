// A job's money and energy, from the meter only: dollars of all its lines at a given instant and tier (the
// meter applies batch prices and time-of-day windows), facility energy from the meter's label. Cached per
// price window, so a scheduler scanning hundreds of start times meters each distinct price once.
import type { Catalog } from '../../catalog/catalog.js';
import type { ModelPrice, PriceWindow, Region } from '../../catalog/schema.js';
import { meter } from '../../meter/label.js';
import { makeUsage, type Usage } from '../../meter/usage.js';
import { activeWindow } from '../../meter/windows.js';

export type RunKind = 'sync' | 'batch';

/** One request shape of a job and how many of them the job holds. */
export interface WeightedUsage {
  usage: Omit<Usage, 'kind'>;
  weight: number;
}

export interface JobEconomics {
  /** Dollars of the whole job run as `kind` (live, or a provider batch) at instant `at`. */
  usdAt(kind: RunKind, at: number): number;
  /** Facility energy of the whole job, Wh (the meter's label: physics energy × the region's PUE). */
  energyWh: number;
  /** Whether the price has a batch tier (else a provider batch is billed at standard prices). */
  hasBatchTier: boolean;
  windows: readonly PriceWindow[] | undefined;
  region: Region;
  notes: string[];
}

/**
 * Splits `lines` requests totalling `inputTokens` / `outputTokens` into at most four integer request shapes
 * with exactly those totals (the meter prices whole requests; long-context tiers apply per request).
 */
export function lineShapes(lines: number, inputTokens: number, outputTokens: number): WeightedUsage[] {
  const n = Math.max(1, Math.round(lines));
  const tin = Math.max(0, Math.round(inputTokens));
  const tout = Math.max(0, Math.round(outputTokens));
  const qi = Math.floor(tin / n);
  const qo = Math.floor(tout / n);
  const ri = tin - qi * n;
  const ro = tout - qo * n;
  const both = Math.min(ri, ro);
  const shapes: Array<[number, number, number]> = [
    [qi + 1, qo + 1, both],
    [qi + 1, qo, ri - both],
    [qi, qo + 1, ro - both],
    [qi, qo, n - Math.max(ri, ro)],
  ];
  return shapes
    .filter(([, , w]) => w > 0)
    .map(([i, o, w]) => ({ usage: makeUsage({ inputTokens: i, outputTokens: o }), weight: w }));
}

/** The economics of a job of `parts` on catalog price `priceId`, run in `region`. */
export function meterEconomics(
  catalog: Catalog,
  priceId: string,
  regionId: string,
  parts: readonly WeightedUsage[],
): JobEconomics {
  const price: ModelPrice = catalog.price(priceId);
  const region = catalog.regions.find(regionId) ?? catalog.region('world');
  const notes: string[] = [];
  if (region.id !== regionId && regionId !== 'world') {
    notes.push(`unknown region '${regionId}': world average intensity assumed`);
  }
  const ctx = { catalog, region: region.id, requireEnergy: false } as const;
  const total = (kind: RunKind, at: number | undefined): { usd: number; wh: number } => {
    let usd = 0;
    let wh = 0;
    for (const p of parts) {
      const label = meter(price.id, { ...p.usage, kind }, at === undefined ? ctx : { ...ctx, at });
      usd += p.weight * label.costUsd.total;
      wh += p.weight * label.energyWh;
      for (const n of label.notes) if (!notes.includes(n)) notes.push(n);
    }
    return { usd, wh };
  };
  const base = total('sync', undefined);
  const memo = new Map<string, number>();
  const ids = new Map<PriceWindow, number>();
  return {
    usdAt(kind, at) {
      const w = activeWindow(price.windows, kind, at);
      let id = -1;
      if (w) {
        id = ids.get(w) ?? ids.size;
        ids.set(w, id);
      }
      const key = `${kind}|${id}`;
      let v = memo.get(key);
      if (v === undefined) {
        v = total(kind, at).usd;
        memo.set(key, v);
      }
      return v;
    },
    energyWh: base.wh,
    hasBatchTier: price.batch !== undefined,
    windows: price.windows,
    region,
    notes,
  };
}

/** Economics of a job the catalog cannot price (a self-hosted model it does not know): zero, with a note. */
export function unpricedEconomics(catalog: Catalog, regionId: string, priceId: string): JobEconomics {
  return {
    usdAt: () => 0,
    energyWh: 0,
    hasBatchTier: false,
    windows: undefined,
    region: catalog.regions.find(regionId) ?? catalog.region('world'),
    notes: [`'${priceId}' has no catalog price: scheduled on the upstream's load alone`],
  };
}
