// Provider prompt caching for API options: the share of input tokens read from the provider's cache and
// the share written to it. A prefix is written (Anthropic-style: 1.25× input, 5-minute TTL refreshed on
// each hit) when first seen or after it expired, and read otherwise. The meter prices both token classes;
// this module only counts tokens.
import type { Workload } from './schema.js';

/** Provider cache lifetime, s (the 5-minute write price applies). */
export const CACHE_TTL_S = 300;
/** Assumed writes per read when the workload gives neither writeShare nor distinctPrefixesPerDay. */
export const DEFAULT_WRITES_PER_READ = 0.1;

export interface CacheShares {
  /** Share of input tokens read from the provider cache (cached price). */
  readShare: number;
  /** Share of input tokens written to the provider cache (5-minute write price; input price where none). */
  writeShare: number;
  /** Where the split comes from, for --explain. */
  source: string;
}

/**
 * The read/write split of input tokens for API options. `hourlyCalls` (model calls per hour over the
 * horizon) is needed only for `distinctPrefixesPerDay`: each of the D prefixes then gets calls/D per hour
 * as a Poisson stream, so a use finds its prefix expired with probability m = e^(−rate × TTL); over the
 * horizon, call-weighted, reads = prefixShare × (1 − m̄) and writes = prefixShare × m̄.
 */
export function providerCacheShares(cache: Workload['cache'], hourlyCalls?: ArrayLike<number>): CacheShares {
  const p = cache.prefixShare;
  if (cache.writeShare !== undefined) {
    return {
      readShare: p,
      writeShare: Math.min(cache.writeShare, 1 - p),
      source: 'cache.writeShare',
    };
  }
  const d = cache.distinctPrefixesPerDay;
  if (d !== undefined && hourlyCalls) {
    let calls = 0;
    let misses = 0;
    for (let h = 0; h < hourlyCalls.length; h++) {
      const c = hourlyCalls[h] ?? 0;
      if (c <= 0) continue;
      calls += c;
      misses += c * Math.exp((-c / (3600 * d)) * CACHE_TTL_S);
    }
    const m = calls > 0 ? misses / calls : 1;
    return {
      readShare: p * (1 - m),
      writeShare: p * m,
      source: `${d} distinct prefixes/day: ${(m * 100).toFixed(1)}% of prefix uses find it expired (${CACHE_TTL_S / 60}-minute TTL, Poisson uses)`,
    };
  }
  return {
    readShare: p,
    writeShare: Math.min(p * DEFAULT_WRITES_PER_READ, 1 - p),
    source: `assumed one write per ${1 / DEFAULT_WRITES_PER_READ} reads (set cache.writeShare or cache.distinctPrefixesPerDay)`,
  };
}
