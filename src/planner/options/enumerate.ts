// Builds the candidate list from the workload: API models (catalog prices) and the self-hosted grid.
// Combinations that cannot exist (no price for the tier, a tensor-parallel group larger than the
// accelerator's fast-link domain) are skipped and counted, not reported as options.
import type { Catalog } from '../../catalog/catalog.js';
import { devicePrice } from '../../catalog/offers.js';
import type { Hardware } from '../../catalog/schema.js';
import { idleWatts } from '../../physics/index.js';
import type { Workload } from '../workload/schema.js';
import type { PlanOption, Tier } from './types.js';

export interface Enumeration {
  options: PlanOption[];
  /** Why combinations were left out, with counts. */
  skipped: Record<string, number>;
}

function tierApplies(hw: Hardware, tier: Tier): boolean {
  if (tier === 'edge') return hw.kind === 'edge';
  if (tier === 'onprem') return hw.kind !== 'edge';
  return true;
}

/** Every option the workload asks to compare; unknown ids throw with close matches. */
export function enumerateOptions(w: Workload, catalog: Catalog): Enumeration {
  const skipped: Record<string, number> = {};
  const skip = (why: string) => {
    skipped[why] = (skipped[why] ?? 0) + 1;
  };
  const regions = w.candidates.regions.map((r) => catalog.region(r));
  const options: PlanOption[] = [];
  const apiRegion = regions[0]!;
  // `all` means every priced generation model (embedding models have no output price).
  const apiModels =
    w.candidates.api === 'all'
      ? catalog.prices.all.filter((p) => p.price.output > 0)
      : w.candidates.api.map((id) => catalog.price(id));
  const seenApi = new Set<string>();
  for (const price of apiModels) {
    if (seenApi.has(price.id)) continue;
    seenApi.add(price.id);
    options.push({ kind: 'api', id: `api:${price.id}`, price, region: apiRegion });
  }
  const sh = w.candidates.selfHosted;
  if (!sh) return { options, skipped };
  const models = sh.models.map((id) => catalog.model(id));
  const devices = sh.hardware.map((id) => catalog.device(id));
  for (const model of models) {
    for (const hw of devices) {
      for (const count of sh.counts) {
        if (count > hw.interconnect.maxGroup) {
          skip(`count above the fast-link group (${hw.id} max ${hw.interconnect.maxGroup})`);
          continue;
        }
        for (const precision of sh.precisions) {
          for (const engine of sh.engines) {
            for (const powerLimitW of sh.powerLimitsW ?? [undefined]) {
              if (powerLimitW !== undefined && powerLimitW <= idleWatts(hw) * 1.1) {
                skip(`power limit ${powerLimitW} W is at or below ${hw.id}'s idle power`);
                continue;
              }
              for (const tier of sh.tiers) {
                if (!tierApplies(hw, tier)) {
                  skip(`tier ${tier} does not apply to ${hw.kind} hardware`);
                  continue;
                }
                for (const region of regions) {
                  // The cheapest offer of the tier serving the region at the allowed commitments (or the
                  // hardware's own tier price; purchase amortised for owned tiers).
                  const price = devicePrice(catalog, hw, tier, {
                    region,
                    commitments: sh.commitments,
                    years: w.fleet.amortisationYears,
                    overhead: w.fleet.onpremOverheadPerDeviceHour,
                  });
                  if (!price) {
                    skip(`no ${tier} price for ${hw.id}`);
                    continue;
                  }
                  const limit = powerLimitW === undefined ? '' : `@${powerLimitW}W`;
                  const id = `${model.id}@${hw.id}x${count}${limit}:${precision}:${engine}:${tier}:${region.id}`;
                  options.push({
                    kind: 'self-hosted',
                    id,
                    model,
                    hardware: hw,
                    count,
                    precision,
                    engine,
                    ...(powerLimitW !== undefined ? { powerLimitW } : {}),
                    tier,
                    region,
                    price,
                  });
                }
              }
            }
          }
        }
      }
    }
  }
  return { options, skipped };
}
