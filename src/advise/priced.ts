// Counterfactual pricing for advise: a record's usage, or a changed copy of it, priced by the meter at the
// time the request ran. Every dollar advise reports goes through src/meter's computeCost.
import type { Catalog } from '../catalog/catalog.js';
import type { ModelPrice } from '../catalog/schema.js';
import type { LedgerRecord } from '../ledger/index.js';
import { computeCost, type Usage } from '../meter/index.js';

/** Price entries by served model name (undefined: the catalog does not price it, e.g. self-hosted). */
export class Prices {
  private readonly memo = new Map<string, ModelPrice | null>();
  constructor(readonly catalog: Catalog) {}

  of(model: string | null): ModelPrice | undefined {
    if (model === null) return undefined;
    let p = this.memo.get(model);
    if (p === undefined) {
      p = this.catalog.prices.find(model) ?? null;
      this.memo.set(model, p);
    }
    return p ?? undefined;
  }
}

/** Dollars of `usage` at `price` for a request that ran at `at`. */
export function costOf(price: ModelPrice, usage: Usage, at: number): number {
  return computeCost(price, usage, at).costUsd.total;
}

/** A model call that reached an upstream and succeeded (not a response-cache hit, not an error). */
export function isModelCall(r: LedgerRecord): boolean {
  return r.status < 400 && r.cache === 'miss' && r.usage.inputTokens + r.usage.outputTokens > 0;
}

/** `$x.xx/M` for a per-million rate. */
export const perM = (v: number): string => `$${Number(v.toPrecision(4))}/M`;
