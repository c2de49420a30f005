// `--explain <option>`: the derivation of one option, line by line: the physics (memory, roofline,
// batching), the fleet (replicas, utilisation, idle cost) and the economics.
import type { Economics } from './economics/analysis.js';
import { erlangC, meanWait, queueCapacity, waitQuantile } from './fleet/queueing.js';
import { deploymentOf, type SelfHostedProfile } from './options/profile.js';
import { DEFAULT_UTILISATION, TTFT_QUANTILE } from './options/queue-point.js';
import type { PlannerPhysics } from './physics-port.js';
import type { OptionResult, Plan } from './plan.js';

const usd = (x: number) => `$${x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3)}`;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const sec = (x: number) => (Number.isFinite(x) ? `${x.toPrecision(3)} s` : 'unbounded');

/** Finds an option by id or by rank number; undefined when absent. */
export function findOption(plan: Plan, key: string): OptionResult | undefined {
  if (/^\d+$/.test(key)) return plan.results.find((r) => r.rank === Number(key));
  const k = key.toLowerCase();
  return plan.results.find((r) => r.option.id.toLowerCase() === k);
}

/** Human-readable derivation lines for one option. */
export function explainOption(
  plan: Plan,
  r: OptionResult,
  physics: PlannerPhysics,
  econ?: Economics,
): string[] {
  const lines: string[] = [];
  const o = r.option;
  const t = plan.tokens;
  lines.push(`option ${o.id} (rank ${r.rank})`);
  lines.push(
    `workload: mean ${t.meanInput.toFixed(0)} input + ${t.meanOutput.toFixed(0)} output tokens/call, prefix cache ${pct(t.prefixShare)}, ` +
      `response cache ${pct(plan.workload.cache.responseHitShare)}, deferrable ${pct(plan.workload.traffic.deferrableShare)}`,
  );
  const p = r.profile;
  if (o.kind === 'api') {
    lines.push(
      `pricing: the shared meter (computeCost) over ${t.input.length} input-length bucket(s), ${o.region.id} grid for CO2e`,
    );
    lines.push(
      `provider prompt cache: ${pct(t.apiCache.readShare)} of input read (cached price), ${pct(t.apiCache.writeShare)} written ` +
        `(${o.price.price.cacheWrite5m !== undefined ? `$${o.price.price.cacheWrite5m}/1M 5-minute write price` : 'no write price listed: billed as input'}); ${t.apiCache.source}`,
    );
    if (p.kind === 'api' && p.feasible) {
      lines.push(
        `per call: ${usd(p.usdPerCall)} (${p.tier}), ${p.whPerCall.toPrecision(3)} Wh, ${p.co2eGPerCall.toPrecision(3)} g CO2e`,
      );
      for (const n of p.notes) lines.push(`note: ${n}`);
    }
  } else {
    const d = deploymentOf(o);
    lines.push('physics:');
    for (const l of physics.explain(d, {
      inputTokens: t.meanInput,
      outputTokens: t.meanOutput,
      cachedInputShare: t.prefixShare,
    }))
      lines.push(`  ${l}`);
    if (!p.feasible) {
      lines.push(`infeasible: ${p.reason}`);
      return lines;
    }
    if (p.kind === 'self-hosted') lines.push(...selfHostedLines(plan, r, p));
  }
  if (!p.feasible) {
    lines.push(`infeasible: ${p.reason}`);
    return lines;
  }
  const fleet = o.kind === 'self-hosted';
  lines.push(
    `month  queries      cost        kWh      kg CO2e${fleet ? '  peak replicas  utilisation  p95 TTFT' : ''}`,
  );
  for (let m = 0; m < plan.months; m++) {
    lines.push(
      `${String(m + 1).padStart(5)}  ${Math.round(plan.view.demand.monthly[m] ?? 0)
        .toLocaleString('en-US')
        .padStart(11)}  ` +
        `${usd(r.months.costUsd[m] ?? 0).padStart(10)}  ${(r.months.kWh[m] ?? 0).toFixed(1).padStart(9)}  ` +
        `${(r.months.co2eKg[m] ?? 0).toFixed(1).padStart(9)}` +
        (fleet
          ? `  ${String(r.months.peakReplicas[m] ?? 0).padStart(13)}  ${pct(r.months.utilisation[m] ?? 0).padStart(11)}  ${sec(r.months.p95TtftS[m] ?? 0).padStart(8)}`
          : ''),
    );
  }
  lines.push(
    `label per query: ${usd(r.usdPerQuery)}, ${r.whPerQuery.toPrecision(3)} Wh, ${r.gCo2ePerQuery.toPrecision(3)} g CO2e; ` +
      `${usd(r.usdPerMTok)} per 1M tokens`,
  );
  if (plan.routing)
    lines.push(
      `routing: ${pct(plan.routing.share)} of calls to ${plan.routing.model} at ${usd(plan.routing.usdPerCall)}/call (included above)`,
    );
  if (econ) lines.push(...economicsLines(econ));
  return lines;
}

