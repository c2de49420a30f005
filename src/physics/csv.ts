// A small RFC 4180 CSV parser: quoted fields, doubled quotes, commas and line breaks inside quotes,
// CRLF or LF line ends. Returns rows of strings; `csvRecords` keys them by the header row.
import { MarginError } from '../errors/index.js';

/** Parses CSV text into rows of fields; throws MARGIN_ERR_BAD_ARGUMENT on an unterminated quote. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endRow = (): void => {
    row.push(field);
    field = '';
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };
  while (i < src.length) {
    const ch = src[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') endRow();
    else if (ch === '\r') {
      if (src[i + 1] !== '\n') endRow();
    } else field += ch;
    i++;
  }
  if (quoted) throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', 'CSV: unterminated quoted field');
  if (field !== '' || row.length > 0) endRow();
  return rows;
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
