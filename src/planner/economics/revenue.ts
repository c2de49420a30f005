// Revenue under a pricing model (per query, subscription, credits) with marginal volume discounts, and
// the break-even price that would make revenue equal cost.
import type { Pricing } from '../workload/schema.js';

/** Units billed after marginal volume discounts (e.g. 10% off every unit above 1M). */
export function discountedUnits(
  units: number,
  tiers: ReadonlyArray<{ above: number; discount: number }>,
): number {
  if (units <= 0) return 0;
  const sorted = [...tiers].sort((a, b) => a.above - b.above);
  let billed = 0;
  let from = 0;
  let discount = 0;
  for (const t of sorted) {
    if (units <= t.above) break;
    billed += (Math.max(t.above, from) - from) * (1 - discount);
    from = Math.max(t.above, from);
    discount = t.discount;
  }
  billed += (units - from) * (1 - discount);
  return billed;
}

/** What the pricing model sells per month: units and their list price. */
export function billedUnits(
  pricing: Pricing,
  queries: number,
): { units: number; unitPrice: number; unit: string } {
  switch (pricing.model) {
    case 'per-query':
      return { units: queries, unitPrice: pricing.pricePerQuery, unit: 'query' };
    case 'subscription':
      return {
        units: queries / pricing.queriesPerUserMonth,
        unitPrice: pricing.pricePerUserMonth,
        unit: 'user/month',
      };
    case 'credits':
      // Credits sold = credits used / (1 − breakage): unused credits are revenue without cost.
      return {
        units: (queries * pricing.creditsPerQuery) / (1 - pricing.breakage),
        unitPrice: pricing.pricePerCredit,
        unit: 'credit',
      };
  }
}

/** Revenue in a month with `queries` user-facing queries; `priceFactor` scales the list price (what-ifs). */
export function monthlyRevenue(pricing: Pricing, queries: number, priceFactor = 1): number {
  const { units, unitPrice } = billedUnits(pricing, queries);
  return discountedUnits(units, pricing.volumeDiscounts) * unitPrice * priceFactor;
}

/** List price at which revenue equals cost (revenue is linear in the price). */
export function breakEvenPrice(pricing: Pricing, queries: number, costUsd: number): number {
  const { unitPrice } = billedUnits(pricing, queries);
  const revenue = monthlyRevenue(pricing, queries);
  return revenue > 0 ? (unitPrice * costUsd) / revenue : 0;
}

/** Gross margin (revenue − cost) / revenue; 0 when there is no revenue. */
export function grossMargin(revenue: number, cost: number): number {
  return revenue > 0 ? (revenue - cost) / revenue : 0;
}
