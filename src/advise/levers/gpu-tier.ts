// Marketplace vs hyperscaler GPUs for self-hosted upstreams already in the ledger (vLLM, SGLang, Ollama,
// TRT-LLM, other OpenAI-compatible servers, priced by GPU time): their metered spend × how much cheaper the
// catalog's marketplace offers are than hyperscalers' for the meter's accelerator (median on-demand price
// per provider, src/catalog/offers.ts compareKinds). Advise cannot see which tier the GPUs are rented at:
// the figure holds if they are a hyperscaler's.
import { compareKinds } from '../../catalog/offers.js';
import type { ProviderName } from '../../config/schema.js';
import { SELF_HOSTED_PROVIDERS } from '../../gateway/self-hosted.js';
import { METER_DEFAULTS } from '../../meter/index.js';
import { DAYS_PER_MONTH, monthly, usd } from '../stats.js';
import type { AdviseInput, Finding } from '../types.js';

export function gpuTier(input: AdviseInput, hardware = METER_DEFAULTS.hardware): Finding[] {
  const spend = input.records
    .filter(
      // Priced by GPU time: a self-hosted provider serving an open-weight model the catalog has facts for.
      (r) =>
        r.provider !== null &&
        SELF_HOSTED_PROVIDERS.has(r.provider as ProviderName) &&
        r.servedModel !== null &&
        input.catalog.models.find(r.servedModel) !== undefined &&
        r.costUsd.total > 0,
    )
    .map((r) => r.costUsd.total);
  if (spend.length === 0) return [];
  const k = compareKinds(input.catalog).find((c) => c.hardware === hardware);
  if (!k || k.vsHyperscaler === undefined || k.vsHyperscaler <= 0 || k.hyperscaler === undefined) return [];
  const bill = monthly(spend, input.spanDays, input.seed + 6);
  const share = k.vsHyperscaler;
  return [
    {
      id: 'gpu-marketplace:self-hosted',
      title: `Self-hosted upstreams: marketplace ${hardware} GPUs cost ${Math.round(share * 100)}% less than hyperscalers'`,
      usdPerMonth: bill.usdPerMonth * share,
      usdPerMonthLow: bill.usdPerMonthLow * share,
      usdPerMonthHigh: bill.usdPerMonthHigh * share,
      confidence: 'low',
      explain: [
        `${spend.length.toLocaleString('en-US')} calls to self-hosted upstreams, priced by GPU time: ${usd(bill.usdPerMonth)}/month (× ${DAYS_PER_MONTH} / ${input.spanDays.toPrecision(3)} days)`,
        `catalog GPU offers for ${hardware}, median on-demand $/GPU-h per provider: hyperscaler $${k.hyperscaler.toFixed(2)}, marketplace $${k.marketplace?.toFixed(2)} → ${(share * 100).toFixed(0)}% less`,
        `saving = ${usd(bill.usdPerMonth)} × ${share.toFixed(2)} = ${usd(bill.usdPerMonth * share)}/month — only if these GPUs are rented from a hyperscaler today (advise cannot see the tier); confidence low`,
        'the meter prices a self-hosted upstream without declared hardware at the marketplace tier already: declare `hardware: { id, gpus, tier | usdPerHour }` on the model in margin.yaml so the ledger carries your real rate',
        'marketplaces trade price for availability and support: check capacity, interruption terms and data handling',
      ],
    },
  ];
}
