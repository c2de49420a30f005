// `margin plan`: ranked deployment options for a workload — cost, latency, energy, carbon and margin over
// the months ahead — as a table, JSON, CSV or a self-contained HTML report.
import { existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Catalog } from '../../catalog/catalog.js';
import { defaultCatalog } from '../../catalog/index.js';
import { MarginError } from '../../errors/index.js';
import {
  analyseEconomics,
  bestResult,
  checkClaims,
  dayProfile,
  defaultPhysics,
  economicsLines,
  explainOption,
  findOption,
  ledgerToWorkload,
  mergeRaw,
  type Plan,
  parseWorkload,
  planDocument,
  planRows,
  qualityTrades,
  readWorkloadFile,
  runPlan,
  traceToWorkload,
} from '../../planner/index.js';
import { optionName } from '../../planner/report/rows.js';
import { type Row, toCsv, toJson, toTable } from '../../report/format.js';
import { plannerHtml } from '../../report/planner-html.js';
import { formatOption, intOption, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';

const help = `Usage: margin plan <workload.yaml> [options]

Compares API models and self-hosted deployments for a workload: memory fit, latency, replicas hour by
hour, cost per month as usage grows, energy and CO2e, and margin under the workload's pricing model.

Options:
  --from-ledger <db>    derive traffic, tokens and cache shares from the gateway ledger (sqlite path or URL)
  --days N              ledger window: the last N days of records (default 30)
  --trace <file>        derive traffic/tokens from a trace (Azure 2023, BurstGPT, Mooncake, ServeGen rates)
  --trace-model <name>  ServeGen rate file: which model's curve (default: the first)
  --months N            horizon in months (default: the workload's horizonMonths, 12)
  --top N               feasible options in the table and HTML report (default 15), plus the best API
                        option when it ranks lower; CSV and JSON hold every option
  --wide                every column in the table (default: the columns that fit 120 characters)
  --explain <id|rank>   print the derivation of one option (physics, fleet, economics)
  --format <f>          table | json | csv | html (default: table)
  --out <file>          write the output to a file instead of stdout

Margins are percentages everywhere (margin_pct, grossMarginPct).

The workload file may be omitted with --trace or --from-ledger (every catalog API model is compared).
Claims listed under 'claims:' in the workload are checked against the performance model and printed.
`;

function fmtMoney(x: number): string {
  return x >= 100 ? `$${Math.round(x).toLocaleString('en-US')}` : `$${x.toPrecision(3)}`;
}

/** The same plan's command line (workload file and the flags that change its inputs), for hints. */
export function rerun(file: string | undefined, v: Record<string, string | boolean | undefined>): string {
  const parts = ['margin plan'];
  if (file) parts.push(file);
  for (const flag of ['trace', 'trace-model', 'from-ledger', 'days', 'months']) {
    const value = v[flag];
    if (typeof value === 'string')
      parts.push(`--${flag} ${/\s/.test(value) ? JSON.stringify(value) : value}`);
  }
  return parts.join(' ');
}

/** Writes `--out`, turning a file-system failure into one line naming the file. */
function writeOut(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why =
      e.code === 'ENOENT'
        ? 'its folder does not exist'
        : e.code === 'EACCES' || e.code === 'EPERM'
          ? 'permission denied'
          : e.code === 'EISDIR'
            ? 'it is a folder'
            : (e.message.split('\n')[0] ?? String(err));
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `--out ${path}: cannot write the file (${why})`, {
      param: 'out',
    });
  }
}

/** Word-wraps one line to `width` columns, the first with `first` in front, the rest with `rest`. */
function wrap(text: string, width: number, first: string, rest: string): string[] {
  const out: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    if (line.trim() !== '' && line.length + 1 + word.length > width) {
      out.push(line);
      line = rest + word;
    } else line = line.trim() === '' ? line + word : `${line} ${word}`;
  }
  out.push(line);
  return out;
}

/** The table's width budget without --wide, and the columns it drops (in this order) to stay within it. */
const TABLE_WIDTH = 120;
const NARROW_COLUMNS = [
  'rank',
  'model',
  'hardware',
  'precision',
  'tier',
  'region',
  'replicas',
  'usd_month1',
  'usd_monthN',
  'usd_per_query',
  'quality',
  'ttft_p95_s',
  'margin_pct',
];
const DROP_ORDER = ['region', 'replicas', 'ttft_p95_s', 'usd_month1', 'precision', 'tier'];

/**
 * The ranked table: without `wide`, the columns that fit 120 characters (feasible rows, the best API option
 * among them) and the infeasible options as one short line each; with `wide`, every column and row.
 */
