// The planner's HTML report: one self-contained page (no CDN, no script) with inline SVG charts — cost per
// 1M tokens by option, monthly cost vs revenue and margin as usage grows, utilisation over a day — and the
// ranked table.
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

function lineChart(
  series: Array<{ label: string; values: number[]; dashed?: boolean }>,
  yLabel: string,
  percent = false,
): string {
  const w = 760;
  const h = 280;
  const pad = { l: 70, r: 180, t: 12, b: 30 };
  const n = Math.max(1, ...series.map((s) => s.values.length));
  const all = series.flatMap((s) => s.values);
  const max = Math.max(...all, percent ? 1 : 1e-12);
  const min = Math.min(0, ...all);
  const x = (i: number) => pad.l + (n === 1 ? 0 : (i * (w - pad.l - pad.r)) / (n - 1));
  const y = (v: number) => pad.t + ((max - v) * (h - pad.t - pad.b)) / (max - min || 1);
  const fmt = (v: number) => (percent ? `${(v * 100).toFixed(0)}%` : money(v));
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => min + f * (max - min))
    .map(
      (v) =>
        `<line x1="${pad.l}" x2="${w - pad.r}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e5e7eb"/><text x="${pad.l - 4}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${esc(fmt(v))}</text>`,
    )
    .join('');
  const xt = Array.from(
    { length: n },
    (_, i) => `<text x="${x(i).toFixed(1)}" y="${h - 10}" text-anchor="middle">${i + 1}</text>`,
  ).join('');
  const lines = series
    .map((s, k) => {
      const c = COLORS[k % COLORS.length];
      const pts = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      return (
        `<polyline fill="none" stroke="${c}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''} points="${pts}"/>` +
        `<text x="${w - pad.r + 8}" y="${pad.t + 12 + k * 15}" fill="${c}">${esc(s.label.length > 30 ? `${s.label.slice(0, 29)}…` : s.label)}</text>`
      );
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" font-size="11" font-family="sans-serif">${ticks}${xt}${lines}<text x="12" y="${pad.t + 10}">${esc(yLabel)}</text></svg>`;
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
  const top = feasible.slice(0, 5);
  const cost = lineChart(
    [
      ...top.map((r) => ({ label: r.id, values: (r.monthly?.costUsd ?? []).map(fin) })),
      ...(doc.workload.pricing && top[0]?.monthly
        ? [{ label: 'revenue', values: top[0].monthly.revenueUsd.map(fin), dashed: true }]
        : []),
    ],
    'US$ / month',
  );
  const margin = doc.economics
    ? lineChart(
        [{ label: `margin, ${doc.best ?? ''}`, values: doc.economics.months.map((m) => fin(m.grossMargin)) }],
        'gross margin',
        true,
      )
    : '<p>No pricing model in the workload: margins not computed.</p>';
  const day = doc.day
    ? lineChart(
        [{ label: 'utilisation', values: doc.day.utilisation.map(fin) }],
        `utilisation, day ${doc.day.day + 1} (month ${doc.day.month})`,
        true,
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
<h2>Monthly cost as usage grows</h2>${cost}
<h2>Gross margin by month</h2>${margin}
<h2>Utilisation over the busiest day</h2>${day}
${econ}
${claims}
<h2>Ranked options</h2>${table(results, cols)}
</body></html>
`;
}
