// Catalog against another price database: every field where the two disagree, and the overlay that adopts
// the other side's figures for the models a user accepts. Known, explained differences are marked.
import type { Catalog } from './catalog.js';
import { KNOWN_DIFFERENCES } from './data/known-differences.js';
import { type ExternalPrice, type ExternalSource, findExternal } from './external.js';
import type { ModelPrice, ModelPriceInput, PriceTier } from './schema.js';

export const COMPARED_FIELDS = [
  'input',
  'output',
  'cachedInput',
  'cacheWrite5m',
  'cacheWrite1h',
  'longContext.thresholdTokens',
  'longContext.input',
  'longContext.output',
] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

export interface Disagreement {
  id: string;
  provider: string;
  field: ComparedField;
  /** Catalog value (undefined: the catalog lists no such price). */
  catalog: number | undefined;
  other: number;
  /** The other database's key for the model. */
  otherKey: string;
  /** The explanation, when the difference is a known and accepted one. */
  known?: string;
}

const same = (a: number, b: number): boolean =>
  Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

function tierValue(
  t: (PriceTier & { thresholdTokens?: number }) | undefined,
  field: string,
): number | undefined {
  if (!t) return undefined;
  return (t as Record<string, number | undefined>)[field];
}

function fieldValue(p: ModelPrice | ExternalPrice, field: ComparedField): number | undefined {
  if (field.startsWith('longContext.')) return tierValue(p.longContext, field.slice('longContext.'.length));
  return tierValue(p.price, field);
}

/** Which database a source label names, for the known-differences list. */
export function sourceKind(s: ExternalSource): 'litellm' | 'genai-prices' {
  return s.label.startsWith('LiteLLM') ? 'litellm' : 'genai-prices';
}

/**
 * Every disagreement between the catalog and `source`, over the models both list (same provider). A price
 * the other side lists and the catalog lacks (e.g. a cached-input price) is a disagreement; one the other
 * side leaves out is not (silence is not a price). Retired models are left out.
 */
export function compareCatalog(catalog: Catalog, source: ExternalSource, now = new Date()): Disagreement[] {
  const kind = sourceKind(source);
  const out: Disagreement[] = [];
  for (const p of catalog.prices.all) {
    const retired = p.lifecycle?.retired;
    if (retired && new Date(retired) <= now) continue;
    const ext = findExternal(source, catalog, p.id);
    if (!ext) continue;
    for (const field of COMPARED_FIELDS) {
      const theirs = fieldValue(ext, field);
      if (theirs === undefined) continue;
      const mine = fieldValue(p, field);
      if (mine !== undefined && same(mine, theirs)) continue;
      // The whole long-context tier is one difference when the catalog has none.
      if (field.startsWith('longContext.') && !p.longContext && field !== 'longContext.thresholdTokens')
        continue;
      const d: Disagreement = {
        id: p.id,
        provider: p.provider,
        field,
        catalog: mine,
        other: theirs,
        otherKey: ext.key,
      };
      const known = KNOWN_DIFFERENCES.find((k) => k.source === kind && k.id === p.id && k.field === field);
      if (known) d.known = known.reason;
      out.push(d);
    }
  }
  return out;
}

/** How many catalog models the source also lists (for the summary line). */
export function comparedCount(catalog: Catalog, source: ExternalSource): number {
  return catalog.prices.all.filter((p) => findExternal(source, catalog, p.id)).length;
}

function applyField(entry: ModelPriceInput, d: Disagreement): void {
  if (d.field.startsWith('longContext.')) {
    const key = d.field.slice('longContext.'.length) as keyof NonNullable<ModelPriceInput['longContext']>;
    const lc = entry.longContext ?? {
      thresholdTokens: 0,
      input: entry.price.input,
      output: entry.price.output,
    };
    (lc as Record<string, number>)[key] = d.other;
    entry.longContext = lc;
    return;
  }
  (entry.price as Record<string, number>)[d.field] = d.other;
}

/**
 * Overlay entries adopting the other side's figures for the accepted models: the catalog entry with each
 * disagreeing field replaced, re-sourced and re-dated (batch tiers are left as they were).
 */
export function acceptedOverlay(
  catalog: Catalog,
  disagreements: readonly Disagreement[],
  accepted: ReadonlySet<string>,
  provenance: { source: string; asOf: string },
): ModelPriceInput[] {
  const byId = new Map<string, Disagreement[]>();
  for (const d of disagreements) {
    if (!accepted.has(d.id)) continue;
    byId.set(d.id, [...(byId.get(d.id) ?? []), d]);
  }
  const out: ModelPriceInput[] = [];
  for (const [id, list] of byId) {
    const p = catalog.price(id);
    const entry = structuredClone(p) as ModelPriceInput;
    for (const d of list) applyField(entry, d);
    entry.source = `${provenance.source} (accepted over: ${p.source})`;
    entry.asOf = provenance.asOf;
    out.push(entry);
  }
  return out;
}
