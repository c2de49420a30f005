// Text helpers shared by the planner report's inline SVG charts: escaping, money and percent labels, and
// the width a label needs (so legends and axis labels get the room they need instead of being cut short).

export const esc = (s: unknown): string =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** `$1,885`, `$3.42`, `$0.00026`: whole dollars from 1,000, cents from 1, two significant digits below. */
export const money = (x: number): string =>
  x >= 1000
    ? `$${Math.round(x).toLocaleString('en-US')}`
    : x >= 1
      ? `$${x.toFixed(2)}`
      : `$${Number(x.toPrecision(2))}`;

/** A fraction as a percentage: 0.995 → `99.5%`. */
export const pct = (fraction: number, digits = 1): string => `${(fraction * 100).toFixed(digits)}%`;

const NARROW = /[ilj.,:;'|!()[\]\-\s1]/;
const WIDE = /[A-Zmw@%×—]/;

/**
 * A generous estimate of a label's width in px at the charts' 11 px sans-serif (real fonts are narrower),
 * used to size label gutters and legends so no label is clipped.
 */
export function labelWidth(text: string, fontPx = 11): number {
  let units = 0;
  for (const ch of text) units += NARROW.test(ch) ? 0.34 : WIDE.test(ch) ? 0.85 : 0.62;
  return Math.ceil(units * fontPx);
}
