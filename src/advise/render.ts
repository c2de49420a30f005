// Advise output: a terminal table that fits 120 columns, a standalone HTML page, and `--explain`.
import { MarginError } from '../errors/index.js';
import { toTable } from '../report/format.js';
import { usd } from './stats.js';
import type { AdviseAction, AdviseReport } from './types.js';

/** Terminal width the table keeps to. */
const WIDTH = 120;

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

/** Aligned table: rank, saving a month, its 90% interval, confidence, action; then notes. */
export function adviseTable(report: AdviseReport): string {
  const head = `margin advise · ${report.requests.toLocaleString('en-US')} records · last ${report.days} days\n`;
  const notes = (report.notes ?? []).map((n) => `note: ${n}\n`).join('');
  if (report.actions.length === 0)
    return `${head}no action found: nothing in this traffic would save money by the levers advise checks\n${notes}`;
  const cells = report.actions.map((a) => ({
    '#': a.rank,
    'usd/month':
      a.usdPerMonth > 0
        ? usd(a.usdPerMonth)
        : a.co2eKgPerMonth !== undefined
          ? `${a.co2eKgPerMonth.toFixed(1)} kgCO2e`
          : '—',
    '90% range': a.usdPerMonth > 0 ? `${usd(a.usdPerMonthLow)}–${usd(a.usdPerMonthHigh)}` : '',
    confidence: a.confidence,
    action: a.title,
  }));
  // The action column gets what the others leave of 120 columns (two spaces between columns).
  const used = (['#', 'usd/month', '90% range', 'confidence'] as const)
    .map((k) => Math.max(k.length, ...cells.map((c) => String(c[k]).length)) + 2)
    .reduce((a, b) => a + b, 0);
  const rows = cells.map((c) => ({ ...c, action: clip(c.action, Math.max(30, WIDTH - used)) }));
  return `${head}${toTable(rows)}${notes}explain one: margin advise --explain <#|id>  (ids: ${report.actions.map((a) => a.id).join(', ')})\n`;
}

/** The action named by rank (`2`) or id (`prompt-caching:gpt-4o`). */
export function findAction(report: AdviseReport, which: string): AdviseAction {
  const a = /^\d+$/.test(which)
    ? report.actions.find((x) => x.rank === Number(which))
    : report.actions.find((x) => x.id === which);
  if (!a) {
    const ids = report.actions.map((x) => x.id);
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `--explain: no action '${which}' (${ids.length ? `give a rank 1–${ids.length} or an id: ${ids.join(', ')}` : 'this ledger gives no actions'})`,
    );
  }
  return a;
}

/** One action's arithmetic, step by step. */
export function explainText(a: AdviseAction): string {
  const lines = [
    `#${a.rank} ${a.title}`,
    `id ${a.id} · ${usd(a.usdPerMonth)}/month (90% ${usd(a.usdPerMonthLow)}–${usd(a.usdPerMonthHigh)}) · confidence ${a.confidence}`,
    ...a.explain.map((s, i) => `  ${i + 1}. ${s}`),
  ];
  return `${lines.join('\n')}\n`;
}

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A standalone HTML page: the ranked table with each action's arithmetic folded under it. */
export function adviseHtml(report: AdviseReport): string {
  const rows = report.actions
    .map(
      (
        a,
      ) => `<tr><td>${a.rank}</td><td class="n">${a.usdPerMonth > 0 ? esc(usd(a.usdPerMonth)) : '—'}</td><td class="n">${a.usdPerMonth > 0 ? `${esc(usd(a.usdPerMonthLow))}–${esc(usd(a.usdPerMonthHigh))}` : ''}</td><td>${a.confidence}</td>
<td><details><summary>${esc(a.title)}</summary><ol>${a.explain.map((s) => `<li>${esc(s)}</li>`).join('')}</ol><code>${esc(a.id)}</code></details></td></tr>`,
    )
    .join('\n');
  const notes = (report.notes ?? []).map((n) => `<li>${esc(n)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>margin advise</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:72em}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.4em;text-align:left;vertical-align:top}.n{text-align:right;white-space:nowrap}
summary{cursor:pointer}ol{margin:.5em 0}</style></head><body>
<h1>What to do about this bill</h1>
<p>${report.requests.toLocaleString('en-US')} records · last ${report.days} days · generated ${esc(report.generatedAt)}</p>
${
  report.actions.length === 0
    ? '<p>No action found: nothing in this traffic would save money by the levers advise checks.</p>'
    : `<table><thead><tr><th>#</th><th>$/month</th><th>90% range</th><th>confidence</th><th>action</th></tr></thead><tbody>
${rows}
</tbody></table>`
}
<ul>${notes}</ul>
</body></html>
`;
}
