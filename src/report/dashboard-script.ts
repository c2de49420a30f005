// The dashboard page's script (browser JavaScript as text): fetches /api/* from its own origin, draws the
// time series with uPlot (inlined beside it) and everything else as HTML, and refreshes itself. Every value
// reaches the page through textContent; the formatters (formatUsd, formatMs, …) come from dashboard-format.ts.

export const DASHBOARD_SCRIPT = `
const API = document.body.dataset.api;
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const REFRESH_S = Math.max(1, Number(params.get('refresh')) || 10);
const COLORS = { requests: '#2563eb', errors: '#dc2626', spend: '#7c3aed', saved: '#16a34a', bar: '#2563eb', co2: '#0d9488', negative: '#dc2626' };
const charts = {};
window.marginCharts = charts; // the browser test reads the drawn axes from here
let timer = null;
let paused = false;
let loading = false;

function h(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}
const modelName = (g) => g === null || g === undefined ? '(none)' : g === '' ? '(request not parsed)' : g;
const utc = (ms) => new Date(ms).toISOString().slice(5, 19).replace('T', ' ');

async function get(path, optional) {
  const r = await fetch(API + path, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (optional && r.status === 404) return null;
  if (!r.ok) {
    let msg = 'HTTP ' + r.status;
    try { msg = (await r.json()).error.message || msg; } catch {}
    const e = new Error(path.split('?')[0] + ': ' + msg);
    e.status = r.status;
    throw e;
  }
  return r.json();
}

// y-axis width from its longest tick label, so no label is cut off at the canvas edge.
function axisSize(u, values, i, cycle) {
  const axis = u.axes[i];
  if (cycle > 1) return axis._size;
  let size = axis.ticks.size + axis.gap;
  const longest = (values || []).reduce((a, v) => (String(v).length > a.length ? String(v) : a), '');
  if (longest) { u.ctx.font = axis.font[0]; size += u.ctx.measureText(longest).width / devicePixelRatio; }
  return Math.ceil(size) + 4;
}

// Tick steps 1, 2, 5 × 10^k: whole numbers for counts, and money ticks that print exactly.
const COUNT_INCRS = [];
for (let p = 1; p <= 1e9; p *= 10) COUNT_INCRS.push(p, 2 * p, 5 * p);
const MONEY_INCRS = [];
for (let k = -9; k <= 9; k++) for (const m of [1, 2, 5]) MONEY_INCRS.push(Number((m * 10 ** k).toPrecision(1)));

function timeChart(id, series, xs, yTicks, counts) {
  const host = $(id);
  const data = [xs.map((t) => t / 1000), ...series.map((s) => s.values)];
  if (charts[id]) { charts[id].setData(data); return; }
  const opts = {
    width: Math.max(280, host.clientWidth),
    height: 240,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    cursor: { drag: { x: false, y: false } },
    scales: { y: { range: (u, min, max) => uPlot.rangeNum(0, max > 0 ? max : 1, 0.1, true) } },
    axes: [
      { stroke: '#3d4555', grid: { stroke: '#eceef2' }, ticks: { stroke: '#d5d9e0' } },
      { stroke: '#3d4555', grid: { stroke: '#eceef2' }, ticks: { stroke: '#d5d9e0' }, space: 20, size: axisSize, values: (u, splits) => yTicks(splits), incrs: counts ? COUNT_INCRS : MONEY_INCRS },
    ],
    series: [
      { label: 'UTC', value: (u, v) => (v == null ? '–' : utc(v * 1000).slice(0, 11)) },
      ...series.map((s) => ({ label: s.name, stroke: s.color, width: 2, fill: s.fill, points: { show: false }, value: (u, v) => (v == null ? '–' : s.fmt(v)) })),
    ],
  };
  host.replaceChildren();
  charts[id] = new uPlot(opts, data, host);
  // Legend text in its series' colour (the marker alone is small).
  charts[id].root.querySelectorAll('.u-legend .u-series').forEach((row, i) => {
    if (i > 0) row.querySelector('.u-label').style.color = series[i - 1].color;
  });
}

function bars(id, items, fmt, color) {
  const host = $(id);
  if (!items.length) { host.replaceChildren(h('p', 'muted', 'no data in this range')); return; }
  const max = Math.max(1e-300, ...items.map((it) => Math.abs(it.value)));
  host.replaceChildren(...items.map((it) => {
    const row = h('div', 'bar-row');
    const label = h('div', 'bar-label', it.label);
    if (it.title) label.title = it.title;
    const track = h('div', 'bar-track');
    const fill = h('div', 'bar-fill');
    fill.style.width = ((100 * Math.abs(it.value)) / max).toFixed(2) + '%';
    fill.style.background = it.value < 0 ? COLORS.negative : color;
    track.append(fill);
    row.append(label, track, h('div', 'bar-value', fmt(it.value)));
    return row;
  }));
}

function table(id, head, rows) {
  const t = $(id);
  const thead = h('thead');
  const tr = h('tr');
  head.forEach(([name, numeric]) => tr.append(h('th', numeric ? 'n' : '', name)));
  thead.append(tr);
  const body = h('tbody');
  if (!rows.length) { const r = h('tr'); const td = h('td', 'muted', 'no data in this range'); td.colSpan = head.length; r.append(td); body.append(r); }
  rows.forEach((cells) => {
    const r = h('tr');
    cells.forEach((c, i) => {
      const td = h('td', head[i][1] ? 'n' : '', c && typeof c === 'object' ? c.text : c);
      if (c && typeof c === 'object') { if (c.title) td.title = c.title; if (c.cls) td.classList.add(c.cls); }
      r.append(td);
    });
    body.append(r);
  });
  t.replaceChildren(thead, body);
}

function kpis(t, saved) {
  const items = [
    ['Spend', formatUsd(t.costUsd)],
    ['Saved by levers', formatUsd(saved)],
    ['Requests', formatCount(t.requests)],
    ['Error rate', formatPct(t.errorRate)],
    ['Cache hit rate', formatPct(t.cacheHitRate)],
    ['Energy', formatQty(t.energyWh, 'Wh')],
    ['CO2e', formatQty(t.co2eG, 'g')],
    ['p95 latency', t.p95LatencyMs == null ? 'n/a' : formatMs(t.p95LatencyMs) + ' ms'],
  ];
  $('kpis').replaceChildren(...items.map(([k, v]) => { const d = h('div', 'kpi'); d.append(h('b', '', v), h('span', '', k)); return d; }));
}

function groupTable(id, rows, total, name) {
  const sorted = rows.slice().sort((a, b) => b.costUsd - a.costUsd).slice(0, 15);
  table(id, [[name], ['requests', 1], ['errors', 1], ['spend', 1], ['share', 1], ['saved by cache', 1]], sorted.map((r) => [
    r.group == null ? '(none)' : r.group,
    formatCount(r.requests),
    formatCount(r.errors),
    formatUsd(r.costUsd),
    total > 0 ? formatPct(r.costUsd / total) : '–',
    formatUsd(r.savedUsd),
  ]));
}

function savingsChart(s) {
  const levers = s.levers.filter((l) => l.requests > 0 || l.lever !== 'batch');
  bars('savings', levers.map((l) => ({ label: l.lever + ' (' + formatCount(l.requests) + ' req)', value: l.savedUsd })), formatUsd, COLORS.saved);
  const saved = s.withoutAnyUsd - s.actualUsd;
  const pct = s.withoutAnyUsd > 0 ? ' (' + formatPct(saved / s.withoutAnyUsd) + ')' : '';
  let note = 'Actual ' + formatUsd(s.actualUsd) + ' · without any lever ' + formatUsd(s.withoutAnyUsd) + ' · saved ' + formatUsd(saved) + pct + '. Routing is compared with the model each client asked for.';
  if (s.unpriced) note += ' ' + formatCount(s.unpriced) + ' requests on models without a catalog price are left out.';
  if (s.truncated) note += ' Only the newest ' + formatCount(s.requests) + ' requests of the range were read.';
  $('savings-note').textContent = note;
}

function advice(a) {
  const card = $('advice-card');
  card.hidden = !a;
  $('savings-card').classList.toggle('wide', !a); // alone on its row without the advice beside it
  if (!a) return;
  const list = $('advice');
  if (!a.actions || !a.actions.length) { list.replaceChildren(h('li', 'muted', 'No advice for this traffic: nothing found worth changing.')); return; }
  list.replaceChildren(...a.actions.map((x) => {
    const li = h('li', 'advice');
    const head = h('div', 'advice-head');
    const range = x.usdPerMonthLow != null && x.usdPerMonthHigh != null ? ' (' + formatUsd(x.usdPerMonthLow) + '–' + formatUsd(x.usdPerMonthHigh) + ')' : '';
    head.append(h('b', '', x.title));
    // A lever that saves no money (e.g. a lower-carbon region) shows no "$0.00/month".
    if (x.usdPerMonth || x.usdPerMonthHigh) head.append(h('span', 'advice-usd', formatUsd(x.usdPerMonth) + '/month' + range));
    head.append(h('span', 'badge badge-' + x.confidence, x.confidence + ' confidence'));
    li.append(head);
    if (x.explain && x.explain.length) {
      const d = h('details');
      d.append(h('summary', '', 'why'));
      const ul = h('ul');
      x.explain.forEach((line) => ul.append(h('li', '', line)));
      d.append(ul);
      li.append(d);
    }
    return li;
  }));
}

function recentRows(records) {
  table('recent', [['time (UTC)'], ['model'], ['provider'], ['status', 1], ['cache'], ['tenant / key'], ['cost', 1], ['ms', 1]], records.map((r) => {
    const asked = r.requestedModel ? r.requestedModel : '(request not parsed)';
    const model = r.servedModel && r.servedModel !== r.requestedModel ? asked + ' → ' + r.servedModel : asked;
    return [
      utc(r.ts),
      { text: model, title: r.route || '', cls: r.requestedModel ? '' : 'muted' },
      r.provider || '–',
      { text: String(r.status), title: r.errorCode || '', cls: r.status >= 400 ? 'bad' : '' },
      r.cache,
      [r.tenant, r.keyId].filter(Boolean).join(' / ') || '–',
      formatUsd(r.costUsd.total),
      formatMs(r.latencyMs),
    ];
  }));
}

async function load() {
  if (loading) return;
  loading = true;
  const since = $('since').value;
  const q = '?since=' + encodeURIComponent(since);
  try {
    const [s, ts, rc, sv, byTenant, byKey] = await Promise.all([
      get('/summary' + q), get('/timeseries' + q + '&bucket=auto'), get('/recent?limit=25'), get('/savings' + q),
      get('/report' + q + '&by=tenant'), get('/report' + q + '&by=key'),
    ]);
    kpis(s.totals, sv.withoutAnyUsd - sv.actualUsd);
    const xs = ts.points.map((p) => p.ts);
    const col = (k) => ts.points.map((p) => p[k]);
    $('bucket').textContent = ts.bucket + ' buckets, UTC';
    $('bucket2').textContent = ts.bucket + ' buckets, UTC';
    timeChart('requests', [
      { name: 'requests', color: COLORS.requests, fill: 'rgba(37,99,235,0.08)', values: col('requests'), fmt: formatCount },
      { name: 'errors', color: COLORS.errors, values: col('errors'), fmt: formatCount },
    ], xs, (ticks) => ticks.map((v) => formatCount(v)), true);
    timeChart('money', [
      { name: 'spend', color: COLORS.spend, fill: 'rgba(124,58,237,0.08)', values: col('costUsd'), fmt: formatUsd },
      { name: 'saved by cache', color: COLORS.saved, values: col('savedUsd'), fmt: formatUsd },
    ], xs, formatUsdTicks);
    savingsChart(sv);
    const models = s.byModel.slice(0, 12);
    bars('spend', models.map((r) => ({ label: modelName(r.group), value: r.costUsd })), formatUsd, COLORS.bar);
    bars('co2', models.slice().sort((a, b) => b.co2eG - a.co2eG).map((r) => ({ label: modelName(r.group), value: r.co2eG })), (v) => formatQty(v, 'g') + ' CO2e', COLORS.co2);
    groupTable('tenants', byTenant.rows, byTenant.total.costUsd, 'tenant');
    groupTable('keys', byKey.rows, byKey.total.costUsd, 'key');
    recentRows(rc.records);
    $('err').replaceChildren();
    $('updated').textContent = 'updated ' + new Date().toISOString().slice(11, 19) + ' UTC';
  } catch (e) {
    const p = $('err');
    p.replaceChildren(h('span', '', String(e.message || e)));
    if (e.status === 401) { const a = h('a', '', ' Log in again'); a.href = '/login'; p.append(a); }
  } finally {
    loading = false;
  }
  try { advice(await get('/advise?days=' + ({ '24h': 1, '7d': 7, '30d': 30 }[since] || 30), true)); } catch (e) { $('advice-card').hidden = false; $('savings-card').classList.remove('wide'); $('advice').replaceChildren(h('li', 'bad', String(e.message || e))); }
}

function schedule() {
  clearInterval(timer);
  timer = paused ? null : setInterval(() => { if (!document.hidden) load(); }, REFRESH_S * 1000);
  $('pause').textContent = paused ? 'Resume auto-refresh' : 'Pause auto-refresh';
  $('pause').setAttribute('aria-pressed', String(paused));
  $('every').textContent = paused ? 'paused' : 'every ' + REFRESH_S + ' s';
}
$('pause').addEventListener('click', () => { paused = !paused; schedule(); if (!paused) load(); });
$('since').addEventListener('change', () => { for (const k in charts) { charts[k].destroy(); delete charts[k]; } load(); });
window.addEventListener('resize', () => { for (const k in charts) charts[k].setSize({ width: Math.max(280, $(k).clientWidth), height: 240 }); });
schedule();
load();
`;