/** The operating point, the M/M/c queue behind the p95 TTFT, power and the fleet rule of a replica. */
function selfHostedLines(plan: Plan, r: OptionResult, p: SelfHostedProfile): string[] {
  const lat = plan.workload.latency;
  const o = r.option;
  if (o.kind !== 'self-hosted') return [];
  const q = p.queue;
  const cap = queueCapacity(q);
  const osl = plan.tokens.meanOutput;
  const lines = [
    `operating point (targets p95 TTFT ≤ ${lat.ttftP95S ?? '—'} s, TPOT ≤ ${lat.tpotS ?? '—'} s): concurrency ${p.op.concurrency}, ` +
      `TTFT once admitted ${p.op.ttftS.toFixed(3)} s, TPOT ${(p.op.tpotS * 1000).toFixed(1)} ms, ${p.op.outputTokS.toFixed(0)} output tok/s, ` +
      `capacity ${p.rpsPerReplica.toPrecision(3)} req/s per replica`,
    `queue (M/M/c, Poisson arrivals within the hour): c = ${q.servers} slots, service S = TTFT + ${osl.toFixed(0)} × TPOT = ${sec(q.serviceS)}, ` +
      `μ = 1/S = ${(1 / q.serviceS).toPrecision(3)}/s, cμ = ${cap.toPrecision(3)} req/s`,
    `  P(wait) = C(c, λ/μ) (Erlang C); P(W > t) = C·e^(−(cμ−λ)t); p95 TTFT = ${p.op.ttftS.toFixed(3)} s + max(0, ln(C/0.05) / (cμ − λ))`,
  ];
  const at = (lambda: number) => {
    const c = erlangC(q.servers, lambda * q.serviceS);
    return `λ = ${lambda.toPrecision(3)} req/s (ρ ${pct(lambda / cap)}): C = ${c.toPrecision(3)}, mean wait ${sec(meanWait(q, lambda))}, wait p95 ${sec(waitQuantile(q, lambda, TTFT_QUANTILE))}`;
  };
  if (p.p95Rps !== undefined) {
    lines.push(
      `  largest rate with p95 TTFT ≤ ${lat.ttftP95S} s: ${at(p.p95Rps)} (concurrency chosen to maximise it)`,
    );
  }
  const u = plan.workload.fleet.targetUtilisation;
  const capText =
    u !== undefined
      ? `targetUtilisation ${pct(u)} × cμ = ${(u * cap).toPrecision(3)} req/s`
      : lat.ttftP95S === undefined
        ? `no TTFT target: default ${pct(DEFAULT_UTILISATION)} × cμ`
        : 'no targetUtilisation cap';
  lines.push(
    `sizing rate: ${p.sizingRps.toPrecision(3)} req/s per replica, set by ${p.sizedBy} (${capText})`,
  );
  let worst = 0;
  for (let m = 1; m < r.months.maxLoadRps.length; m++)
    if ((r.months.maxLoadRps[m] ?? 0) > (r.months.maxLoadRps[worst] ?? 0)) worst = m;
  const load = r.months.maxLoadRps[worst] ?? 0;
  lines.push(
    `most loaded hour (month ${worst + 1}): ${at(load)} → p95 TTFT ${sec(r.months.p95TtftS[worst] ?? 0)}`,
  );
  lines.push(
    `power: ${p.busyW.toFixed(0)} W busy, ${p.idleW.toFixed(0)} W idle per replica; PUE ${o.region.pue}, grid ${o.region.gridGCo2ePerKwh} g/kWh` +
      (p.paysElectricity
        ? `, electricity $${o.region.electricityUsdPerKwh}/kWh`
        : ' (electricity in the hourly price)'),
  );
  const f = plan.workload.fleet;
  lines.push(
    `fleet: ${f.mode}, replicas = max(${f.minReplicas}, ceil(calls/s ÷ ${p.sizingRps.toPrecision(3)}))${f.mode === 'fixed' ? " at each month's peak hour" : ' each hour'}; ` +
      `${usd(p.usdPerReplicaHour)}/replica-hour (${o.tier}: ${o.price.basis}${p.bought ? ', bought: capex follows the largest fleet so far' : ''})`,
  );
  return lines;
}

/** Economics summary lines (shared by --explain and the table footer). */
export function economicsLines(e: Economics): string[] {
  const lines: string[] = [];
  const first = e.months[0];
  const last = e.months[e.months.length - 1];
  if (first && last) {
    lines.push(
      `economics (${e.pricing}, ${usd(e.listPrice)}/${e.unit}): month 1 revenue ${usd(first.revenueUsd)} vs cost ${usd(first.costUsd)} ` +
        `(margin ${pct(first.grossMargin)}); month ${last.month} ${usd(last.revenueUsd)} vs ${usd(last.costUsd)} (margin ${pct(last.grossMargin)})`,
    );
    lines.push(`break-even price: ${usd(e.breakEvenPrice)}/${e.unit} (month ${last.month})`);
  }
  const h = e.heavyUsers;
  if (h) {
    lines.push(
      `heaviest 5% of users: ${pct(h.top5UsageShare)} of usage and cost; each costs ${usd(h.costPerHeavyUser)}/month against ` +
        `${usd(h.pricePerUser)} (margin ${pct(h.heavyUserMargin)}); average user ${usd(h.costPerUser)}`,
    );
  }
  for (const lever of ['response cache hit', 'routing share', 'price'] as const) {
    const rows = e.sensitivity.filter((s) => s.lever === lever);
    if (rows.length === 0) continue;
    const label = lever === 'price' ? 'price ×' : `${lever}`;
    lines.push(
      `sensitivity, ${label}: ${rows.map((s) => `${lever === 'price' ? s.value : pct(s.value)} → ${pct(s.grossMargin)}`).join(', ')}`,
    );
  }
  return lines;
}
