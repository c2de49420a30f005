// GET /metrics in Prometheus text format, on the main port (behind the admin check) and, when
// `server.metricsPort` is set, on a separate listener bound to 127.0.0.1 only, without a key, for a
// Prometheus agent on the same host.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MarginError } from '../../errors/index.js';
import type { Metrics } from '../metrics.js';

export function sendMetrics(res: ServerResponse, metrics: Metrics): void {
  const body = metrics.render();
  res.writeHead(200, {
    'content-type': 'text/plain; version=0.0.4; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

/** The loopback-only metrics listener; resolves with its port once it listens. */
export async function startMetricsListener(
  port: number,
  metrics: Metrics,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) {
      sendMetrics(res, metrics);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Only GET /metrics is served on this port.\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new MarginError(
          'MARGIN_ERR_CONFIG',
          `config server.metricsPort: cannot listen on 127.0.0.1:${port}: ${err.code === 'EADDRINUSE' ? 'the port is already in use' : err.message}`,
          { param: 'server.metricsPort' },
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
