// A plain 200 JSON answer for the gateway's own endpoints (models list, feedback), carrying the request id.
import type { ServerResponse } from 'node:http';
import type { Exchange } from '../exchange.js';
import { endResponse, type GatewayState } from '../state.js';

export function sendJson(state: GatewayState, res: ServerResponse, ex: Exchange, body: unknown): void {
  const out = JSON.stringify(body);
  ex.status = 200;
  res.writeHead(200, {
    'x-margin-request-id': ex.id,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(out),
  });
  endResponse(state, ex, res, out);
}
