// Paths of the batch, file and deferred-request APIs (they carry ids, so they are matched here rather than
// in the server's exact-path table). Each is an API request like any other: one Exchange, one ledger record
// (endpoint `other`), errors in the path's protocol.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Exchange } from '../exchange.js';
import type { ClientProtocol } from '../respond-error.js';
import type { GatewayState } from '../state.js';
import { handleBatchCancel, handleBatchCreate, handleBatchGet, handleBatchList } from './batches.js';
import {
  handleMessageBatchCancel,
  handleMessageBatchCreate,
  handleMessageBatchGet,
  handleMessageBatchList,
  handleMessageBatchResults,
} from './batches-anthropic.js';
import { handleDeferredGet } from './deferred.js';
import { handleFileDelete, handleFileGet, handleFileList, handleFileUpload } from './files.js';

type H = (state: GatewayState, ex: Exchange, req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface DeferralRoute {
  method: 'GET' | 'POST' | 'DELETE';
  protocol: ClientProtocol;
  handler: H;
}

const ID = '([A-Za-z0-9_-]+)';
const table: Array<
  [RegExp, DeferralRoute['method'], ClientProtocol, (m: RegExpExecArray, q: URLSearchParams) => H]
> = [
  [/^\/v1\/files$/, 'POST', 'openai', () => handleFileUpload],
  [/^\/v1\/files\/?$/, 'GET', 'openai', (_m, qs) => (s, e, q, r) => handleFileList(s, e, q, r, qs)],
  [
    new RegExp(`^/v1/files/${ID}$`),
    'GET',
    'openai',
    (m) => (s, e, q, r) => handleFileGet(s, e, q, r, m[1]!, false),
  ],
  [
    new RegExp(`^/v1/files/${ID}/content$`),
    'GET',
    'openai',
    (m) => (s, e, q, r) => handleFileGet(s, e, q, r, m[1]!, true),
  ],
  [
    new RegExp(`^/v1/files/${ID}$`),
    'DELETE',
    'openai',
    (m) => (s, e, q, r) => handleFileDelete(s, e, q, r, m[1]!),
  ],
  [/^\/v1\/batches$/, 'POST', 'openai', () => handleBatchCreate],
  [/^\/v1\/batches\/?$/, 'GET', 'openai', (_m, qs) => (s, e, q, r) => handleBatchList(s, e, q, r, qs)],
  [
    new RegExp(`^/v1/batches/${ID}$`),
    'GET',
    'openai',
    (m) => (s, e, q, r) => handleBatchGet(s, e, q, r, m[1]!),
  ],
  [
    new RegExp(`^/v1/batches/${ID}/cancel$`),
    'POST',
    'openai',
    (m) => (s, e, q, r) => handleBatchCancel(s, e, q, r, m[1]!),
  ],
  [/^\/v1\/messages\/batches$/, 'POST', 'anthropic', () => handleMessageBatchCreate],
  [
    /^\/v1\/messages\/batches\/?$/,
    'GET',
    'anthropic',
    (_m, qs) => (s, e, q, r) => handleMessageBatchList(s, e, q, r, qs),
  ],
  [
    new RegExp(`^/v1/messages/batches/${ID}$`),
    'GET',
    'anthropic',
    (m) => (s, e, q, r) => handleMessageBatchGet(s, e, q, r, m[1]!),
  ],
  [
    new RegExp(`^/v1/messages/batches/${ID}/cancel$`),
    'POST',
    'anthropic',
    (m) => (s, e, q, r) => handleMessageBatchCancel(s, e, q, r, m[1]!),
  ],
  [
    new RegExp(`^/v1/messages/batches/${ID}/results$`),
    'GET',
    'anthropic',
    (m) => (s, e, q, r) => handleMessageBatchResults(s, e, q, r, m[1]!),
  ],
  [
    new RegExp(`^/v1/deferred/${ID}$`),
    'GET',
    'openai',
    (m) => (s, e, q, r) => handleDeferredGet(s, e, q, r, m[1]!),
  ],
];

/**
 * The route for a batch / file / deferred path, or undefined. The same path with another method answers 405
 * (the first matching entry's method); `/v1/batches` and `/v1/messages/batches` take GET and POST.
 */
export function deferralRoute(method: string, path: string, query: string): DeferralRoute | undefined {
  let fallback: DeferralRoute | undefined;
  const qs = new URLSearchParams(query);
  for (const [re, m, protocol, make] of table) {
    const hit = re.exec(path);
    if (!hit) continue;
    const route = { method: m, protocol, handler: make(hit, qs) };
    if (m === method) return route;
    fallback ??= route;
  }
  return fallback;
}
