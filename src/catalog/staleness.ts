// Staleness policy: every catalog entry says when its figure was true (`asOf`); entries older than a
// configurable age are flagged wherever a price is shown (margin price, the serve start-up line, margin
// catalog). Retirement: a model its provider stopped serving is flagged the same way.
import { MarginError } from '../errors/index.js';
import type { Catalog } from './catalog.js';
import type { ModelPrice } from './schema.js';

/** Default largest age of a price before it is flagged, days (provider prices move every few months). */
export const DEFAULT_MAX_AGE_DAYS = 180;

const DAY_MS = 86_400_000;

/** The last day an `asOf` covers: `2026-11` means "true in November 2026", so it ages from 30 November. */
export function asOfDate(asOf: string): Date {
  const [y, m, d] = asOf.split('-').map(Number) as [number, number, number | undefined];
  return d === undefined ? new Date(Date.UTC(y, m, 0)) : new Date(Date.UTC(y, m - 1, d));
}

/** Whole days from `asOf` to `now` (0 when `asOf` is in the future). */
export function ageDays(asOf: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - asOfDate(asOf).getTime()) / DAY_MS));
}

export interface StalenessPolicy {
  maxAgeDays: number;
  now: Date;
}

/** The age limit from MARGIN_CATALOG_MAX_AGE_DAYS (a whole number of days), else the default. */
export function maxAgeFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MARGIN_CATALOG_MAX_AGE_DAYS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_MAX_AGE_DAYS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `MARGIN_CATALOG_MAX_AGE_DAYS must be a whole number of days ≥ 1 (got '${raw}')`,
    );
  }
  return n;
}

/** The policy for CLI commands: the environment's age limit, today. */
export function defaultPolicy(env: NodeJS.ProcessEnv = process.env): StalenessPolicy {
  return { maxAgeDays: maxAgeFromEnv(env), now: new Date() };
}

export function isStale(asOf: string, policy: StalenessPolicy): boolean {
  return ageDays(asOf, policy.now) > policy.maxAgeDays;
}

/** True when the provider has stopped serving the model by `now`. */
export function isRetired(p: ModelPrice, now: Date): boolean {
  const r = p.lifecycle?.retired;
  return r !== undefined && asOfDate(r).getTime() <= now.getTime();
}

/** Warnings for one price entry: retired or deprecated, and older than the policy allows. */
export function priceWarnings(p: ModelPrice, policy: StalenessPolicy): string[] {
  const out: string[] = [];
  const lc = p.lifecycle;
  const instead = lc?.replacement ? `; use ${lc.replacement}` : '';
  if (lc?.retired && isRetired(p, policy.now))
    out.push(`${p.id} was retired by ${p.provider} on ${lc.retired}${instead}`);
  else if (lc?.retired) out.push(`${p.id} is scheduled for retirement on ${lc.retired}${instead}`);
  else if (lc?.deprecated) out.push(`${p.id} is deprecated since ${lc.deprecated}${instead}`);
  if (isStale(p.asOf, policy)) {
    out.push(
      `price of ${p.id} is as of ${p.asOf} (${ageDays(p.asOf, policy.now)} days old, limit ${policy.maxAgeDays}): ` +
        `check it with 'margin catalog check --against <file>'`,
    );
  }
  return out;
}

export interface StaleSummary {
  /** Price entries still served (not retired). */
  current: number;
  /** Of those, entries older than the limit. */
  stale: number;
  oldestAsOf: string | undefined;
  newestAsOf: string | undefined;
}

/** Counts the stale price entries among the models still served. */
export function staleSummary(catalog: Catalog, policy: StalenessPolicy): StaleSummary {
  const live = catalog.prices.all.filter((p) => !isRetired(p, policy.now));
  const dates = live.map((p) => asOfDate(p.asOf).getTime());
  const pick = (t: number) => live[dates.indexOf(t)]?.asOf;
  return {
    current: live.length,
    stale: live.filter((p) => isStale(p.asOf, policy)).length,
    oldestAsOf: dates.length ? pick(Math.min(...dates)) : undefined,
    newestAsOf: dates.length ? pick(Math.max(...dates)) : undefined,
  };
}

/** One clause for a start-up line: "catalog prices as of 2026-11 (3 of 120 older than 180 days)". */
export function staleClause(s: StaleSummary, policy: StalenessPolicy): string {
  const head = `catalog prices as of ${s.newestAsOf ?? 'n/a'}`;
  if (s.stale === 0) return `${head} (none older than ${policy.maxAgeDays} days)`;
  return `${head} (${s.stale} of ${s.current} older than ${policy.maxAgeDays} days, oldest ${s.oldestAsOf}: margin catalog check)`;
}
