// HTTP handler for the dashboard: GET / (the page) and GET /api/* (JSON from the ledger). Fits the gateway's
// `hooks.dashboard` slot: returns false for anything it does not serve, so the gateway answers 404.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toMarginError } from '../errors/index.js';
import type { AdminScope } from '../gateway/hooks.js';
import type { LedgerStore } from '../ledger/store.js';
import { toOpenAIErrorBody } from '../protocols/openai-chat/errors.js';
import { type ApiContext, ledgerApi } from './api.js';
import { type DashboardOptions, dashboardHtml } from './dashboard-html.js';

/**
 * The page runs only its own inline script and style (uPlot included) and talks only to its own origin: no
 * CDN, no font or image from elsewhere, and a browser refuses any such request if one ever crept in.
 */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; " +
  "img-src data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function send(res: ServerResponse, status: number, type: string, body: string, csp?: string): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...(csp ? { 'content-security-policy': csp } : {}),
  });
  res.end(body);
}

/**
 * /api/savings reads every record of its range, and an open dashboard asks every 10 s: its answer is reused
 * for this long per query and caller scope.
 */
export const SAVINGS_TTL_MS = 30_000;

/**
 * A `(req, res, scope) => Promise<boolean>` serving the dashboard page and its JSON API from `store`; the
 * gateway has checked the caller, and a tenant scope limits the API to that tenant's records.
 */
export function ledgerDashboard(
  store: LedgerStore,
  options: DashboardOptions & ApiContext = {},
): (req: IncomingMessage, res: ServerResponse, scope?: AdminScope) => Promise<boolean> {
  const page = dashboardHtml(options);
  const apiBase = (options.apiBase ?? '/api').replace(/\/$/, '');
  const memo = new Map<string, { at: number; body: string }>();
  return async (req, res, scope = { kind: 'all' }) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      send(res, 200, 'text/html; charset=utf-8', page, DASHBOARD_CSP);
      return true;
    }
    if (!url.pathname.startsWith(`${apiBase}/`)) return false;
    const path = `/api/${url.pathname.slice(apiBase.length + 1)}`;
    const tenant = scope.kind === 'tenant' ? scope.tenant : undefined;
    const now = Date.now();
    const key =
      path === '/api/savings' ? `${tenant === undefined ? '*' : `t:${tenant}`}\u0000${url.search}` : '';
    const hit = key ? memo.get(key) : undefined;
    if (hit && now - hit.at < SAVINGS_TTL_MS) {
      send(res, 200, 'application/json', hit.body);
      return true;
    }
    try {
      const body = await ledgerApi(
        store,
        path,
        url.searchParams,
        now,
        tenant,
        options.catalog ? { catalog: options.catalog } : {},
      );
      if (body === null) return false;
      const text = JSON.stringify(body);
      if (key) {
        for (const [k, v] of memo) if (now - v.at >= SAVINGS_TTL_MS) memo.delete(k);
        if (memo.size >= 64) memo.clear();
        memo.set(key, { at: now, body: text });
      }
      send(res, 200, 'application/json', text);
    } catch (err) {
      const e = toMarginError(err);
      send(res, e.status, 'application/json', JSON.stringify(toOpenAIErrorBody(e)));
    }
    return true;
  };
}
