// The planner report's cost–quality frontier: every feasible option as cost per query (log axis) against
// its quality score, the Pareto frontier joined by a line (each step up costs more), the floor dashed.
// Options are labelled by readable names when given (`names`: id → name), the full id in each tooltip.
import type { FrontierPoint } from '../planner/quality.js';
import { esc, labelWidth, money } from './svg-text.js';

/** Inline SVG (no script); `floor` draws the workload's quality floor. */
export function frontierChart(
  points: readonly FrontierPoint[],
  floor?: number,
  benchmark = 'MMLU-Pro %',
  names?: ReadonlyMap<string, string>,
): string {
  if (points.length === 0) return '<p>No feasible option has a quality score.</p>';
  const nameOf = (id: string) => names?.get(id) ?? id;
  const legend = (p: FrontierPoint) => `${money(p.usdPerQuery)}: ${nameOf(p.id)} (${p.score})`;
  const front0 = points.filter((p) => p.onFrontier);
  const legendW = Math.max(160, ...front0.map((p) => labelWidth(legend(p)))) + 24;
  const plotW = 590;
  const w = 70 + plotW + legendW;
  const pad = { l: 70, r: legendW, t: 20, b: 44 };
  const h = Math.max(360, pad.t + 14 + front0.length * 15 + pad.b);
  const xs = points.map((p) => Math.log10(p.usdPerQuery));
  const x0 = Math.floor(Math.min(...xs));
  const x1 = Math.max(Math.ceil(Math.max(...xs)), x0 + 1);
  const scores = points.map((p) => p.score).concat(floor === undefined ? [] : [floor]);
  const y0 = Math.max(0, Math.floor(Math.min(...scores) / 10) * 10 - 5);
  const y1 = Math.min(100, Math.ceil(Math.max(...scores) / 10) * 10 + 5);
  const X = (usd: number) => pad.l + ((Math.log10(usd) - x0) / (x1 - x0)) * (w - pad.l - pad.r);
  const Y = (s: number) => h - pad.b - ((s - y0) / (y1 - y0)) * (h - pad.t - pad.b);
  const parts: string[] = [];
  for (let e = x0; e <= x1; e++) {
    const x = X(10 ** e);
    parts.push(
      `<line x1="${x.toFixed(1)}" y1="${pad.t}" x2="${x.toFixed(1)}" y2="${h - pad.b}" stroke="#e5e7eb"/>`,
      `<text x="${x.toFixed(1)}" y="${h - pad.b + 16}" text-anchor="middle">${esc(money(10 ** e))}</text>`,
    );
  }
  for (let s = Math.ceil(y0 / 10) * 10; s <= y1; s += 10) {
    const y = Y(s);
    parts.push(
      `<line x1="${pad.l}" y1="${y.toFixed(1)}" x2="${w - pad.r}" y2="${y.toFixed(1)}" stroke="#e5e7eb"/>`,
      `<text x="${pad.l - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end">${s}</text>`,
    );
  }
  parts.push(
    `<text x="${(pad.l + w - pad.r) / 2}" y="${h - 6}" text-anchor="middle">cost per query (log)</text>`,
    `<text x="14" y="${(pad.t + h - pad.b) / 2}" transform="rotate(-90 14 ${(pad.t + h - pad.b) / 2})" text-anchor="middle">${esc(benchmark)}</text>`,
  );
  if (floor !== undefined) {
    const y = Y(floor);
    parts.push(
      `<line x1="${pad.l}" y1="${y.toFixed(1)}" x2="${w - pad.r}" y2="${y.toFixed(1)}" stroke="#dc2626" stroke-dasharray="6 4"/>`,
      `<text x="${pad.l + 4}" y="${(y - 4).toFixed(1)}" fill="#dc2626">quality floor ${Number(floor.toFixed(1))}</text>`,
    );
  }
  const front = points.filter((p) => p.onFrontier);
  parts.push(
    `<polyline fill="none" stroke="#2563eb" stroke-width="1.5" points="${front.map((p) => `${X(p.usdPerQuery).toFixed(1)},${Y(p.score).toFixed(1)}`).join(' ')}"/>`,
  );
  for (const p of points) {
    const fill = p.onFrontier ? '#2563eb' : p.meetsFloor ? '#9ca3af' : '#fca5a5';
    parts.push(
      `<circle cx="${X(p.usdPerQuery).toFixed(1)}" cy="${Y(p.score).toFixed(1)}" r="${p.onFrontier ? 4.5 : 3}" fill="${fill}"><title>${esc(`${nameOf(p.id)} (${p.id}): ${p.score}, ${money(p.usdPerQuery)}/query`)}</title></circle>`,
    );
  }
  front.forEach((p, i) => {
    parts.push(
      `<text class="legend" x="${w - pad.r + 6}" y="${pad.t + 14 + i * 15}"><title>${esc(p.id)}</title>${esc(legend(p))}</text>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="frontier" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" font-size="11" font-family="sans-serif" role="img" aria-label="cost–quality frontier">${parts.join('')}</svg>`;
}
