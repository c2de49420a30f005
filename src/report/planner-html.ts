// The planner's HTML report: one self-contained page (no CDN, no script) with inline SVG charts — cost per
// 1M tokens by option, monthly cost (its own chart, log axis when costs span decades), revenue vs the best
// option's cost, margin by month, utilisation over a day (hours 0–23), the cost–quality frontier — the
// economics with its sensitivities, the ranked table, and the infeasible options as a short list of reasons.
// Options are named readably (`qwen3-32b on 1× h100-sxm fp8, onprem`); the full id is in each tooltip.
import type { PlanDocument } from '../planner/report/document.js';
import { frontierChart } from './frontier-svg.js';
import { esc, labelWidth, money, pct } from './svg-text.js';

const fin = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563'];

type Result = Record<string, unknown> & {
  id: string;
  name?: string;
  monthly?: { costUsd: Array<number | null>; revenueUsd: Array<number | null> };
};

const nameOf = (r: Result): string => r.name ?? r.id;
/** SVG text with the option's full id as its tooltip. */
const svgLabel = (attrs: string, text: string, id: string) =>
  `<text ${attrs}><title>${esc(id)}</title>${esc(text)}</text>`;

function barChart(rows: Array<{ label: string; id: string; value: number }>, unit: string): string {
  if (rows.length === 0) return '<p>No feasible options.</p>';
  const bar = 18;
  const left = 12 + Math.max(...rows.map((r) => labelWidth(r.label)));
  const plot = 420;
  const w = left + plot + 110;
  const h = rows.length * (bar + 6) + 20;
  const max = Math.max(...rows.map((r) => r.value), 1e-12);
  const items = rows
    .map((r, i) => {
      const y = 10 + i * (bar + 6);
      const len = Math.max(1, (plot * r.value) / max);
      return (
        svgLabel(`x="${left - 6}" y="${y + 13}" text-anchor="end"`, r.label, r.id) +
        `<rect x="${left}" y="${y}" width="${len.toFixed(1)}" height="${bar}" fill="${COLORS[0]}"><title>${esc(r.id)}</title></rect>` +
        `<text x="${(left + len + 4).toFixed(1)}" y="${y + 13}">${esc(money(r.value))}${esc(unit)}</text>`
      );
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="bars" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" font-size="11" font-family="sans-serif">${items}</svg>`;
}

interface Series {
  label: string;
  /** Full option id for the legend's tooltip. */
  id?: string;
  values: number[];
  dashed?: boolean;
}

/** Tick values for a log axis: powers of ten, with 2× and 5× when the range spans few decades. */
function logTicks(min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const steps = hi - lo <= 3 ? [1, 2, 5] : [1];
  const out: number[] = [];
  for (let e = lo; e <= hi; e++) for (const m of steps) out.push(m * 10 ** e);
  return out.filter((v) => v >= min * 0.999 && v <= max * 1.001);
}

/**
 * Line chart over months (1, 2, …) or hours (`firstX: 0` → 0–23). `scale: 'auto'` switches to a log axis
 * when the positive values span more than 30×, so a small cost next to a large one stays readable. The
 * legend is as wide as its longest name (never cut short).
 */
function lineChart(
  name: string,
  series: Series[],
  yLabel: string,
  opts: { percent?: boolean; scale?: 'linear' | 'auto'; xLabel?: string; firstX?: number } = {},
): string {
  const percent = opts.percent ?? false;
  const plotW = 560;
  const h = 300;
  const legend = Math.max(...series.map((s) => labelWidth(s.label)), 60) + 40;
  const pad = { l: 78, r: legend, t: 26, b: 40 };
  const w = pad.l + plotW + pad.r;
  const n = Math.max(1, ...series.map((s) => s.values.length));
  const all = series.flatMap((s) => s.values).filter((v) => Number.isFinite(v));
  const positive = all.filter((v) => v > 0);
  const pMin = Math.min(...positive);
  const pMax = Math.max(...positive);
  const log = opts.scale === 'auto' && !percent && positive.length > 0 && pMax / pMin > 30;
  let y: (v: number) => number;
  let tickValues: number[];
  const top = pad.t;
  const bottom = h - pad.b;
  if (log) {
    const lo = 10 ** Math.floor(Math.log10(pMin));
    const hi = 10 ** Math.ceil(Math.log10(pMax));
    const span = Math.log10(hi) - Math.log10(lo) || 1;
    y = (v) => bottom - ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) * (bottom - top)) / span;
    tickValues = logTicks(lo, hi);
  } else {
    const raw = Math.max(...all, percent ? 1 : 1e-12);
    const min = Math.min(0, ...all);
    // Round steps (1, 2 or 5 × 10^k), about five of them.
    const mag = 10 ** Math.floor(Math.log10((raw - min) / 5 || 1));
    const step = [1, 2, 5, 10].map((m) => m * mag).find((st) => (raw - min) / st <= 5) ?? 10 * mag;
    const max = percent ? raw : Math.ceil(raw / step) * step;
    y = (v) => top + ((max - v) * (bottom - top)) / (max - min || 1);
    tickValues = [];
    for (let v = Math.floor(min / step) * step; v <= max + step * 1e-9; v += step) tickValues.push(v);
  }
  const x = (i: number) => pad.l + (n === 1 ? 0 : (i * plotW) / (n - 1));
  const fmt = (v: number) =>
    percent ? pct(v, 0) : Number.isInteger(v) ? `$${v.toLocaleString('en-US')}` : money(v);
  const ticks = tickValues
    .map(
      (v) =>
        `<line x1="${pad.l}" x2="${pad.l + plotW}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e5e7eb"/><text x="${pad.l - 4}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${esc(fmt(v))}</text>`,
    )
    .join('');
  const first = opts.firstX ?? 1;
  const xt = Array.from(
    { length: n },
    (_, i) =>
      `<text class="x-tick" x="${x(i).toFixed(1)}" y="${h - 24}" text-anchor="middle">${i + first}</text>`,
  ).join('');
  const lines = series
    .map((s, k) => {
      const c = COLORS[k % COLORS.length];
      const pts = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      const lx = pad.l + plotW + 8;
      return (
        `<polyline fill="none" stroke="${c}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''} points="${pts}"/>` +
        `<line x1="${lx}" x2="${lx + 18}" y1="${top + 8 + k * 16}" y2="${top + 8 + k * 16}" stroke="${c}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>` +
        svgLabel(
          `class="legend" x="${lx + 22}" y="${top + 12 + k * 16}" fill="${c}"`,
          s.label,
          s.id ?? s.label,
        )
      );
    })
    .join('');
  const axis = `${yLabel}${log ? ' (log scale)' : ''}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="${esc(name)}" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" font-size="11" font-family="sans-serif">` +
    `${ticks}${xt}${lines}<text x="${pad.l}" y="14" font-weight="bold">${esc(axis)}</text>` +
    `<text x="${(pad.l + plotW / 2).toFixed(0)}" y="${h - 6}" text-anchor="middle">${esc(opts.xLabel ?? 'month')}</text></svg>`
  );
}

