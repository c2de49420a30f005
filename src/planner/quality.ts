// Quality next to cost: each option's score from the catalog (an API model's own, a self-hosted model's
// open-weight one), the workload's floor (absolute, or a reference model minus an acceptable drop), and
// what each cheaper option gives up against the best passing one.
import type { Catalog } from '../catalog/catalog.js';
import { MarginError } from '../errors/index.js';
import type { PlanOption } from './options/types.js';
import type { OptionResult, Plan } from './plan.js';
import type { Workload } from './workload/schema.js';

export interface OptionQuality {
  /** Score on the catalog's scale (MMLU-Pro %), null when unknown. */
  score: number | null;
  benchmark: string | null;
  source: string | null;
  estimated: boolean;
  /** False when a floor is set and the option misses it (an unknown score misses it too). */
  meetsFloor: boolean;
}

export interface QualityPolicy {
  floor: number;
  /** e.g. `gpt-4o-mini (72.6) − 5`. */
  describe: string;
}

/** The catalog id an option's quality is looked up by. */
const qualityId = (o: PlanOption): string => (o.kind === 'api' ? o.price.id : o.model.id);

/** The workload's floor, or undefined when it sets none. */
export function qualityPolicy(w: Workload, catalog: Catalog): QualityPolicy | undefined {
  const q = w.quality;
  if (!q) return undefined;
  if (q.reference === undefined) return { floor: q.floor ?? 0, describe: `${q.floor}` };
  const ref = catalog.qualityOf(q.reference);
  if (!ref) {
    throw new MarginError(
      'MARGIN_ERR_BAD_WORKLOAD',
      `workload.quality.reference: no quality score for '${q.reference}' in the catalog (give floor instead)`,
      { param: 'quality.reference' },
    );
  }
  const fromRef = ref.score - q.maxDrop;
  const floor = q.floor === undefined ? fromRef : Math.max(q.floor, fromRef);
  return {
    floor,
    describe: `${q.reference} (${ref.score})${q.maxDrop ? ` − ${q.maxDrop}` : ''}${q.floor !== undefined && q.floor > fromRef ? `, at least ${q.floor}` : ''}`,
  };
}

export function optionQuality(
  o: PlanOption,
  catalog: Catalog,
  policy: QualityPolicy | undefined,
): OptionQuality {
  const q = catalog.qualityOf(qualityId(o));
  const score = q?.score ?? null;
  return {
    score,
    benchmark: q?.benchmark ?? null,
    source: q ? `${q.source} (${q.asOf})` : null,
    estimated: q?.estimated ?? false,
    meetsFloor: policy === undefined || (score !== null && score >= policy.floor),
  };
}

export interface QualityTrade {
  id: string;
  score: number | null;
  usdPerQuery: number;
  /** Points below the best passing option (negative = better), null when either score is unknown. */
  givesUp: number | null;
  /** Cost saved against that option, 0..1. */
  saves: number;
}

/**
 * What the cheapest options give up: each of the first `n` feasible options meeting the floor, against the
 * anchor — the reference model's option when the workload names one and the plan has it, else the
 * highest-scoring feasible option meeting the floor.
 */
export function qualityTrades(
  plan: Plan,
  catalog: Catalog,
  n: number,
): { anchor: OptionResult; trades: QualityTrade[] } | undefined {
  const ok = plan.results.filter((r) => r.profile.feasible && r.quality.meetsFloor);
  const ref = plan.workload.quality?.reference;
  const refId = ref ? catalog.prices.find(ref)?.id : undefined;
  const anchor =
    ok.find((r) => r.option.kind === 'api' && r.option.price.id === refId) ??
    ok.reduce<OptionResult | undefined>(
      (best, r) => ((r.quality.score ?? -1) > (best?.quality.score ?? -1) ? r : best),
      undefined,
    );
  if (!anchor || anchor.quality.score === null) return undefined;
  const a = anchor.quality.score;
  const trades = ok.slice(0, n).map((r) => ({
    id: r.option.id,
    score: r.quality.score,
    usdPerQuery: r.usdPerQuery,
    givesUp: r.quality.score === null ? null : Math.round((a - r.quality.score) * 10) / 10,
    saves: anchor.usdPerQuery > 0 ? 1 - r.usdPerQuery / anchor.usdPerQuery : 0,
  }));
  return { anchor, trades };
}
