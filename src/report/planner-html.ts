// The planner's HTML report: one self-contained page (no CDN, no script) with inline SVG charts — cost per
// 1M tokens by option, monthly cost as usage grows (its own chart, log axis when costs span decades),
// revenue vs the best option's cost, margin by month, utilisation over a day — and the ranked table.
import type { PlanDocument } from '../planner/report/document.js';

const esc = (s: unknown): string =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const fin = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
const money = (x: number): string =>
  x >= 1000
    ? `$${Math.round(x).toLocaleString('en-US')}`
    : x >= 1
      ? `$${x.toFixed(2)}`
      : `$${x.toPrecision(2)}`;
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563'];

type Result = Record<string, unknown> & {
  id: string;
  monthly?: { costUsd: Array<number | null>; revenueUsd: Array<number | null> };
};

function barChart(rows: Array<{ label: string; value: number }>, unit: string): string {
  if (rows.length === 0) return '<p>No feasible options.</p>';
  const w = 760;
  const bar = 18;
  const left = 330;
  const h = rows.length * (bar + 6) + 30;
  const max = Math.max(...rows.map((r) => r.value), 1e-12);
  const items = rows
    .map((r, i) => {
      const y = 10 + i * (bar + 6);
      const len = Math.max(1, ((w - left - 90) * r.value) / max);
      return (
        `<text x="${left - 6}" y="${y + 13}" text-anchor="end">${esc(r.label.length > 48 ? `${r.label.slice(0, 47)}…` : r.label)}</text>` +
        `<rect x="${left}" y="${y}" width="${len.toFixed(1)}" height="${bar}" fill="${COLORS[0]}"/>` +
        `<text x="${(left + len + 4).toFixed(1)}" y="${y + 13}">${esc(money(r.value))}${esc(unit)}</text>`
      );
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" font-size="11" font-family="sans-serif">${items}</svg>`;
}

interface Series {
  label: string;
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
 * Line chart over months (or hours). `scale: 'auto'` switches to a log axis when the positive values
 * span more than 30×, so a small cost next to a large one (or month 1 next to month 12) stays readable.
 */
function lineChart(
  series: Series[],
  yLabel: string,
  opts: { percent?: boolean; scale?: 'linear' | 'auto'; xLabel?: string } = {},
): string {
  const percent = opts.percent ?? false;
  const w = 960;
  const h = 300;
  const pad = { l: 78, r: 340, t: 26, b: 40 };
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
  const x = (i: number) => pad.l + (n === 1 ? 0 : (i * (w - pad.l - pad.r)) / (n - 1));
  const fmt = (v: number) =>
    percent ? `${(v * 100).toFixed(0)}%` : Number.isInteger(v) ? `$${v.toLocaleString('en-US')}` : money(v);
  const ticks = tickValues
    .map(
      (v) =>
        `<line x1="${pad.l}" x2="${w - pad.r}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e5e7eb"/><text x="${pad.l - 4}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${esc(fmt(v))}</text>`,
    )
    .join('');
  const xt = Array.from(
    { length: n },
    (_, i) => `<text x="${x(i).toFixed(1)}" y="${h - 24}" text-anchor="middle">${i + 1}</text>`,
  ).join('');
  const lines = series
    .map((s, k) => {
      const c = COLORS[k % COLORS.length];
      const pts = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      return (
        `<polyline fill="none" stroke="${c}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''} points="${pts}"/>` +
        `<line x1="${w - pad.r + 8}" x2="${w - pad.r + 26}" y1="${top + 8 + k * 16}" y2="${top + 8 + k * 16}" stroke="${c}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>` +
        `<text x="${w - pad.r + 30}" y="${top + 12 + k * 16}" fill="${c}">${esc(s.label.length > 46 ? `${s.label.slice(0, 45)}…` : s.label)}</text>`
      );
    })
    .join('');
  const axis = `${yLabel}${log ? ' (log scale)' : ''}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" font-size="11" font-family="sans-serif">` +
    `${ticks}${xt}${lines}<text x="${pad.l}" y="14" font-weight="bold">${esc(axis)}</text>` +
    `<text x="${((pad.l + w - pad.r) / 2).toFixed(0)}" y="${h - 6}" text-anchor="middle">${esc(opts.xLabel ?? 'month')}</text></svg>`
  );
}

function table(rows: Array<Record<string, unknown>>, cols: string[]): string {
  const head = cols.map((c) => `<th>${esc(c)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${cols.map((c) => `<td>${esc(typeof r[c] === 'number' && !Number.isFinite(r[c]) ? '' : (r[c] ?? ''))}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Renders the plan document as a self-contained HTML page. */
export function plannerHtml(doc: PlanDocument): string {
  const results = doc.results as Result[];
  const feasible = results.filter((r) => r['feasible'] === true);
  const bars = barChart(
    feasible.slice(0, 15).map((r) => ({ label: r.id, value: fin(r['usd_per_1m_tok']) })),
    '/1M tok',
  );
  // Costs get their own chart: next to revenue (often 10–100× larger) they would sit flat at zero.
  const top = feasible.slice(0, 5);
  const bestApi =
    feasible.find((r) => r['kind'] === 'api') ?? (doc.cheapestApi as Result | null) ?? undefined;
  if (bestApi && !top.includes(bestApi)) top.push(bestApi);
  const costOf = (r: Result) => (r.monthly?.costUsd ?? []).map(fin);
  const cost = lineChart(
    top.map((r) => ({ label: `${String(r['rank'])}. ${r.id}`, values: costOf(r) })),
    'cost, US$ / month',
    { scale: 'auto' },
  );
  const best = feasible[0];
  const revenue =
    doc.workload.pricing && best?.monthly
      ? lineChart(
          [
            { label: 'revenue', values: best.monthly.revenueUsd.map(fin), dashed: true },
            { label: `cost, ${best.id}`, values: costOf(best) },
          ],
          'revenue and cost, US$ / month',
          { scale: 'auto' },
        )
      : '<p>No pricing model in the workload: no revenue to show.</p>';
  const margin = doc.economics
    ? lineChart(
        [
          {
            label: `margin, ${doc.best ?? ''}`,
            values: doc.economics.months.map((m) => fin(m.grossMarginPct) / 100),
          },
        ],
        'gross margin',
        { percent: true },
      )
    : '<p>No pricing model in the workload: margins not computed.</p>';
  const day = doc.day
    ? lineChart(
        [{ label: 'utilisation', values: doc.day.utilisation.map(fin) }],
        `utilisation, day ${doc.day.day + 1} (month ${doc.day.month})`,
        { percent: true, xLabel: 'hour of day (UTC)' },
      ) + `<p>Replicas per hour: ${esc(doc.day.replicas.join(', '))}</p>`
    : '<p>No feasible self-hosted option: no fleet utilisation to show.</p>';
  const cols = Object.keys(results[0] ?? {}).filter(
    (k) => !['totals', 'perf', 'monthly', 'needGB', 'haveGB'].includes(k),
  );
  const claims = doc.claims
    ? `<h2>Claims check</h2>${table(doc.claims as unknown as Array<Record<string, unknown>>, ['label', 'hardware', 'count', 'precision', 'fits', 'plannerTokS', 'plannerTokSPerCard', 'claimedTokS', 'ratio', 'plannerUsdPerMTok', 'claimedUsdPerMTok', 'reason'])}`
    : '';
  const econ = doc.economics
    ? `<h2>Economics (${esc(doc.best)})</h2><p>Break-even price: ${esc(money(doc.economics.breakEvenPrice))} per ${esc(doc.economics.unit)} (list ${esc(money(doc.economics.listPrice))}).${
        doc.economics.heavyUsers
          ? ` Heaviest 5% of users: ${(doc.economics.heavyUsers.top5UsageShare * 100).toFixed(1)}% of cost, ${esc(money(doc.economics.heavyUsers.costPerHeavyUser))}/user/month each.`
          : ''
      }</p>${table(doc.economics.sensitivity as unknown as Array<Record<string, unknown>>, ['lever', 'value', 'costUsd', 'revenueUsd', 'grossMargin'])}`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Margin plan: ${esc(doc.workload.name)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#111}table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:3px 6px;text-align:right}th{background:#f3f4f6}td:nth-child(2),td:nth-child(3){text-align:left}h2{margin-top:28px}</style>
</head><body>
<h1>Margin plan: ${esc(doc.workload.name)}</h1>
<p>${esc(doc.workload.description ?? '')}</p>
<p>${doc.workload.months} months; ${doc.options.total} options (${doc.options.feasible} feasible); best: <b>${esc(doc.best ?? 'none')}</b>.</p>
<h2>Cost per 1M tokens by option</h2>${bars}
<h2>Monthly cost as usage grows</h2><p>The five cheapest options${bestApi ? ' and the cheapest API model' : ''}; a log axis when costs span more than 30×.</p>${cost}
<h2>Revenue and cost by month (best option)</h2>${revenue}
<h2>Gross margin by month</h2>${margin}
<h2>Utilisation over the busiest day</h2>${day}
${econ}
${claims}
<h2>Ranked options</h2>${table(results, cols)}
</body></html>
`;
}
