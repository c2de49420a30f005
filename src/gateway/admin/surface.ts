// The admin surface on the main port: /login and /logout, /metrics (admin only), the dashboard page `/`
// (admin only) and its JSON API `/api/*` (admin: every tenant; tenant key: its own tenant). Errors are in
// the OpenAI shape, except that a browser asking for `/` without a key gets the login page.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toMarginError } from '../../errors/index.js';
import type { AdminScope } from '../hooks.js';
import type { GatewayState } from '../state.js';
import { adminScope } from './access.js';
import { PAGE_SECURITY_HEADERS, sendLoginPage, serveLogin, wantsHtml } from './login.js';
import { sendMetrics } from './metrics.js';

const LANDING = 'Margin gateway. API under /v1 (OpenAI and Anthropic compatible); metrics at /metrics.\n';

/** Serves an admin-surface path; false when the path is not one (the gateway answers 404). */
export async function serveAdminSurface(
  state: GatewayState,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  if (await serveLogin(state.hooks, path, req, res)) return true;
  if (path === '/metrics') {
    await adminScope(state.hooks, req, false);
    sendMetrics(res, state.metrics);
    return true;
  }
  if (path !== '/' && !path.startsWith('/api/')) return false;
  let scope: AdminScope;
  try {
    scope = await adminScope(state.hooks, req, path !== '/');
  } catch (err) {
    if (path === '/' && wantsHtml(req) && toMarginError(err).status === 401) {
      sendLoginPage(res, 401);
      return true;
    }
    throw err;
  }
  for (const [k, v] of Object.entries(PAGE_SECURITY_HEADERS)) res.setHeader(k, v);
  if (state.hooks.dashboard && (await state.hooks.dashboard(req, res, scope))) return true;
  if (path !== '/') return false;
  res.writeHead(200, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(LANDING),
  });
  res.end(LANDING);
  return true;
}
