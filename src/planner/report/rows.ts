// Flat rows of a plan (ranked options) for the terminal table and CSV, and the JSON document. Numbers are
// rounded for reading and never NaN/Infinity (null instead).
import type { Row } from '../../report/format.js';
import type { OptionResult, Plan } from '../plan.js';
import { sig } from '../stats.js';

/** Describes an option's hardware/tier columns, API or self-hosted. */
export function optionColumns(r: OptionResult) {
  const o = r.option;
  if (o.kind === 'api') {
    const tier = r.profile.kind === 'api' && r.profile.feasible ? r.profile.tier : 'standard';
    return {
      kind: 'api',
      model: o.price.id,
      hardware: `api (${o.price.provider})`,
      precision: '',
      engine: '',
      tier,
      region: o.region.id,
    };
  }
  return {
    kind: 'self-hosted',
    model: o.model.id,
    hardware: `${o.hardware.id}×${o.count}${o.powerLimitW !== undefined ? ` @${o.powerLimitW}W` : ''}`,
    precision: o.precision,
    engine: o.engine,
    tier: o.tier,
    region: o.region.id,
  };
}

/**
 * A short name a reader can take in at a glance: `gpt-4o-mini (openai API)`, `qwen3-32b on 1× h100-sxm fp8,
 * onprem` (the option id, unique but long, stays in `id`).
 */
export function optionName(r: OptionResult): string {
  const o = r.option;
  if (o.kind === 'api') {
    const c = optionColumns(r);
    return `${o.price.id} (${o.price.provider} API${c.tier !== 'standard' ? `, ${c.tier}` : ''})`;
  }
  const limit = o.powerLimitW !== undefined ? ` at ${o.powerLimitW} W` : '';
  return `${o.model.id} on ${o.count}× ${o.hardware.id}${limit} ${o.precision}, ${o.tier}`;
}

/** Gross margin as a percentage with one decimal (the one form margins take in every plan output). */
export const marginPct = (fraction: number): number | null =>
  Number.isFinite(fraction) ? Number((fraction * 100).toFixed(1)) : null;

/** One table/CSV row per option. */
export function resultRow(r: OptionResult, plan: Plan): Row {
  const c = optionColumns(r);
  const last = plan.months - 1;
  const p = r.profile;
  const feasible = p.feasible;
  const op = p.kind === 'self-hosted' && p.feasible ? p.op : undefined;
  const kWhPerMonth = r.kWh / plan.months;
  const row: Row = {
    rank: r.rank,
    id: r.option.id,
    name: optionName(r),
    kind: c.kind,
    model: c.model,
    hardware: c.hardware,
    precision: c.precision,
    tier: c.tier,
    region: c.region,
    feasible,
    replicas: feasible && c.kind === 'self-hosted' ? r.peakReplicas : null,
    usd_month1: feasible ? sig(r.months.costUsd[0] ?? 0, 5) : null,
    [`usd_month${plan.months}`]: feasible ? sig(r.months.costUsd[last] ?? 0, 5) : null,
    usd_per_1m_tok: feasible ? sig(r.usdPerMTok, 4) : null,
    usd_per_query: feasible ? sig(r.usdPerQuery, 4) : null,
    // MMLU-Pro %, `~` when the score is a third-party/estimated figure; `<floor` when it misses the floor.
    quality:
      r.quality.score === null
        ? ''
        : `${r.quality.score}${r.quality.estimated ? '~' : ''}${r.quality.meetsFloor ? '' : ' <floor'}`,
    ttft_p95_s: op && r.p95TtftS !== null ? sig(r.p95TtftS, 3) : null,
    tpot_ms: op ? sig(op.tpotS * 1000, 3) : null,
    util: feasible && c.kind === 'self-hosted' ? sig(r.utilisation, 2) : null,
    kwh_month: feasible ? sig(kWhPerMonth, 4) : null,
    kg_co2e_month: feasible ? sig(r.co2eKg / plan.months, 4) : null,
    margin_pct: feasible && plan.workload.pricing ? marginPct(r.grossMargin) : null,
    reason: feasible ? '' : p.reason,
  };
  return row;
}

/** The best-ranked feasible API option (compared against in every view, even outside the top N). */
export function bestApi(plan: Plan): OptionResult | undefined {
  return plan.results.find((r) => r.profile.feasible && r.option.kind === 'api');
}

/**
 * The options a view shows: the top `top` feasible ones, the best API option when it is not among them,
 * then up to `top` infeasible ones. With `top` = Infinity: every option (CSV and JSON hold them all).
 */
export function shownResults(plan: Plan, top: number): OptionResult[] {
  const feasible = plan.results.filter((r) => r.profile.feasible).slice(0, top);
  const api = bestApi(plan);
  if (api && !feasible.includes(api)) feasible.push(api);
  const infeasible = plan.results.filter((r) => !r.profile.feasible).slice(0, top);
  return [...feasible, ...infeasible];
}

/** Table/CSV rows for `shownResults(plan, top)`. */
export function planRows(plan: Plan, top: number): Row[] {
  return shownResults(plan, top).map((r) => resultRow(r, plan));
}

const arr = (a: ArrayLike<number>, digits = 5) => Array.from(a, (v) => sig(v, digits));

/** The JSON document for one option. */
export function resultJson(r: OptionResult, plan: Plan) {
  const p = r.profile;
  const base = { ...resultRow(r, plan) } as Record<string, unknown>;
  if (!p.feasible) {
    return {
      ...base,
      needGB: p.needGB !== undefined ? sig(p.needGB, 4) : null,
      haveGB: p.haveGB !== undefined ? sig(p.haveGB, 4) : null,
    };
  }
  const perf =
    p.kind === 'self-hosted'
      ? {
          concurrency: p.op.concurrency,
          rpsPerReplica: sig(p.rpsPerReplica, 4),
          sizingRpsPerReplica: sig(p.sizingRps, 4),
          p95RpsPerReplica: p.p95Rps !== undefined ? sig(p.p95Rps, 4) : null,
          sizedBy: p.sizedBy,
          ttftAdmittedS: sig(p.op.ttftS, 4),
          serviceS: sig(p.queue.serviceS, 4),
          outputTokSPerReplica: sig(p.op.outputTokS, 4),
          busyW: sig(p.busyW, 4),
          idleW: sig(p.idleW, 4),
          usdPerReplicaHour: sig(p.usdPerReplicaHour, 4),
        }
      : { usdPerCall: sig(p.usdPerCall, 4), whPerCall: sig(p.whPerCall, 4), notes: p.notes };
  return {
    ...base,
    totals: {
      costUsd: sig(r.costUsd, 6),
      revenueUsd: sig(r.revenueUsd, 6),
      kWh: sig(r.kWh, 5),
      co2eKg: sig(r.co2eKg, 5),
      whPerQuery: sig(r.whPerQuery, 4),
      gCo2ePerQuery: sig(r.gCo2ePerQuery, 4),
    },
    perf,
    monthly: {
      costUsd: arr(r.months.costUsd),
      revenueUsd: arr(r.revenue),
      kWh: arr(r.months.kWh),
      co2eKg: arr(r.months.co2eKg),
      utilisation: arr(r.months.utilisation, 3),
      peakReplicas: Array.from(r.months.peakReplicas),
      ...(p.kind === 'self-hosted'
        ? { maxLoadRpsPerReplica: arr(r.months.maxLoadRps, 4), p95TtftS: arr(r.months.p95TtftS, 3) }
        : {}),
    },
  };
}
