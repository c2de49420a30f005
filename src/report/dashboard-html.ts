// The dashboard page: one self-contained HTML document (inline CSS, inline SVG drawn by a tiny inline script,
// no CDN, no network beyond same-origin fetches of /api/summary, /api/timeseries and /api/recent).

export interface DashboardOptions {
  title?: string;
  /** Where the JSON API lives (default '/api'). */
  apiBase?: string;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
header{display:flex;align-items:center;gap:16px;padding:12px 24px;background:#1d2330;color:#fff}
header h1{font-size:18px;margin:0;flex:1}
select{font:inherit;padding:2px 6px}
main{padding:16px 24px;display:grid;gap:16px;grid-template-columns:repeat(auto-fit,minmax(420px,1fr))}
.kpis{grid-column:1/-1;display:grid;gap:12px;grid-template-columns:repeat(auto-fit,minmax(150px,1fr))}
.kpi,.card{background:#fff;border-radius:8px;padding:12px 16px;box-shadow:0 1px 2px #0002}
.kpi b{display:block;font-size:22px}.kpi span{color:#667}
.card h2{font-size:15px;margin:0 0 8px}
.wide{grid-column:1/-1}
table{border-collapse:collapse;width:100%;font-size:12px}td,th{padding:3px 6px;text-align:left;border-bottom:1px solid #eee}
td.n{text-align:right;font-variant-numeric:tabular-nums}
svg text{font-size:11px;fill:#445}
#err{color:#b00020;padding:0 24px}
`;

// Kept small and dependency-free; every value reaches the page through textContent or SVG text nodes.
const SCRIPT = `
const API = document.body.dataset.api;
const $ = (id) => document.getElementById(id);
const NS = 'http://www.w3.org/2000/svg';
const fmt = (v, d = 2) => v == null ? '' : Math.abs(v) >= 1e6 ? (v / 1e6).toFixed(1) + 'M' : Math.abs(v) >= 1e3 ? (v / 1e3).toFixed(1) + 'k' : (+v).toFixed(d);
function el(tag, attrs, text) { const e = document.createElementNS(NS, tag); for (const k in attrs) e.setAttribute(k, attrs[k]); if (text != null) e.textContent = text; return e; }
function bars(id, items, label, value, unit) {
  const svg = $(id); svg.replaceChildren();
  const W = 560, row = 22, max = Math.max(1e-12, ...items.map(value));
  svg.setAttribute('viewBox', '0 0 ' + W + ' ' + Math.max(row, items.length * row));
  items.forEach((it, i) => {
    const w = (value(it) / max) * (W - 250);
    svg.append(el('text', { x: 0, y: i * row + 15 }, String(label(it)).slice(0, 28)));
    svg.append(el('rect', { x: 170, y: i * row + 4, width: Math.max(1, w), height: row - 8, fill: '#3b6fd8', rx: 2 }));
    svg.append(el('text', { x: 176 + w, y: i * row + 15 }, fmt(value(it), 4) + ' ' + unit));
  });
  if (!items.length) svg.append(el('text', { x: 0, y: 15 }, 'no data'));
}
function line(id, points, series) {
  const svg = $(id); svg.replaceChildren();
  const W = 560, H = 180, P = 30;
  svg.setAttribute('viewBox', '0 0 ' + W + ' ' + (H + 20));
  const max = Math.max(1e-12, ...points.flatMap((p) => series.map((s) => p[s.key])));
  const x = (i) => P + (i * (W - P - 8)) / Math.max(1, points.length - 1);
  const y = (v) => H - (v / max) * (H - 10);
  svg.append(el('line', { x1: P, y1: H, x2: W, y2: H, stroke: '#ccc' }));
  svg.append(el('text', { x: 0, y: 12 }, fmt(max)));
  series.forEach((s, k) => {
    const d = points.map((p, i) => (i ? 'L' : 'M') + x(i).toFixed(1) + ' ' + y(p[s.key]).toFixed(1)).join(' ');
    if (points.length) svg.append(el('path', { d, fill: 'none', stroke: s.color, 'stroke-width': 2 }));
    svg.append(el('text', { x: P + 10 + k * 140, y: H + 16, fill: s.color }, s.name));
  });
  if (points.length) svg.append(el('text', { x: W - 120, y: H + 16 }, points[points.length - 1].t));
}
async function get(path) { const r = await fetch(API + path); if (!r.ok) throw new Error(path + ': HTTP ' + r.status); return r.json(); }
async function load() {
  const since = $('since').value;
  try {
    const [s, ts, rc] = await Promise.all([get('/summary?since=' + since), get('/timeseries?since=' + since), get('/recent?limit=25')]);
    const t = s.totals;
    const kpis = [['Spend', '$' + fmt(t.costUsd, 4)], ['Saved by cache', '$' + fmt(t.savedUsd, 4)], ['Requests', fmt(t.requests, 0)],
      ['Error rate', (100 * t.errorRate).toFixed(2) + '%'], ['Cache hit rate', (100 * t.cacheHitRate).toFixed(1) + '%'],
      ['Energy', fmt(t.energyWh, 2) + ' Wh'], ['CO2e', fmt(t.co2eG, 2) + ' g'], ['p95 latency', t.p95LatencyMs == null ? 'n/a' : fmt(t.p95LatencyMs, 0) + ' ms']];
    $('kpis').replaceChildren(...kpis.map(([k, v]) => { const d = document.createElement('div'); d.className = 'kpi'; const b = document.createElement('b'); b.textContent = v; const sp = document.createElement('span'); sp.textContent = k; d.append(b, sp); return d; }));
    bars('spend', s.byModel.slice(0, 12), (r) => r.group ?? '(none)', (r) => r.costUsd, 'USD');
    bars('energy', s.byModel.slice(0, 12), (r) => r.group ?? '(none)', (r) => r.co2eG, 'g CO2e');
    line('requests', ts.points, [{ key: 'requests', name: 'requests', color: '#3b6fd8' }, { key: 'errors', name: 'errors', color: '#d83b3b' }]);
    line('money', ts.points, [{ key: 'costUsd', name: 'spend USD', color: '#3b6fd8' }, { key: 'savedUsd', name: 'saved USD', color: '#2e9e5b' }]);
    const cols = ['ts', 'requestedModel', 'provider', 'status', 'cache', 'costUsd', 'latencyMs'];
    const rows = rc.records.map((r) => { const tr = document.createElement('tr'); for (const c of cols) { const td = document.createElement('td'); const v = c === 'ts' ? new Date(r.ts).toISOString().slice(0, 19) : c === 'costUsd' ? r.costUsd.total.toFixed(6) : r[c]; td.textContent = v ?? ''; if ((typeof r[c] === 'number' && c !== 'ts') || c === 'costUsd') td.className = 'n'; tr.append(td); } return tr; });
    $('recent').replaceChildren(...rows);
    $('err').textContent = '';
  } catch (e) { $('err').textContent = String(e.message || e); }
}
$('since').addEventListener('change', load);
load(); setInterval(load, 15000);
`;

/** The dashboard page as one HTML string (serve it at `/` with content-type text/html). */
export function dashboardHtml(o: DashboardOptions = {}): string {
  const title = esc(o.title ?? 'Margin');
  const api = esc(o.apiBase ?? '/api');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="data:,"><title>${title} dashboard</title><style>${CSS}</style></head>
<body data-api="${api}">
<header><h1>${title} — spend, savings, energy</h1>
<label>range <select id="since"><option value="24h">24 hours</option><option value="7d" selected>7 days</option><option value="30d">30 days</option></select></label></header>
<p id="err"></p>
<main>
<section class="kpis" id="kpis"></section>
<section class="card"><h2>Spend by model</h2><svg id="spend" width="100%"></svg></section>
<section class="card"><h2>CO2e by model</h2><svg id="energy" width="100%"></svg></section>
<section class="card"><h2>Requests over time</h2><svg id="requests" width="100%"></svg></section>
<section class="card"><h2>Spend and savings over time</h2><svg id="money" width="100%"></svg></section>
<section class="card wide"><h2>Recent requests</h2><table><thead><tr><th>time</th><th>model</th><th>provider</th><th>status</th><th>cache</th><th>USD</th><th>ms</th></tr></thead><tbody id="recent"></tbody></table></section>
</main>
<script>${SCRIPT}</script>
</body></html>
`;
}
