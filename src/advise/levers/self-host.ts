// Self-hosting break-even and marketplace vs hyperscaler GPUs: the planner run on the workload the ledger
// measured (src/planner's --from-ledger derivation: rate, day shape, token distributions, cache shares),
// with open-weight models at least as good as the API model that takes most of the spend (catalog quality
// scores, at most 2 points below) on four accelerators at the hyperscaler and marketplace tiers. The
// current bill is the meter's, from the ledger; self-hosted figures are the planner's (src/physics).
import type { Catalog } from '../../catalog/catalog.js';
import { GPU_TIME_SPREAD } from '../../meter/gpu-time.js';
import { defaultPhysics, mergeRaw, type OptionResult, parseWorkload, runPlan } from '../../planner/index.js';
import type { SelfHostedOption } from '../../planner/options/types.js';
import { isModelCall, Prices } from '../priced.js';
import { DAYS_PER_MONTH, monthly, usd } from '../stats.js';
import type { AdviseInput, Finding } from '../types.js';

const HARDWARE = ['h100-sxm', 'h200', 'a100-sxm-80gb', 'l40s'];
const MAX_MODELS = 3;
const MAX_DROP = 2;
/** Volume multiples tried for the break-even (× the measured requests/day). */
const LADDER = [2, 5, 10, 30, 100, 300, 1000];

function openWeightCandidates(catalog: Catalog, reference: string): string[] {
  const ref = catalog.qualityOf(reference)?.score;
  if (ref === undefined) return [];
  return catalog.models.all
    .filter((m) => (catalog.qualityOf(m.id)?.score ?? -1) >= ref - MAX_DROP)
    .sort((a, b) => a.paramsActiveB - b.paramsActiveB || a.paramsTotalB - b.paramsTotalB)
    .slice(0, MAX_MODELS)
    .map((m) => m.id);
}

interface PlanRun {
  best?: OptionResult;
  /** Cheapest feasible option of the best option's model × hardware at the other rented tier. */
  byTier: Map<string, OptionResult>;
}

function planAt(raw: Record<string, unknown>, catalog: Catalog, factor: number): PlanRun {
  const traffic = (raw['traffic'] ?? {}) as Record<string, unknown>;
  const w = parseWorkload({
    ...raw,
    traffic: { ...traffic, requestsPerDay: Number(traffic['requestsPerDay']) * factor },
  });
  const plan = runPlan({ workload: w, catalog, physics: defaultPhysics, months: 1 });
  const sh = plan.results.filter(
    (r) => r.option.kind === 'self-hosted' && r.profile.feasible && r.quality.meetsFloor,
  );
  const best = sh.reduce<OptionResult | undefined>(
    (b, r) => (!b || r.costUsd < b.costUsd ? r : b),
    undefined,
  );
  const byTier = new Map<string, OptionResult>();
  if (best) {
    const o = best.option as SelfHostedOption;
    for (const r of sh) {
      const x = r.option as SelfHostedOption;
      if (x.model.id !== o.model.id || x.hardware.id !== o.hardware.id) continue;
      const cur = byTier.get(x.tier);
      if (!cur || r.costUsd < cur.costUsd) byTier.set(x.tier, r);
    }
  }
  return best ? { best, byTier } : { byTier };
}

const describe = (r: OptionResult): string => {
  const o = r.option as SelfHostedOption;
  return `${o.model.id} on ${o.count}× ${o.hardware.id} ${o.precision} (${o.tier}, ${o.price.basis})`;
};

