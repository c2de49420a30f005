// The dashboard page: one self-contained HTML document — inline CSS, uPlot inlined from its package
// (dashboard-assets.ts), the formatters and the page script inline — whose only requests are same-origin
// fetches of /api/summary, /api/timeseries, /api/recent, /api/report, /api/savings and /api/advise.
import { chartAssets } from './dashboard-assets.js';
import { formattersSource } from './dashboard-format.js';
import { DASHBOARD_SCRIPT } from './dashboard-script.js';

export interface DashboardOptions {
  title?: string;
  /** Where the JSON API lives (default '/api'). */
  apiBase?: string;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
header{display:flex;flex-wrap:wrap;align-items:center;gap:12px 16px;padding:12px 24px;background:#1d2330;color:#fff}
header h1{font-size:18px;margin:0;flex:1;min-width:16em}
header .muted{color:#b9c0cc}
select,button{font:inherit;padding:2px 8px}
main{padding:16px 24px;display:grid;gap:16px;grid-template-columns:repeat(auto-fit,minmax(min(100%,440px),1fr))}
.kpis{grid-column:1/-1;display:grid;gap:12px;grid-template-columns:repeat(auto-fit,minmax(140px,1fr))}
.kpi,.card{background:#fff;border-radius:8px;padding:12px 16px;box-shadow:0 1px 2px #0002;min-width:0}
.kpi b{display:block;font-size:22px;white-space:nowrap}.kpi span{color:#5b6475}
.card h2{font-size:15px;margin:0 0 8px;display:flex;gap:8px;align-items:baseline}
.card h2 small{font-weight:normal;color:#5b6475;font-size:12px}
.wide{grid-column:1/-1}
.muted{color:#5b6475}.bad{color:#b00020}
.note{font-size:12px;color:#5b6475;margin:8px 0 0}
table{border-collapse:collapse;width:100%;font-size:12px}
td,th{padding:3px 6px;text-align:left;border-bottom:1px solid #eee;overflow-wrap:break-word}
th{white-space:nowrap}
.scroll{overflow-x:auto}
th.n,td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.bars{display:grid;grid-template-columns:fit-content(45%) minmax(40px,1fr) max-content;gap:4px 8px;align-items:center;font-size:12px}
.bar-row{display:contents}
.bar-label{overflow-wrap:anywhere;min-width:0}
.bar-track{background:#f0f2f5;border-radius:2px;height:12px}
.bar-fill{height:100%;border-radius:2px;min-width:2px}
.bar-value{white-space:nowrap;font-variant-numeric:tabular-nums;text-align:right}
.chart{min-height:280px}
.u-legend{font-size:12px}
#err{color:#b00020;padding:0 24px;margin:8px 0 0}
.bars>p{grid-column:1/-1;margin:0}
#err:empty{display:none}
ol.advice-list{margin:0;padding-left:20px}
li.advice{margin:0 0 8px}
.advice-head{display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline}
.advice-usd{font-variant-numeric:tabular-nums;color:#16a34a;font-weight:600}
.badge{font-size:11px;border-radius:8px;padding:0 6px;background:#eef0f4}
.badge-high{background:#dcfce7}.badge-medium{background:#fef3c7}.badge-low{background:#fee2e2}
details{font-size:12px;color:#3d4555}
`;

/** The dashboard page as one HTML string (serve it at `/` with content-type text/html). */
export function dashboardHtml(o: DashboardOptions = {}): string {
  const title = esc(o.title ?? 'Margin');
  const api = esc(o.apiBase ?? '/api');
  const uplot = chartAssets();
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="data:,"><title>${title} dashboard</title>
<style>${uplot.css}</style><style>${CSS}</style></head>
<body data-api="${api}">
<header><h1>${title} — spend, savings, energy</h1>
<label>range <select id="since"><option value="24h">24 hours</option><option value="7d" selected>7 days</option><option value="30d">30 days</option></select></label>
<button id="pause" type="button" aria-pressed="false">Pause auto-refresh</button>
<span class="muted"><span id="every"></span> · <span id="updated">loading…</span></span></header>
<p id="err" role="alert"></p>
<main>
<section class="kpis" id="kpis"></section>
<section class="card"><h2>Requests and errors <small id="bucket"></small></h2><div class="chart" id="requests"></div></section>
<section class="card"><h2>Spend and savings <small id="bucket2"></small></h2><div class="chart" id="money"></div></section>
<section class="card wide" id="savings-card"><h2>Savings per lever</h2><div class="bars" id="savings"></div><p class="note" id="savings-note"></p></section>
<section class="card" id="advice-card" hidden><h2>Advice <small>estimated savings per month</small></h2><ol class="advice-list" id="advice"></ol></section>
<section class="card"><h2>Spend by model</h2><div class="bars" id="spend"></div></section>
<section class="card"><h2>CO2e by model</h2><div class="bars" id="co2"></div></section>
<section class="card"><h2>Spend by tenant</h2><div class="scroll"><table id="tenants"></table></div></section>
<section class="card"><h2>Spend by key</h2><div class="scroll"><table id="keys"></table></div></section>
<section class="card wide"><h2>Recent requests</h2><div class="scroll"><table id="recent"></table></div></section>
</main>
<script>${uplot.js}</script>
<script>
${formattersSource()}
${DASHBOARD_SCRIPT}
</script>
</body></html>
`;
}
