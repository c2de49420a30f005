// Browser access to the dashboard when API keys are on: GET /login shows a form (no script), POST /login
// checks the key and, for an admin key, sets an HttpOnly, SameSite=Strict session cookie holding the key,
// then redirects to /. Holding the key (rather than a server-side session) keeps every replica able to
// check it against the shared key store, and a revoked key stops working at once. Page scripts cannot read
// the cookie, other sites' pages never send it (SameSite=Strict), it is honoured only on GETs of the
// read-only admin surface (never on /v1), it is `Secure` behind HTTPS, and it ends with the browser session
// or POST /logout.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MarginError } from '../../errors/index.js';
import { readBody } from '../body.js';
import type { GatewayHooks } from '../hooks.js';
import { SESSION_COOKIE } from './credentials.js';

/** A login form is a key and a little framing: anything longer is not one. */
const LOGIN_BODY_LIMIT = 4096;

/** Headers every admin-surface page carries: no framing, no sniffing, no referrer leaks. */
export const PAGE_SECURITY_HEADERS = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const;

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The login page (no script; the CSP allows only its inline style and a same-origin form post). */
export function sendLoginPage(res: ServerResponse, status: number, message?: string): void {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Margin — log in</title>
<style>body{font:15px/1.4 system-ui,sans-serif;background:#f6f7f9;color:#1d2330;display:grid;place-items:center;min-height:100vh;margin:0}
form{background:#fff;padding:24px 28px;border-radius:8px;box-shadow:0 1px 3px #0003;display:grid;gap:12px;width:min(360px,90vw)}
h1{font-size:18px;margin:0}input{font:inherit;padding:6px 8px}button{font:inherit;padding:6px;cursor:pointer}
p{margin:0;color:#556;font-size:13px}.err{color:#b00020}</style></head>
<body><form method="post" action="/login">
<h1>Margin dashboard</h1>
${message ? `<p class="err" role="alert">${esc(message)}</p>` : ''}
<label for="key">Admin API key</label>
<input id="key" name="key" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Log in</button>
<p>Create one with <code>margin keys create --tenant ops --admin</code>. The key is kept in a session cookie that page scripts cannot read.</p>
</form></body></html>
`;
  res.writeHead(status, {
    ...PAGE_SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  });
  res.end(body);
}

/** Whether a browser asked for a page (its `accept` names HTML). */
export const wantsHtml = (req: IncomingMessage): boolean => /text\/html/.test(req.headers.accept ?? '');

const isHttps = (req: IncomingMessage): boolean =>
  (req.socket as { encrypted?: boolean }).encrypted === true || req.headers['x-forwarded-proto'] === 'https';

function redirect(res: ServerResponse, to: string, cookie?: string): void {
  res.writeHead(303, {
    ...PAGE_SECURITY_HEADERS,
    location: to,
    'content-length': 0,
    ...(cookie ? { 'set-cookie': cookie } : {}),
  });
  res.end();
}

/** A form post from another site is refused (a browser always sends Origin on a cross-origin POST). */
function checkOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null') return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    host = '';
  }
  if (host !== req.headers.host) {
    throw new MarginError('MARGIN_ERR_FORBIDDEN', `Login from another origin (${origin}) is refused.`);
  }
}

/** The key in a form (`key=…`) or JSON (`{"key": …}`) body. */
function keyFrom(req: IncomingMessage, text: string): string {
  let key: unknown;
  if (/json/.test(req.headers['content-type'] ?? '')) {
    try {
      key = (JSON.parse(text) as { key?: unknown })?.key;
    } catch {
      key = undefined;
    }
  } else key = new URLSearchParams(text).get('key');
  return typeof key === 'string' ? key.trim() : '';
}

/** GET/POST /login and POST /logout. Returns false for any other path. */
export async function serveLogin(
  hooks: GatewayHooks,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  if (path === '/logout' && req.method === 'POST') {
    req.resume();
    redirect(res, '/login', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
    return true;
  }
  if (path !== '/login') return false;
  const identify = hooks.identify;
  if (!identify) {
    // No keys: the dashboard is open, there is nothing to log in to.
    req.resume();
    redirect(res, '/');
    return true;
  }
  if (req.method === 'GET' || req.method === 'HEAD') {
    sendLoginPage(res, 200);
    return true;
  }
  if (req.method !== 'POST') return false;
  checkOrigin(req);
  const key = keyFrom(req, await readBody(req, LOGIN_BODY_LIMIT));
  const who = key === '' ? undefined : await identify(key);
  if (!who) {
    sendLoginPage(res, 401, 'Invalid or revoked API key.');
    return true;
  }
  if (!who.admin) {
    sendLoginPage(res, 403, `Key ${who.keyId} is a tenant key; the dashboard needs an admin key.`);
    return true;
  }
  const secure = isHttps(req) ? '; Secure' : '';
  redirect(
    res,
    '/',
    `${SESSION_COOKIE}=${encodeURIComponent(key)}; Path=/; HttpOnly; SameSite=Strict${secure}`,
  );
  return true;
}
