// `--explain <option>`: the derivation of one option, line by line: the physics (memory, roofline,
// batching), the fleet (replicas, utilisation, idle cost) and the economics.
import type { Economics } from './economics/analysis.js';
import type { PlannerPhysics } from './physics-port.js';
import type { OptionResult, Plan } from './plan.js';

const usd = (x: number) => `$${x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3)}`;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

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
    if (p.kind === 'api' && p.feasible) {
      lines.push(
        `per call: ${usd(p.usdPerCall)} (${p.tier}), ${p.whPerCall.toPrecision(3)} Wh, ${p.co2eGPerCall.toPrecision(3)} g CO2e`,
      );
      for (const n of p.notes) lines.push(`note: ${n}`);
    }
  } else {
    const d = {
      model: o.model,
      hardware: o.hardware,
      count: o.count,
      precision: o.precision,
      engine: o.engine,
    };
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
    if (p.kind === 'self-hosted') {
      const lat = plan.workload.latency;
      lines.push(
        `operating point (targets TTFT ≤ ${lat.ttftP95S ?? '—'} s, TPOT ≤ ${lat.tpotS ?? '—'} s): concurrency ${p.op.concurrency}, ` +
          `TTFT ${p.op.ttftS.toFixed(3)} s, TPOT ${(p.op.tpotS * 1000).toFixed(1)} ms, ${p.op.outputTokS.toFixed(0)} output tok/s, ` +
          `${p.rpsPerReplica.toPrecision(3)} req/s per replica`,
      );
      lines.push(
        `power: ${p.busyW.toFixed(0)} W busy, ${p.idleW.toFixed(0)} W idle per replica; PUE ${o.region.pue}, grid ${o.region.gridGCo2ePerKwh} g/kWh` +
          (p.paysElectricity
            ? `, electricity $${o.region.electricityUsdPerKwh}/kWh`
            : ' (electricity in the hourly price)'),
      );
      lines.push(
        `fleet: ${plan.workload.fleet.mode}, planned utilisation ${pct(plan.workload.fleet.targetUtilisation)}, min ${plan.workload.fleet.minReplicas} replica(s); ` +
          `${usd(p.usdPerReplicaHour)}/replica-hour (${o.tier}${p.bought ? ', bought: capex follows the largest fleet so far' : ''})`,
      );
    }
  }
  if (!p.feasible) {
    lines.push(`infeasible: ${p.reason}`);
    return lines;
  }
  const fleet = o.kind === 'self-hosted';
  lines.push(
    `month  queries      cost        kWh      kg CO2e${fleet ? '  peak replicas  utilisation' : ''}`,
  );
  for (let m = 0; m < plan.months; m++) {
    lines.push(
      `${String(m + 1).padStart(5)}  ${Math.round(plan.view.demand.monthly[m] ?? 0)
        .toLocaleString('en-US')
        .padStart(11)}  ` +
        `${usd(r.months.costUsd[m] ?? 0).padStart(10)}  ${(r.months.kWh[m] ?? 0).toFixed(1).padStart(9)}  ` +
        `${(r.months.co2eKg[m] ?? 0).toFixed(1).padStart(9)}` +
        (fleet
          ? `  ${String(r.months.peakReplicas[m] ?? 0).padStart(13)}  ${pct(r.months.utilisation[m] ?? 0).padStart(11)}`
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
