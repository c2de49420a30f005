// Rendering rows of data as an aligned terminal table, CSV or JSON — shared by every CLI command.

export type Cell = string | number | boolean | null | undefined;
export type Row = Record<string, Cell>;

/** Significant digits every JSON and CSV number keeps: binary floating-point noise sits past the 15th. */
export const OUTPUT_DIGITS = 12;

/**
 * The one rounding rule for numbers leaving Margin as data (JSON, CSV): at most 12 significant digits, so
 * float noise (`0.9824999999999999`, `0.30000000000000004`) is dropped and sub-cent money keeps its digits
 * (`0.00000075` stays). Integers and non-finite values pass through.
 */
export function outputNumber(x: number): number {
  if (!Number.isFinite(x) || Number.isInteger(x)) return x;
  return Number(x.toPrecision(OUTPUT_DIGITS));
}

/** `outputNumber` applied to every number in a JSON-like structure (a copy; other values kept). */
export function outputNumbers<T>(x: T): T {
  if (typeof x === 'number') return outputNumber(x) as T;
  if (Array.isArray(x)) return x.map((v) => outputNumbers(v)) as T;
  if (x && typeof x === 'object' && (x as object).constructor === Object) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = outputNumbers(v);
    return out as T;
  }
  return x;
}

function cellText(v: Cell, digits = 6): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    if (Number.isInteger(v)) return String(v);
    return String(digits === OUTPUT_DIGITS ? outputNumber(v) : Number(v.toPrecision(digits)));
  }
  return String(v);
}

/** Aligned plain-text table; numbers right-aligned. */
export function toTable(rows: Row[], columns: string[] = rows[0] ? Object.keys(rows[0]) : []): string {
  if (rows.length === 0) return '(no rows)\n';
  const text = rows.map((r) => columns.map((c) => cellText(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...text.map((t) => t[i]!.length)));
  const numeric = columns.map((c) => rows.every((r) => typeof r[c] === 'number' || r[c] == null));
  const line = (cells: string[]) =>
    cells
      .map((t, i) => (numeric[i] ? t.padStart(widths[i]!) : t.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n') + '\n';
}

function csvField(v: Cell): string {
  const t = cellText(v, OUTPUT_DIGITS);
  return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** RFC 4180 CSV with a header row. */
export function toCsv(rows: Row[], columns: string[] = rows[0] ? Object.keys(rows[0]) : []): string {
  return (
    [columns.map(csvField).join(','), ...rows.map((r) => columns.map((c) => csvField(r[c])).join(','))].join(
      '\n',
    ) + '\n'
  );
}

const jsonNumbers = (_key: string, v: unknown) => (typeof v === 'number' ? outputNumber(v) : v);

/** Indented JSON (or one line with `compact`), every number through `outputNumber`. */
export function toJson(value: unknown, compact = false): string {
  return JSON.stringify(value, jsonNumbers, compact ? undefined : 2) + '\n';
}

/** Renders rows in the requested format (table, csv or json). */
export function renderRows(rows: Row[], format: 'table' | 'csv' | 'json', columns?: string[]): string {
  if (format === 'json') return toJson(rows);
  if (format === 'csv') return toCsv(rows, columns);
  return toTable(rows, columns);
}