export function optionsTable(plan: Plan, rows: Row[], top: number, wide: boolean): string[] {
  if (wide) {
    const cols = Object.keys(rows[0] ?? {}).filter((c) => c !== 'id' && c !== 'name');
    return [toTable(rows, cols).trimEnd()];
  }
  const out: string[] = [];
  const feasible = rows.filter((r) => r['feasible'] === true);
  const lastMonth = `usd_month${plan.months}`;
  let cols = NARROW_COLUMNS.map((c) => (c === 'usd_monthN' ? lastMonth : c)).filter(
    (c) => c !== 'margin_pct' || plan.workload.pricing,
  );
  // One region for every option: said once above the table instead of in a column.
  const regions = new Set(feasible.map((r) => r['region']));
  if (regions.size === 1) {
    cols = cols.filter((c) => c !== 'region');
    out.push(`region: ${[...regions][0]}`);
  }
  let text = toTable(feasible, cols);
  const widest = (t: string) => Math.max(...t.split('\n').map((l) => l.length));
  for (const drop of DROP_ORDER) {
    if (widest(text) <= TABLE_WIDTH) break;
    cols = cols.filter((c) => c !== drop);
    text = toTable(feasible, cols);
  }
  out.push(text.trimEnd());
  const api = feasible.find((r) => r['kind'] === 'api');
  const apiRank = Number(api?.['rank']);
  const feasibleRanks = feasible.filter((r) => r !== api).length;
  if (api && feasibleRanks >= top && !Number.isNaN(apiRank) && apiRank > top) {
    out.push(`rank ${apiRank} is the best API option, shown for comparison (outside the top ${top})`);
  }
  const infeasible = rows.filter((r) => r['feasible'] !== true);
  const total = plan.results.filter((r) => !r.profile.feasible).length;
  if (infeasible.length > 0) {
    out.push(
      `infeasible (${total} option${total === 1 ? '' : 's'}${total > infeasible.length ? `, first ${infeasible.length}` : ''}; every column with --wide, all rows with --format csv):`,
    );
    // Tiers of the same model, hardware and precision share a reason: one line for them.
    const seen = new Map<string, string[]>();
    for (const r of infeasible) {
      const key = `${r['model']} ${r['hardware']}${r['precision'] ? ` ${r['precision']}` : ''}: ${r['reason']}`;
      const tiers = seen.get(key) ?? [];
      tiers.push(String(r['tier']));
      seen.set(key, tiers);
    }
    for (const [line] of seen) out.push(...wrap(line, TABLE_WIDTH, '  ', '      '));
  }
  return out;
}

/** Quality next to cost: the floor, and what the cheapest options give up against the anchor. */
function qualityLines(plan: Plan, catalog: Catalog): string[] {
  const out: string[] = [];
  const scored = plan.results.filter((r) => r.profile.feasible && r.quality.score !== null).length;
  if (scored === 0) return out;
  const q = plan.quality;
  const feasible = plan.results.filter((r) => r.profile.feasible);
  out.push(
    q
      ? `quality (MMLU-Pro %, ~ = third-party figure): floor ${Number(q.floor.toFixed(1))} = ${q.describe}; ${feasible.filter((r) => r.quality.meetsFloor).length} of ${feasible.length} feasible options meet it`
      : `quality (MMLU-Pro %, ~ = third-party figure): no floor set (workload quality: { floor } or { reference, maxDrop })`,
  );
  const t = qualityTrades(plan, catalog, 5);
  if (!t) return out;
  const a = t.anchor;
  out.push(
    `against ${optionName(a)}: ${a.quality.score}, ${fmtMoney(a.usdPerQuery)}/query; the cheapest options:`,
  );
  const trade = (givesUp: number | null, saves: number) => {
    const points =
      givesUp === null
        ? 'an unknown number of points'
        : givesUp > 0
          ? `gives up ${givesUp} points`
          : `gains ${Number((-givesUp).toFixed(1))} points`;
    const cost =
      saves >= 0 ? `${Math.round(saves * 100)}% lower cost` : `${Math.round(-saves * 100)}% higher cost`;
    return `${points} at ${cost} per query`;
  };
  const nameOf = (id: string) => {
    const r = plan.results.find((o) => o.option.id === id);
    return r ? optionName(r) : id;
  };
  for (const x of t.trades)
    if (x.id !== a.option.id) out.push(`  ${nameOf(x.id)}: ${trade(x.givesUp, x.saves)}`);
  // The cheapest option the floor ruled out, and what taking it would give up against the recommendation.
  const best = bestResult(plan);
  const below = feasible.find((r) => !r.quality.meetsFloor);
  if (q && best && below && best.quality.score !== null && best.usdPerQuery > 0) {
    const gives =
      below.quality.score === null ? null : Number((best.quality.score - below.quality.score).toFixed(1));
    out.push(
      `below the floor, the cheapest is ${optionName(below)} (${below.quality.score ?? 'no score'}): against ${optionName(best)} it ${trade(gives, 1 - below.usdPerQuery / best.usdPerQuery)}`,
    );
  }
  return out;
}

