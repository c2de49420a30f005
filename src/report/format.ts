// Rendering rows of data as an aligned terminal table, CSV or JSON — shared by every CLI command.

export type Cell = string | number | boolean | null | undefined;
export type Row = Record<string, Cell>;

function cellText(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
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
  const t = cellText(v);
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

export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** Renders rows in the requested format (table, csv or json). */
export function renderRows(rows: Row[], format: 'table' | 'csv' | 'json', columns?: string[]): string {
  if (format === 'json') return toJson(rows);
  if (format === 'csv') return toCsv(rows, columns);
  return toTable(rows, columns);
}