interface Column {
  head: string;
  cell: (r: Result) => string;
  /** Left-aligned text (default: right-aligned numbers). */
  text?: boolean;
}

function table(rows: Result[], cols: Column[], cls: string): string {
  const head = cols.map((c) => `<th${c.text ? ' class="t"' : ''}>${esc(c.head)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${cols.map((c) => `<td${c.text ? ' class="t"' : ''}>${c.cell(r)}</td>`).join('')}</tr>`)
    .join('');
  return `<table class="${cls}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const num = (v: unknown, digits = 3): string =>
  typeof v === 'number' && Number.isFinite(v)
    ? esc(Number(v.toPrecision(digits)).toLocaleString('en-US'))
    : '';
const usd = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? esc(money(v)) : '');

/** The ranked options' columns: readable name (id in the tooltip), money with $, margins with %. */
function optionColumns(doc: PlanDocument): Column[] {
  const n = doc.workload.months;
  const cols: Column[] = [
    { head: '#', cell: (r) => num(r['rank']) },
    { head: 'option', text: true, cell: (r) => `<span title="${esc(r.id)}">${esc(nameOf(r))}</span>` },
    { head: 'replicas', cell: (r) => num(r['replicas']) },
    { head: '$ month 1', cell: (r) => usd(r['usd_month1']) },
    { head: `$ month ${n}`, cell: (r) => usd(r[`usd_month${n}`]) },
    { head: '$ / 1M tok', cell: (r) => usd(r['usd_per_1m_tok']) },
    { head: '$ / query', cell: (r) => usd(r['usd_per_query']) },
    { head: 'quality', cell: (r) => esc(r['quality'] ?? '') },
    { head: 'TTFT p95 s', cell: (r) => num(r['ttft_p95_s']) },
    { head: 'util', cell: (r) => (typeof r['util'] === 'number' ? esc(pct(r['util'], 0)) : '') },
    { head: 'kWh / month', cell: (r) => num(r['kwh_month']) },
    { head: 'kg CO2e / month', cell: (r) => num(r['kg_co2e_month']) },
  ];
  if (doc.workload.pricing)
    cols.push({
      head: 'margin',
      cell: (r) => (typeof r['margin_pct'] === 'number' ? `${esc(r['margin_pct'])}%` : ''),
    });
  return cols;
}

/** Infeasible options as one line per model × hardware × precision (tiers share a reason), with reasons. */
function infeasibleList(rows: Result[]): string {
  if (rows.length === 0) return '';
  const groups = new Map<string, { label: string; ids: string[]; tiers: string[] }>();
  for (const r of rows) {
    const label = `${r['model']} on ${r['hardware']}${r['precision'] ? ` ${r['precision']}` : ''}`;
    const key = `${label}\u0000${r['reason']}`;
    const g = groups.get(key) ?? { label, ids: [], tiers: [] };
    g.ids.push(r.id);
    g.tiers.push(String(r['tier']));
    groups.set(key, g);
  }
  const items = [...groups]
    .map(([key, g]) => {
      const reason = key.split('\u0000')[1] ?? '';
      return `<li><span title="${esc(g.ids.join('\n'))}">${esc(g.label)}</span> <span class="tiers">(${esc(g.tiers.join(', '))})</span>: ${esc(reason)}</li>`;
    })
    .join('');
  return `<h2 id="infeasible">Infeasible (${rows.length})</h2><ul class="infeasible">${items}</ul>`;
}

/** The sensitivity rows with units: the lever's value as % (or ×price), money in $, margin in %. */
function sensitivityTable(doc: PlanDocument): string {
  const e = doc.economics;
  if (!e) return '';
  type S = (typeof e.sensitivity)[number];
  const rows = e.sensitivity as unknown as Result[];
  const cols: Column[] = [
    { head: 'what if', text: true, cell: (r) => esc((r as unknown as S).lever) },
    {
      head: 'value',
      cell: (r) => {
        const s = r as unknown as S;
        return esc(s.lever === 'price' ? `price ×${s.value}` : pct(s.value, 0));
      },
    },
    { head: `cost, month ${e.months.length}`, cell: (r) => usd((r as unknown as S).costUsd) },
    { head: `revenue, month ${e.months.length}`, cell: (r) => usd((r as unknown as S).revenueUsd) },
    {
      head: 'gross margin',
      cell: (r) => {
        const m = (r as unknown as S).grossMarginPct;
        return m === null ? '' : `${esc(m)}%`;
      },
    },
  ];
  return `<h3>Sensitivity</h3>${table(rows, cols, 'sensitivity')}`;
}

/** Whether demand is (nearly) the same every month: then the chart is not about growth. */
function isFlat(doc: PlanDocument): boolean {
  const q = doc.demand.queriesPerMonth.map(fin).filter((v) => v > 0);
  if (q.length < 2) return true;
  return Math.max(...q) / Math.min(...q) < 1.05;
}

/** Renders the plan document as a self-contained HTML page. */
export function plannerHtml(doc: PlanDocument): string {
  const results = doc.results as Result[];
  const top = doc.top ?? 15;
  const feasible = results.filter((r) => r['feasible'] === true);
  const infeasible = results.filter((r) => r['feasible'] !== true);
  const bestApi =
    feasible.find((r) => r['kind'] === 'api') ?? (doc.cheapestApi as Result | null) ?? undefined;
  const shown = feasible.slice(0, top);
  const apiOutside = bestApi && !shown.includes(bestApi);
  if (bestApi && apiOutside) shown.push(bestApi);
  const bars = barChart(
    shown.slice(0, 15).map((r) => ({ label: nameOf(r), id: r.id, value: fin(r['usd_per_1m_tok']) })),
    '/1M tok',
  );
  // Costs get their own chart: next to revenue (often 10–100× larger) they would sit flat at zero.
  const five = feasible.slice(0, 5);
  if (bestApi && !five.includes(bestApi)) five.push(bestApi);
  const costOf = (r: Result) => (r.monthly?.costUsd ?? []).map(fin);
  const cost = lineChart(
    'cost',
    five.map((r) => ({ label: `${String(r['rank'])}. ${nameOf(r)}`, id: r.id, values: costOf(r) })),
    'cost, US$ / month',
    { scale: 'auto' },
  );
  const best = feasible[0];
  const revenue =
    doc.workload.pricing && best?.monthly
      ? lineChart(
          'revenue',
          [
            { label: 'revenue', values: best.monthly.revenueUsd.map(fin), dashed: true },
            { label: `cost, ${nameOf(best)}`, id: best.id, values: costOf(best) },
          ],
          'revenue and cost, US$ / month',
          { scale: 'auto' },
        )
      : '<p>No pricing model in the workload: no revenue to show.</p>';
  const bestName = best ? nameOf(best) : (doc.best ?? '');
  const margin = doc.economics
    ? lineChart(
        'margin',
        [
          {
            label: `margin, ${bestName}`,
            id: doc.best ?? '',
            values: doc.economics.months.map((m) => fin(m.grossMarginPct) / 100),
          },
        ],
        'gross margin',
        { percent: true },
      )
    : '<p>No pricing model in the workload: margins not computed.</p>';
  const dayOption = results.find((r) => r.id === doc.day?.option);
  const day = doc.day
    ? lineChart(
        'day',
        [
          {
            label: `utilisation, ${dayOption ? nameOf(dayOption) : doc.day.option}`,
            id: doc.day.option,
            values: doc.day.utilisation.map(fin),
          },
        ],
        `utilisation, day ${doc.day.day + 1} (month ${doc.day.month})`,
        { percent: true, xLabel: 'hour of day (UTC)', firstX: 0 },
      ) + `<p>Replicas per hour (0–23): ${esc(doc.day.replicas.join(', '))}</p>`
    : '<p>No feasible self-hosted option: no fleet utilisation to show.</p>';
  const names = new Map(results.map((r) => [r.id, nameOf(r)]));
  const frontier = frontierChart(doc.frontier, doc.quality?.floor, 'MMLU-Pro %', names);
  const claims = doc.claims
    ? `<h2>Claims check</h2>${table(
        doc.claims as unknown as Result[],
        [
          'label',
          'hardware',
          'count',
          'precision',
          'fits',
          'plannerTokS',
          'plannerTokSPerCard',
          'claimedTokS',
          'ratio',
          'plannerUsdPerMTok',
          'claimedUsdPerMTok',
          'reason',
        ].map((k) => ({
          head: k,
          text: k === 'label' || k === 'reason' || k === 'hardware',
          cell: (r: Result) => esc(r[k] ?? ''),
        })),
        'claims',
      )}`
    : '';
  const econ = doc.economics
    ? `<h2>Economics (${esc(bestName)})</h2><p>Break-even price: ${esc(money(doc.economics.breakEvenPrice))} per ${esc(doc.economics.unit)} (list ${esc(money(doc.economics.listPrice))}).${
        doc.economics.heavyUsers
          ? ` Heaviest 5% of users: ${esc(pct(doc.economics.heavyUsers.top5UsageShare, 1))} of cost, ${esc(money(doc.economics.heavyUsers.costPerHeavyUser))}/user/month each.`
          : ''
      }</p>${sensitivityTable(doc)}`
    : '';
  const flat = isFlat(doc);
  const costTitle = flat ? 'Monthly cost' : 'Monthly cost as usage grows';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Margin plan: ${esc(doc.workload.name)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:24px;color:#111;max-width:1352px}
table{border-collapse:collapse;font-size:12px}
td,th{border:1px solid #ddd;padding:3px 6px;text-align:right;vertical-align:top}
th{background:#f3f4f6;font-weight:600}
.t{text-align:left}
table.options td.t{max-width:300px}
table.claims td.t{max-width:360px}
svg.chart{max-width:100%;height:auto}
ul.infeasible{font-size:12px;padding-left:18px;columns:2 560px;column-gap:32px}
ul.infeasible li{margin:2px 0;break-inside:avoid}
.tiers{color:#6b7280}
h2{margin-top:28px}
</style>
</head><body>
<h1>Margin plan: ${esc(doc.workload.name)}</h1>
<p>${esc(doc.workload.description ?? '')}</p>
<p>${doc.workload.months} months; ${doc.options.total} options (${doc.options.feasible} feasible); best: <b title="${esc(doc.best ?? '')}">${esc(best ? nameOf(best) : (doc.best ?? 'none'))}</b>.</p>
<h2>Cost per 1M tokens by option</h2>${bars}
<h2>${costTitle}</h2><p>The five cheapest options${bestApi ? ' and the cheapest API model' : ''}${flat ? ' (usage is flat over the horizon)' : ''}; a log axis when costs span more than 30×.</p>${cost}
<h2>Revenue and cost by month (best option)</h2>${revenue}
<h2>Gross margin by month</h2>${margin}
<h2>Utilisation over the busiest day</h2>${day}
<h2>Cost and quality</h2>${frontier}
${econ}
${claims}
<h2>Ranked options</h2><p>The ${Math.min(top, feasible.length)} cheapest feasible options${apiOutside ? ` and the best API option (rank ${esc(bestApi?.['rank'])})` : ''}; hover a name for its full id. Every option is in <code>--format json</code> and <code>csv</code>.</p>${table(shown, optionColumns(doc), 'options')}
${infeasibleList(infeasible)}
</body></html>
`;
}