export const command: Command = {
  name: 'plan',
  summary: 'Plan cost, capacity and margin for a workload',
  help,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        'from-ledger': { type: 'string' },
        days: { type: 'string' },
        trace: { type: 'string' },
        'trace-model': { type: 'string' },
        months: { type: 'string' },
        top: { type: 'string' },
        explain: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        wide: { type: 'boolean' },
      },
      true,
    );
    const format = formatOption(values.format, ['table', 'json', 'csv', 'html']);
    if (positionals.length > 1)
      throw new MarginError(
        'MARGIN_ERR_BAD_ARGUMENT',
        `expected one workload file (got ${positionals.length})`,
      );
    const file = positionals[0];
    const trace = values.trace;
    const ledger = values['from-ledger'];
    if (!file && !trace && !ledger)
      throw new MarginError(
        'MARGIN_ERR_BAD_ARGUMENT',
        'a workload file (or --trace / --from-ledger) is required',
      );
    const top = intOption(values.top, '--top', 15);
    if (top < 1) throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', '--top must be ≥ 1');
    const months = values.months === undefined ? undefined : intOption(values.months, '--months');
    if (months !== undefined && (months < 1 || months > 60)) {
      throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `--months must be from 1 to 60 (got ${months})`);
    }

    // A file that cannot be written is said before the plan runs, not after.
    if (values.out !== undefined && !existsSync(dirname(resolve(values.out)))) {
      throw new MarginError(
        'MARGIN_ERR_BAD_ARGUMENT',
        `--out ${values.out}: cannot write the file (its folder does not exist)`,
        { param: 'out' },
      );
    }
    let raw: Record<string, unknown> = file
      ? readWorkloadFile(file)
      : { name: basename(trace ?? ledger ?? 'workload'), candidates: { api: 'all' } };
    const notes: string[] = [];
    if (trace) {
      const t = traceToWorkload(trace, values['trace-model'] ? { model: values['trace-model'] } : {});
      raw = mergeRaw(raw, t.patch);
      const s = t.summary;
      notes.push(
        `trace ${basename(trace)} (${s.format}): ${s.requests} requests over ${(s.spanS / 3600).toFixed(1)} h → ${Math.round(s.requestsPerDay).toLocaleString('en-US')} requests/day` +
          (s.meanInput !== undefined
            ? `, mean ${s.meanInput.toFixed(0)} in / ${(s.meanOutput ?? 0).toFixed(0)} out tokens`
            : ''),
        ...s.notes,
      );
    }
    if (ledger) {
      const l = await ledgerToWorkload(ledger, { days: intOption(values.days, '--days', 30) });
      raw = mergeRaw(raw, l.patch);
      const cands = (raw['candidates'] ?? {}) as Record<string, unknown>;
      const catalog = defaultCatalog();
      const used = Object.keys(l.summary.models).filter((m) => catalog.prices.find(m));
      if (Array.isArray(cands['api']))
        raw['candidates'] = { ...cands, api: [...new Set([...(cands['api'] as string[]), ...used])] };
      const s = l.summary;
      notes.push(
        `ledger: ${s.requests} requests in the last ${s.days} days → ${Math.round(s.requestsPerDay).toLocaleString('en-US')}/day, mean ${s.meanInput.toFixed(0)} in / ${s.meanOutput.toFixed(0)} out tokens, ` +
          `prompt-cache ${(s.prefixShare * 100).toFixed(1)}% read${s.writeShare !== undefined ? ` / ${(s.writeShare * 100).toFixed(1)}% written` : ''}, response-cache ${(s.responseHitShare * 100).toFixed(1)}%; models: ${Object.keys(s.models).join(', ') || 'none'}`,
        ...s.notes,
      );
    }
    const workload = parseWorkload(raw);
    const growth = workload.traffic.growth;
    const measured = workload.traffic.requestsPerDay;
    if ((trace || ledger) && measured !== undefined) {
      if ('from' in growth) {
        notes.push(
          measured >= growth.to
            ? `growth: the measured ${Math.round(measured).toLocaleString('en-US')}/day is already at or above the ramp's ${growth.to.toLocaleString('en-US')}/day target: held flat`
            : `growth: the ramp runs from the measured rate to its ${growth.to.toLocaleString('en-US')}/day target over ${growth.months} months`,
        );
      } else if ('monthly' in growth && growth.monthly !== 0) {
        notes.push(`growth: ${(growth.monthly * 100).toFixed(1)}%/month compounded on the measured rate`);
      }
    }
    const catalog = defaultCatalog();
    let lastPct = 0;
    const plan = runPlan({
      workload,
      catalog,
      physics: defaultPhysics,
      ...(months !== undefined ? { months } : {}),
      onProgress: (done, total) => {
        if (total < 200) return;
        const pct = Math.floor((done / total) * 4) * 25;
        if (pct > lastPct) {
          lastPct = pct;
          io.stderr(`margin plan: ${pct}% (${done}/${total} options)\n`);
        }
      },
    });
    const best = bestResult(plan);
    const bestEcon = best ? analyseEconomics(plan, best) : undefined;
    const claims = workload.claims
      ? checkClaims(
          workload.claims,
          { inputTokens: plan.tokens.meanInput, outputTokens: plan.tokens.meanOutput },
          catalog,
          defaultPhysics,
        )
      : undefined;

    const emit = (text: string) => {
      if (values.out) writeOut(values.out, text);
      else io.stdout(text);
    };

    if (values.explain !== undefined) {
      const r = findOption(plan, values.explain);
      if (!r) {
        const ids = plan.results.slice(0, 5).map((x) => x.option.id);
        throw new MarginError(
          'MARGIN_ERR_BAD_ARGUMENT',
          `--explain: no option '${values.explain}' (give a rank or an id such as ${ids.join(', ')})`,
        );
      }
      const lines = explainOption(plan, r, defaultPhysics, analyseEconomics(plan, r));
      emit(`${lines.join('\n')}\n`);
      return 0;
    }

    const day = best
      ? dayProfile(
          plan,
          plan.results.find((r) => r.profile.feasible && r.profile.kind === 'self-hosted') ?? best,
        )
      : undefined;
    const doc = planDocument(plan, {
      top,
      ...(bestEcon ? { economics: bestEcon } : {}),
      ...(day ? { day } : {}),
      ...(claims ? { claims } : {}),
    });
    if (format === 'json') {
      emit(toJson({ ...doc, notes }));
      return 0;
    }
    if (format === 'html') {
      emit(plannerHtml(doc));
      return 0;
    }
    if (format === 'csv') {
      emit(toCsv(planRows(plan, Number.POSITIVE_INFINITY)));
      return 0;
    }
    const rows = planRows(plan, top);
    const out: string[] = [];
    const first = plan.view.demand.monthly[0] ?? 0;
    const last = plan.view.demand.monthly[plan.months - 1] ?? 0;
    out.push(
      `${workload.name}: ${plan.months} months, ${Math.round(first).toLocaleString('en-US')} → ${Math.round(last).toLocaleString('en-US')} queries/month; ` +
        `${plan.results.length} options, ${plan.results.filter((r) => r.profile.feasible).length} feasible (${plan.elapsedMs.toFixed(0)} ms)`,
    );
    for (const n of notes) out.push(`note: ${n}`);
    out.push(...optionsTable(plan, rows, top, values.wide === true));
    const skipped = Object.entries(plan.skipped);
    if (skipped.length) out.push(`skipped combinations: ${skipped.map(([k, v]) => `${v}× ${k}`).join('; ')}`);
    if (best) {
      out.push(
        `best: ${best.option.id} — ${fmtMoney(best.costUsd)} over ${plan.months} months, ${fmtMoney(best.usdPerQuery)}/query`,
      );
      if (bestEcon) out.push(...economicsLines(bestEcon));
      out.push(`explain any option: ${rerun(file, values)} --explain <rank|id>`);
    }
    out.push(...qualityLines(plan, catalog));
    if (claims) {
      out.push(
        'claims check (maximum throughput of one replica at the workload’s mean request; ratio = planner per card / claim):',
      );
      out.push(
        toTable(
          claims.map((c) => ({
            claim: c.label,
            hardware: `${c.hardware}×${c.count}`,
            precision: c.precision,
            fits: c.fits,
            planner_tok_s: c.plannerTokS === null ? null : Math.round(c.plannerTokS),
            per_card: c.plannerTokSPerCard === null ? null : Math.round(c.plannerTokSPerCard),
            claimed_tok_s: c.claimedTokS,
            ratio: c.ratio === null ? null : Number(c.ratio.toFixed(2)),
            planner_usd_1m: c.plannerUsdPerMTok === null ? null : Number(c.plannerUsdPerMTok.toPrecision(3)),
            claimed_usd_1m: c.claimedUsdPerMTok,
            why: c.reason,
          })),
        ).trimEnd(),
      );
    }
    emit(`${out.join('\n')}\n`);
    return 0;
  },
};
