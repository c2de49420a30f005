// A volume-discount prompt: past 1M requests a day, list prices are a starting point. Advise names the
// providers the spend goes to (metered in the ledger) and gives no dollar figure: discounts are negotiated
// and the catalog holds list prices only.
import { DAYS_PER_MONTH, usd } from '../stats.js';
import type { AdviseInput, Finding } from '../types.js';

export const VOLUME_REQUESTS_PER_DAY = 1_000_000;

export function volumeDiscount(input: AdviseInput): Finding[] {
  if (input.requestsPerDay < VOLUME_REQUESTS_PER_DAY) return [];
  const spend = new Map<string, number>();
  for (const r of input.records) {
    if (r.provider === null || r.costUsd.total <= 0) continue;
    spend.set(r.provider, (spend.get(r.provider) ?? 0) + r.costUsd.total);
  }
  const scale = DAYS_PER_MONTH / input.spanDays;
  const top = [...spend].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return [
    {
      id: 'volume-discount',
      title: `${Math.round(input.requestsPerDay).toLocaleString('en-US')} requests/day: ask ${top.map(([p]) => p).join(', ') || 'your providers'} for committed-use pricing`,
      usdPerMonth: 0,
      usdPerMonthLow: 0,
      usdPerMonthHigh: 0,
      confidence: 'low',
      explain: [
        `measured rate ${Math.round(input.requestsPerDay).toLocaleString('en-US')} requests/day ≥ ${VOLUME_REQUESTS_PER_DAY.toLocaleString('en-US')}: list prices are negotiable at this volume (committed spend, provisioned throughput, enterprise agreements)`,
        ...top.map(
          ([p, s]) =>
            `${p}: ${usd(s * scale)}/month at list prices (metered spend × ${DAYS_PER_MONTH} / ${input.spanDays.toPrecision(3)} days)`,
        ),
        'no dollar figure: discounts are negotiated and the catalog holds list prices only; a negotiated price can be entered as a catalog overlay (MARGIN_CATALOG) so the meter and this report use it',
      ],
    },
  ];
}
