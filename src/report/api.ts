// The dashboard's JSON API over a ledger store: /api/summary, /api/timeseries, /api/recent, /api/report,
// /api/savings, /api/advise (the `margin advise --format json` report). The gateway routes GET /api/* here
// and serializes the returned body; bad query parameters throw MarginError (400).
import { adviseCached } from '../advise/index.js';
import type { Catalog } from '../catalog/catalog.js';
import { defaultCatalog } from '../catalog/index.js';
import { MarginError } from '../errors/index.js';
import { GROUP_BY, type GroupBy, type LedgerFilter, type LedgerStore } from '../ledger/store.js';
import { bucketSeries, parseBucket } from './buckets.js';
import { outputNumbers } from './format.js';
import { buildReport, recent, summary } from './ledger-report.js';
import { parseRange } from './range.js';
import { rangeSavings } from './savings-range.js';

/** What some routes need beyond the ledger. */
export interface ApiContext {
  /** Prices for /api/savings and /api/advise (default: the catalog Margin loads). */
  catalog?: Catalog;
}

function groupBy(v: string | null): GroupBy | null {
  if (v === null || v === '' || v === 'none') return null;
  if (!(GROUP_BY as readonly string[]).includes(v)) {
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `by must be one of ${GROUP_BY.join('|')} (got '${v}')`, {
      param: 'by',
    });
  }
  return v as GroupBy;
}

function filterOf(q: URLSearchParams, tenant: string | null | undefined): LedgerFilter {
  const f: LedgerFilter = {};
  for (const k of ['model', 'provider', 'key', 'tenant'] as const) {
    const v = q.get(k);
    if (v !== null) f[k] = v;
  }
  if (tenant !== undefined) {
    if (f.tenant !== undefined && f.tenant !== tenant) {
      throw new MarginError(
        'MARGIN_ERR_FORBIDDEN',
        `A tenant key reads only its own tenant's records (asked for tenant '${f.tenant}'); that needs an admin key.`,
        { param: 'tenant' },
      );
    }
    f.tenant = tenant;
  }
  return f;
}

/**
 * Answers GET /api/<name>?query from the ledger; null when the path is not one of ours (→ 404). With
 * `tenant` set (a tenant key's caller), every answer covers only that tenant's records.
 */
export async function ledgerApi(
  store: LedgerStore,
  pathname: string,
  query: URLSearchParams,
  now = Date.now(),
  tenant?: string | null,
  ctx: ApiContext = {},
): Promise<unknown | null> {
  // Money and every other number leave through the one output rounding (no float noise in the JSON).
  return outputNumbers(await answer(store, pathname, query, now, tenant, ctx));
}

async function answer(
  store: LedgerStore,
  pathname: string,
  query: URLSearchParams,
  now: number,
  tenant: string | null | undefined,
  ctx: ApiContext,
): Promise<unknown | null> {
  const name = pathname.replace(/^\/api\//, '').replace(/\/$/, '');
  const filter = filterOf(query, tenant);
  const scoped = tenant === undefined ? undefined : { tenant };
  const range = () =>
    parseRange({ since: query.get('since') ?? '7d', until: query.get('until') ?? undefined }, now);
  switch (name) {
    case 'savings':
      return rangeSavings(store, range(), scoped, ctx.catalog);
    case 'summary':
      return summary(store, range(), scoped);
    case 'timeseries': {
      const r = range();
      return bucketSeries(store, r, parseBucket(query.get('bucket'), r), scoped);
    }
    case 'recent': {
      const limit = Number(query.get('limit') ?? 50);
      if (!Number.isInteger(limit) || limit < 1) {
        throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', 'limit must be a positive integer', {
          param: 'limit',
        });
      }
      return { records: await recent(store, limit, undefined, scoped) };
    }
    case 'report':
      return buildReport(store, {
        range: range(),
        by: groupBy(query.get('by') ?? 'model'),
        filter,
      });
    case 'advise': {
      const days = query.get('days') ?? '30';
      if (!/^\d+$/.test(days))
        throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `days must be a whole number (got '${days}')`, {
          param: 'days',
        });
      return adviseCached(store, {
        catalog: ctx.catalog ?? defaultCatalog(),
        days: Number(days),
        now,
        ...(scoped ? { filter: scoped } : {}),
      });
    }
    default:
      return null;
  }
}
