// Ledger locations: 'sqlite:./margin.db' (default), 'sqlite::memory:', a bare file path, or postgres(ql)://…
import { MarginError } from '../errors/index.js';

export const DEFAULT_LEDGER_URL = 'sqlite:./margin.db';

export type LedgerTarget =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; connectionString: string; schema: string };

const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Parses a ledger URL or path; `?schema=name` on a Postgres URL picks the schema (default `public`). The key
 * store takes the same forms; `field` names the setting in errors.
 */
export function parseLedgerUrl(url: string = DEFAULT_LEDGER_URL, field = 'ledger'): LedgerTarget {
  const u = url.trim();
  if (u === '') throw new MarginError('MARGIN_ERR_CONFIG', `${field} URL is empty`, { param: field });
  if (/^postgres(ql)?:\/\//i.test(u)) {
    let parsed: URL;
    try {
      parsed = new URL(u);
    } catch {
      throw new MarginError('MARGIN_ERR_CONFIG', `invalid Postgres ${field} URL '${redact(u)}'`, {
        param: field,
      });
    }
    const schema = parsed.searchParams.get('schema') ?? 'public';
    if (!IDENT.test(schema)) {
      throw new MarginError('MARGIN_ERR_CONFIG', `invalid ${field} schema name '${schema}'`, {
        param: field,
      });
    }
    parsed.searchParams.delete('schema');
    return { kind: 'postgres', connectionString: parsed.toString(), schema };
  }
  if (/^sqlite:/i.test(u)) {
    let path = u.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2); // sqlite://./x.db, sqlite:///abs/x.db
    if (path === '')
      throw new MarginError('MARGIN_ERR_CONFIG', `${field} URL '${u}' has no path`, { param: field });
    return { kind: 'sqlite', path };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(u)) {
    throw new MarginError(
      'MARGIN_ERR_CONFIG',
      `unsupported ${field} URL scheme in '${redact(u)}' (use sqlite: or postgres://)`,
      { param: field },
    );
  }
  return { kind: 'sqlite', path: u };
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
