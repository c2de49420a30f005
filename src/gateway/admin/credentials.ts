// The secrets a request presents to the admin surface: `Authorization: Bearer`, `x-api-key`, and (for the
// browser, on read-only GETs only) the HttpOnly session cookie set by POST /login.
import type { IncomingHttpHeaders } from 'node:http';

/** Name of the dashboard session cookie (it holds the key itself; see login.ts for why that is safe). */
export const SESSION_COOKIE = 'margin_key';

/** The bearer token and/or `x-api-key`, in that order. */
export function headerSecrets(headers: IncomingHttpHeaders): string[] {
  const out: string[] = [];
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m?.[1]) out.push(m[1]);
  }
  const x = headers['x-api-key'];
  if (typeof x === 'string' && x.trim() !== '') out.push(x.trim());
  return out;
}

/** The session cookie's value, if the request carries one. */
export function cookieSecret(headers: IncomingHttpHeaders): string | undefined {
  const raw = headers.cookie;
  if (typeof raw !== 'string') return undefined;
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const v = part.slice(eq + 1).trim();
      try {
        return v === '' ? undefined : decodeURIComponent(v);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