export function selfHost(input: AdviseInput): Finding[] {
  if (!input.workload) return [];
  const prices = new Prices(input.catalog);
  const spend = new Map<string, number>();
  const perCall: number[] = [];
  for (const r of input.records) {
    if (!isModelCall(r)) continue;
    const p = prices.of(r.servedModel);
    if (!p) continue;
    spend.set(p.id, (spend.get(p.id) ?? 0) + r.costUsd.total);
    perCall.push(r.costUsd.total);
  }
  const top = [...spend].sort((a, b) => b[1] - a[1])[0];
  if (!top) return [];
  const bill = monthly(perCall, input.spanDays, input.seed + 5);
  if (bill.usdPerMonth <= 0) return [];
  const models = openWeightCandidates(input.catalog, top[0]);
  if (models.length === 0) return [];
  const raw = mergeRaw(
    {
      name: 'ledger',
      candidates: {
        api: [top[0]],
        selfHosted: {
          models,
          hardware: HARDWARE.filter((h) => input.catalog.hardware.find(h)),
          tiers: ['hyperscaler', 'marketplace'],
          precisions: ['fp8', 'bf16'],
        },
      },
      quality: { reference: top[0], maxDrop: MAX_DROP },
    },
    input.workload,
  );
  const now = planAt(raw, input.catalog, 1);
  if (!now.best) return [];
  const sh = now.best.costUsd;
  const saving = bill.usdPerMonth - sh;
  const common = [
    `current bill: the ledger's metered API spend ${usd(bill.usdPerMonth)}/month (90% ${usd(bill.usdPerMonthLow)}–${usd(bill.usdPerMonthHigh)}), ${usd(top[1] * (DAYS_PER_MONTH / input.spanDays))} of it on ${top[0]}`,
    `planner on the measured workload (margin plan --from-ledger: ${Math.round(input.requestsPerDay).toLocaleString('en-US')} requests/day, the ledger's token distributions and day shape): open-weight models within ${MAX_DROP} quality points of ${top[0]} (${models.join(', ')}) × ${HARDWARE.join(', ')} × hyperscaler/marketplace`,
    `cheapest self-hosted option meeting that quality: ${describe(now.best)} = ${usd(sh)}/month (${now.best.peakReplicas} replica${now.best.peakReplicas === 1 ? '' : 's'} at peak)`,
  ];
  const out: Finding[] = [];
  if (saving > 0) {
    // Interval: the bill's bootstrap interval against the planner's ±20% on throughput (GPU_TIME_SPREAD).
    const low = Math.max(0, bill.usdPerMonthLow - sh * GPU_TIME_SPREAD);
    const high = bill.usdPerMonthHigh - sh / GPU_TIME_SPREAD;
    out.push({
      id: 'self-host',
      title: `Self-host ${describe(now.best).split(' (')[0]}: ${usd(sh)}/month vs ${usd(bill.usdPerMonth)} on APIs`,
      usdPerMonth: saving,
      usdPerMonthLow: Math.min(low, saving),
      usdPerMonthHigh: Math.max(high, saving),
      confidence: bill.confidence === 'high' ? 'medium' : 'low',
      explain: [
        ...common,
        `saving = ${usd(bill.usdPerMonth)} − ${usd(sh)} = ${usd(saving)}/month; interval from the bill's interval and the planner's ×${GPU_TIME_SPREAD} throughput uncertainty`,
        'confidence at most medium: the self-hosted side is modelled (physics), not measured; operations staff and idle capacity beyond the autoscaled fleet are not in it',
      ],
    });
  } else {
    let from: number | undefined;
    let at: PlanRun | undefined;
    for (const k of LADDER) {
      const run = planAt(raw, input.catalog, k);
      if (run.best && run.best.costUsd < bill.usdPerMonth * k) {
        from = k;
        at = run;
        break;
      }
    }
    out.push({
      id: 'self-host',
      title:
        from === undefined
          ? `Self-hosting does not beat the API bill up to ${LADDER[LADDER.length - 1]}× today's volume`
          : `Self-hosting breaks even from ~${Math.round(input.requestsPerDay * from).toLocaleString('en-US')} requests/day (${from}× today)`,
      usdPerMonth: 0,
      usdPerMonthLow: 0,
      usdPerMonthHigh: 0,
      confidence: 'low',
      explain: [
        ...common,
        `today it costs ${usd(sh - bill.usdPerMonth)}/month more than the API bill: no saving at this volume`,
        from !== undefined && at?.best
          ? `at ${from}× the volume the API bill would be ${usd(bill.usdPerMonth * from)} (list prices scale with tokens) and ${describe(at.best)} ${usd(at.best.costUsd)}: self-hosting wins from there (tried ${LADDER.join('×, ')}×)`
          : `tried ${LADDER.join('×, ')}× the volume: the API stays cheaper`,
      ],
    });
  }
  // Marketplace vs hyperscaler for the recommended deployment.
  const best = saving > 0 ? now : undefined;
  const hyper = best?.byTier.get('hyperscaler');
  const market = best?.byTier.get('marketplace');
  if (hyper && market && market.costUsd < hyper.costUsd) {
    const d = hyper.costUsd - market.costUsd;
    out.push({
      id: 'gpu-marketplace',
      title: `Rent the self-hosted GPUs on a marketplace: ${usd(market.costUsd)} vs ${usd(hyper.costUsd)}/month at a hyperscaler`,
      usdPerMonth: d,
      usdPerMonthLow: d / GPU_TIME_SPREAD,
      usdPerMonthHigh: d * GPU_TIME_SPREAD,
      confidence: 'low',
      explain: [
        `same model and accelerator, the planner's cheapest fleet at each rented tier (catalog GPU offers, on-demand):`,
        `hyperscaler: ${describe(hyper)} = ${usd(hyper.costUsd)}/month`,
        `marketplace: ${describe(market)} = ${usd(market.costUsd)}/month`,
        `difference ${usd(d)}/month; marketplaces trade price for availability and support (check capacity, interruption terms and data handling)`,
      ],
    });
  }
  return out;
}
