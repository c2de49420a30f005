// Provider prompt caching where prompt prefixes repeat: from the ledger's prefix fingerprints, each model
// call whose prefix (at the deepest fingerprint level) another call of the same model shares would read
// that prefix from the provider's cache — or write it, when it is the first use or the cache has expired
// (5-minute TTL) — instead of paying the full input price. Saving per request = meter(actual usage) −
// meter(the same usage with the prefix read or written), at the request's own time and tier.
import type { ModelPrice } from '../../catalog/schema.js';
import type { LedgerRecord } from '../../ledger/index.js';
import { PREFIX_CHARS_PER_TOKEN, PREFIX_LEVEL_TOKENS } from '../../ledger/prefix.js';
import { ratesFor } from '../../meter/index.js';
import { costOf, isModelCall, Prices, perM } from '../priced.js';
import { DAYS_PER_MONTH, monthly, usd } from '../stats.js';
import type { AdviseInput, Finding } from '../types.js';

/** Provider cache lifetime assumed (Anthropic's default TTL; OpenAI keeps prefixes 5–10 minutes idle). */
export const CACHE_TTL_MS = 5 * 60_000;
/** Smallest cacheable prefix for models whose catalog entry names none (OpenAI and Anthropic: 1024). */
const DEFAULT_MIN_TOKENS = 1024;

interface Call {
  r: LedgerRecord;
  tokens: number;
  key: string;
}

function cachingPriced(p: ModelPrice): boolean {
  return p.price.cachedInput !== undefined && p.price.cachedInput < p.price.input;
}

export function promptCaching(input: AdviseInput): Finding[] {
  const prices = new Prices(input.catalog);
  const byModel = new Map<string, LedgerRecord[]>();
  for (const r of input.records) {
    if (!isModelCall(r) || !r.prefixHashes || r.prefixHashes.length === 0) continue;
    const p = prices.of(r.servedModel);
    if (!p || !cachingPriced(p)) continue;
    const list = byModel.get(p.id) ?? [];
    list.push(r);
    byModel.set(p.id, list);
  }
  const out: Finding[] = [];
  for (const [model, records] of byModel) {
    const price = input.catalog.price(model);
    const minTokens = price.minCacheableTokens ?? DEFAULT_MIN_TOKENS;
    // How often each (level, hash) occurs for this model.
    const counts = new Map<string, number>();
    for (const r of records)
      for (let l = 0; l < r.prefixHashes!.length; l++) {
        const k = `${l}:${r.prefixHashes![l]}`;
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
    // Each call at its deepest level whose prefix repeats and is long enough to cache.
    const groups = new Map<string, Call[]>();
    for (const r of records) {
      const hs = r.prefixHashes!;
      for (let l = hs.length - 1; l >= 0; l--) {
        const key = `${l}:${hs[l]}`;
        if ((counts.get(key) ?? 0) < 2) continue;
        const tokens = Math.min(PREFIX_LEVEL_TOKENS[l] ?? 0, r.usage.inputTokens);
        if (tokens < minTokens) break;
        const g = groups.get(key) ?? [];
        g.push({ r, tokens, key });
        groups.set(key, g);
        break;
      }
    }
    const savings: number[] = [];
    let reads = 0;
    let writes = 0;
    let already = 0;
    let tokenSum = 0;
    let largest = 0;
    let calls = 0;
    for (const g of groups.values()) {
      g.sort((a, b) => a.r.ts - b.r.ts);
      largest = Math.max(largest, g.length);
      let last = Number.NEGATIVE_INFINITY;
      for (const c of g) {
        const u = c.r.usage;
        const warm = c.r.ts - last <= CACHE_TTL_MS;
        last = c.r.ts;
        calls++;
        if (u.cacheReadTokens + u.cacheWrite5mTokens + u.cacheWrite1hTokens > 0) {
          already++;
          continue;
        }
        const cf = warm ? { ...u, cacheReadTokens: c.tokens } : { ...u, cacheWrite5mTokens: c.tokens };
        savings.push(costOf(price, u, c.r.ts) - costOf(price, cf, c.r.ts));
        tokenSum += c.tokens;
        if (warm) reads++;
        else writes++;
      }
    }
    if (reads === 0) continue;
    const est = monthly(savings, input.spanDays, input.seed);
    if (est.usdPerMonth <= 0) continue;
    const sample = savings.reduce((a, b) => a + b, 0);
    const meanTokens = tokenSum / (reads + writes);
    const rates = ratesFor(price, { ...records[0]!.usage, kind: 'sync' }).rates;
    out.push({
      id: `prompt-caching:${model}`,
      title: `Prompt caching on ${model}: ${calls.toLocaleString('en-US')} calls share ${groups.size} repeated prefix${groups.size === 1 ? '' : 'es'}`,
      usdPerMonth: est.usdPerMonth,
      usdPerMonthLow: est.usdPerMonthLow,
      usdPerMonthHigh: est.usdPerMonthHigh,
      confidence: est.confidence,
      explain: [
        `${records.length.toLocaleString('en-US')} successful ${model} calls in the sample carry prefix fingerprints; ${calls.toLocaleString('en-US')} share a prefix of ≥ ${minTokens} tokens (the model's smallest cacheable prefix) with another call: ${groups.size} distinct prefix${groups.size === 1 ? '' : 'es'}, the most repeated ${largest.toLocaleString('en-US')} times`,
        `prefix length = the deepest fingerprint level that repeats (${PREFIX_LEVEL_TOKENS.join('/')} tokens at ${PREFIX_CHARS_PER_TOKEN} characters a token), at most the call's input tokens: mean ${Math.round(meanTokens).toLocaleString('en-US')} tokens`,
        `with a ${CACHE_TTL_MS / 60_000}-minute cache lifetime: ${reads.toLocaleString('en-US')} calls would read the prefix, ${writes.toLocaleString('en-US')} would write it (first use, or idle > ${CACHE_TTL_MS / 60_000} min)${already > 0 ? `; ${already} already used the provider cache and are left as they are` : ''}`,
        `catalog ${model} (${price.source}, ${price.asOf}), standard tier: input ${perM(rates.input)}, cached input ${perM(rates.cachedInput)}, cache write ${perM(rates.cacheWrite5m)}`,
        `per read: ${Math.round(meanTokens)} × (${perM(rates.input)} − ${perM(rates.cachedInput)}) ≈ ${usd((meanTokens * (rates.input - rates.cachedInput)) / 1e6)}; per write: ${Math.round(meanTokens)} × (${perM(rates.input)} − ${perM(rates.cacheWrite5m)}) ≈ ${usd((meanTokens * (rates.input - rates.cacheWrite5m)) / 1e6)}`,
        `sample saving (each call metered at its own time and tier, actual − with caching) = ${usd(sample)}`,
        `per month: ${usd(sample)} × ${DAYS_PER_MONTH} / ${input.spanDays.toPrecision(3)} days = ${usd(est.usdPerMonth)}; 90% bootstrap interval ${usd(est.usdPerMonthLow)}–${usd(est.usdPerMonthHigh)} over ${est.n.toLocaleString('en-US')} calls`,
        'how: keep `cache.promptCaching` on (`anthropic: auto`, `openai: auto`, the default) and put the stable part of the prompt (tools, system, documents) first',
      ],
    });
  }
  return out;
}
