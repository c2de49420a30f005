// HTTP handler for the dashboard: GET / (the page) and GET /api/* (JSON from the ledger). Fits the gateway's
// `hooks.dashboard` slot: returns false for anything it does not serve, so the gateway answers 404.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toMarginError } from '../errors/index.js';
import type { AdminScope } from '../gateway/hooks.js';
import type { LedgerStore } from '../ledger/store.js';
import { toOpenAIErrorBody } from '../protocols/openai-chat/errors.js';
import { ledgerApi } from './api.js';
import { type DashboardOptions, dashboardHtml } from './dashboard-html.js';

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

/**
 * A `(req, res, scope) => Promise<boolean>` serving the dashboard page and its JSON API from `store`; the
 * gateway has checked the caller, and a tenant scope limits the API to that tenant's records.
 */
export function ledgerDashboard(
  store: LedgerStore,
  options: DashboardOptions = {},
): (req: IncomingMessage, res: ServerResponse, scope?: AdminScope) => Promise<boolean> {
  const page = dashboardHtml(options);
  const apiBase = (options.apiBase ?? '/api').replace(/\/$/, '');
  return async (req, res, scope = { kind: 'all' }) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      send(res, 200, 'text/html; charset=utf-8', page);
      return true;
    }
    if (!url.pathname.startsWith(`${apiBase}/`)) return false;
    try {
      const body = await ledgerApi(
        store,
        `/api/${url.pathname.slice(apiBase.length + 1)}`,
        url.searchParams,
        Date.now(),
        scope.kind === 'tenant' ? scope.tenant : undefined,
      );
      if (body === null) return false;
      send(res, 200, 'application/json', JSON.stringify(body));
    } catch (err) {
      const e = toMarginError(err);
      send(res, e.status, 'application/json', JSON.stringify(toOpenAIErrorBody(e)));
    }
    return true;
  };
}
