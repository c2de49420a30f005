// CSV reading for the calibration files on the project's CSV library (csv-parse): RFC 4180 quoting, a BOM,
// CRLF or LF line ends. `csvRecords` keys the rows by the header row.
import { parse } from 'csv-parse/sync';
import { MarginError } from '../errors/index.js';

/** Parses CSV text into rows of fields; throws MARGIN_ERR_BAD_ARGUMENT on an unterminated quote. */
export function parseCsv(text: string): string[][] {
  try {
    return parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
      // Files that mix line endings (CRLF rows, LF at the end) still split on each.
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as string[][];
  } catch (err) {
    const code = (err as { code?: string }).code;
    const why = code === 'CSV_QUOTE_NOT_CLOSED' ? 'unterminated quoted field' : (err as Error).message;
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `CSV: ${why}`);
  }
}

/** Rows keyed by the header; `required` columns must be present. */
export function csvRecords(text: string, required: readonly string[] = []): Array<Record<string, string>> {
  const [header, ...body] = parseCsv(text);
  if (!header) throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', 'CSV: empty file');
  const names = header.map((h) => h.trim());
  const missing = required.filter((r) => !names.includes(r));
  if (missing.length) {
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `CSV: missing column(s) ${missing.join(', ')}`, {
      param: missing[0] as string,
    });
  }
  return body.map((cells) => Object.fromEntries(names.map((n, j) => [n, (cells[j] ?? '').trim()])));
}
