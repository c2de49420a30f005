// Number formatting for the dashboard page. The page's script is made of these very functions (inlined with
// Function#toString by dashboard-html.ts), so the unit tests check exactly what the browser runs. Each
// function must therefore stand alone: no imports and no module-level names other than the functions
// listed in FORMATTERS below.

/** Thousands separators on the integer part: '1234567.5' → '1,234,567.5'. */
export function groupDigits(s: string): string {
  const dot = s.indexOf('.');
  const int = dot < 0 ? s : s.slice(0, dot);
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return dot < 0 ? grouped : grouped + s.slice(dot);
}

/** `v` to `n` significant digits, plain decimal notation, no trailing zeros: 0.00042691 → '0.000427'. */
export function sigDigits(v: number, n: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const decimals = Math.max(0, n - 1 - Math.floor(Math.log10(Math.abs(v))));
  const s = v.toFixed(Math.min(20, decimals));
  return s.indexOf('.') < 0 ? s : s.replace(/\.?0+$/, '');
}

/**
 * Dollars for people: cents precision from $1 up ('$1,234.57'), three significant digits below
 * ('$0.427', '$0.0123'), in cents below one cent ('0.43¢') and in micro-dollars below a hundredth of a
 * cent ('40 µ$'). A non-zero amount never reads as zero.
 */
export function formatUsd(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (v === 0) return '$0.00';
  const a = Math.abs(v);
  const sign = v < 0 ? '-' : '';
  if (a >= 1) return `${sign}$${groupDigits(a.toFixed(2))}`;
  if (a >= 0.01) return `${sign}$${sigDigits(a, 3)}`;
  if (a >= 0.0001) return `${sign}${sigDigits(a * 100, 3)}¢`;
  if (a * 1e6 < 0.001) return `${sign}<0.001 µ$`;
  return `${sign}${sigDigits(a * 1e6, 3)} µ$`;
}

/**
 * Axis ticks in dollars, all with the decimals their step needs ('$0.05', '$0.10', '$0.15'; '$0', '$5', '$10');
 * steps under a cent fall back to formatUsd per tick.
 */
export function formatUsdTicks(ticks: readonly number[]): string[] {
  let step = Number.POSITIVE_INFINITY;
  for (let i = 1; i < ticks.length; i++) {
    const d = Math.abs(ticks[i]! - ticks[i - 1]!);
    if (d > 0 && d < step) step = d;
  }
  if (!Number.isFinite(step)) step = Math.abs(ticks[0] ?? 1) || 1;
  if (step < 0.01) return ticks.map((v) => formatUsd(v));
  let decimals = 0;
  if (!(Number.isInteger(step) && ticks.every((v) => Number.isInteger(v)))) {
    decimals = 2; // cents, or as many more as the step needs ($0.025)
    while (decimals < 6 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-6)
      decimals++;
  }
  return ticks.map((v) => `${v < 0 ? '-' : ''}$${groupDigits(Math.abs(v).toFixed(decimals))}`);
}

/** Milliseconds with at most one decimal: 0.692 → '0.7', 1573.36 → '1,573'. */
export function formatMs(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return Math.abs(v) < 10 ? v.toFixed(1) : groupDigits(Math.round(v).toFixed(0));
}

/** A count with thousands separators: 2874 → '2,874'. */
export function formatCount(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return groupDigits(Math.round(v).toFixed(0));
}

/** A physical quantity to three significant digits with k/M prefixes: (844.3, 'Wh') → '844 Wh', (1234, 'g') → '1.23 kg'. */
export function formatQty(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1e6) return `${sigDigits(v / 1e6, 3)} M${unit}`;
  if (a >= 1e3) return `${sigDigits(v / 1e3, 3)} k${unit}`;
  return `${sigDigits(v, 3)} ${unit}`;
}

/** A fraction as a percentage with one decimal; a non-zero fraction under 0.05 % reads '<0.1%'. */
export function formatPct(frac: number | null | undefined): string {
  if (frac === null || frac === undefined || !Number.isFinite(frac)) return '–';
  if (frac !== 0 && Math.abs(frac) < 0.0005) return frac < 0 ? '>-0.1%' : '<0.1%';
  return `${(100 * frac).toFixed(1)}%`;
}

/** Every formatter the page's script defines, in dependency order. */
export const FORMATTERS = [
  groupDigits,
  sigDigits,
  formatUsd,
  formatUsdTicks,
  formatMs,
  formatCount,
  formatQty,
  formatPct,
];

/** The formatters as browser script text. */
export const formattersSource = (): string => FORMATTERS.map((f) => f.toString()).join('\n');
