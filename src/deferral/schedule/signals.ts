// What the scheduler reads besides the job: the catalog (prices, windows, regions), hourly grid carbon
// profiles per region and, for self-hosted upstreams, the ledger's load curve by hour of the week.
import type { Catalog } from '../../catalog/catalog.js';
import type { Region } from '../../catalog/schema.js';
import type { CarbonProfile } from '../types.js';
import { hourOfWeek } from './timeline.js';

/** Requests by hour of the week (168 values, 0 = Sunday 00:00 UTC); any scale, only the shape matters. */
export type LoadCurve = readonly number[];

export interface ScheduleSignals {
  catalog: Catalog;
  /**
   * Hourly carbon profiles by catalog region id (default: the catalog's typical weeks; `loadCarbonProfiles`
   * layers a user file or URL on them). A region without a profile is flat at its annual average.
   */
  carbon?: ReadonlyMap<string, CarbonProfile>;
  /** Load curves of self-hosted upstreams, by the job's `provider` (upstream name). */
  load?: ReadonlyMap<string, LoadCurve>;
  /** Furthest ahead a start is searched, ms (default 7 days: the profiles repeat weekly). */
  horizonMs?: number;
}

/** g CO2e/kWh of `region` at instant `at`: its profile's hour, else its annual average. */
export function intensityAt(region: Region, profile: CarbonProfile | undefined, at: number): number {
  if (!profile) return region.gridGCo2ePerKwh;
  const how = hourOfWeek(at);
  const v = profile.gPerKwh[Math.floor(how / 24)]?.[how % 24];
  return v ?? region.gridGCo2ePerKwh;
}
