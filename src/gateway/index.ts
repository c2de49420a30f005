// The gateway: `startGateway` builds the model table, catalog, upstream pools, ledger and metrics once,
// then serves the OpenAI- and Anthropic-compatible API on node:http. The request lifecycle is written
// down in README-lifecycle.md and followed by handlers/chat.ts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Catalog } from '../catalog/catalog.js';
import { defaultCatalog } from '../catalog/index.js';
import type { GatewayConfig } from '../config/schema.js';
import { type DeferralOptions, openDeferral } from '../deferral/jobs.js';
import { loadCarbonProfiles } from '../deferral/schedule/index.js';
import { MarginError } from '../errors/index.js';
import { openLedger } from '../ledger/index.js';
import { otlpSettings, startTelemetry } from '../telemetry/index.js';
import { redactUrls } from '../util/redact.js';
import { startMetricsListener } from './admin/metrics.js';
import { catalogWithOverrides } from './catalog-layer.js';
import type { GatewayHooks } from './hooks.js';
import { Meterer } from './metering.js';
import { Metrics } from './metrics.js';
import { ModelTable } from './models.js';
import { openResponseStore, type ResponseStore } from './response-store/index.js';
import { SelfHostedPricer } from './self-hosted.js';
import { createListener } from './server.js';
import type { GatewayState, LedgerSink } from './state.js';
import { Upstreams } from './upstream.js';

export type * from './hooks.js';
export { createLevers, keysDbPath, type LeverOptions, type Levers } from './levers.js';
export type { LedgerSink } from './state.js';

export interface GatewayOptions {
  config: GatewayConfig;
  /** Defaults to the shipped catalog; config price overrides are layered on a copy. */
  catalog?: Catalog;
  /** Override config.server.port / host (0 = an ephemeral port). */
  port?: number;
  host?: string;
  hooks?: GatewayHooks;
  /** Ledger to write to instead of opening config.ledger.url (flushed, not closed, by close()); null = none. */
  ledger?: LedgerSink | null;
  /**
   * The URL of the ledger given in `ledger`: the response store (`responses.store: auto`) lives beside it.
   * Without it a given ledger's store is kept in memory.
   */
  ledgerUrl?: string;
  /** Where API keys are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Operational log lines (default: stderr). */
  log?: (line: string) => void;
  /** Batches and deferred requests: a clock and scheduler for tests; false = off (no job store). */
  deferral?: Pick<DeferralOptions, 'now' | 'plan'> | false;
}

export interface RunningGateway {
  /** `http://host:port` (clients use `${url}/v1` as their base URL). */
  url: string;
  port: number;
  host: string;
  /** Stops accepting, lets in-flight requests finish (up to shutdownGraceMs), flushes the ledger. */
  close(): Promise<void>;
  /** Requests in progress. */
  inFlight(): number;
  /** The Prometheus text of /metrics. */
  metrics(): string;
  /** `http://127.0.0.1:port` of the loopback-only metrics listener (server.metricsPort), if any. */
  metricsUrl?: string;
}

/** Starts the gateway; resolves once it listens. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config } = options;
  // Every gateway log line passes through redactUrls: no upstream or database credentials in logs.
  const sink = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const log = (line: string) => sink(redactUrls(line));
  const catalog = catalogWithOverrides(options.catalog ?? defaultCatalog(), config);
  // Fail fast on a bad meter region/hardware rather than on the first request.
  catalog.region(config.meter.region);
  catalog.device(config.meter.hardware);
  // A carbon profile file or URL the scheduler cannot read stops the gateway here, before anything opens.
  const carbon = config.deferral.carbonProfiles
    ? await loadCarbonProfiles(config.deferral.carbonProfiles, catalog)
    : undefined;
  const models = await ModelTable.build(config, catalog, options.env ?? process.env);
  const hooks = options.hooks ?? {};
  for (const t of hooks.router?.targets?.() ?? []) {
    if (!models.resolve(t.model)) {
      throw new MarginError(
        'MARGIN_ERR_CONFIG',
        `config ${t.field}: '${t.model}' is not a model this gateway serves (add it to models)`,
      );
    }
  }

  let ledger: LedgerSink | undefined;
  let ownLedger = false;
  if (options.ledger !== undefined) ledger = options.ledger ?? undefined;
  else if (config.ledger.url !== 'off') {
    ledger = await openLedger({
      url: config.ledger.url,
      flushIntervalMs: config.ledger.flushIntervalMs,
      batchSize: config.ledger.batchSize,
      ...(config.ledger.spool ? { spool: config.ledger.spool === 'off' ? false : config.ledger.spool } : {}),
      onError: (err) => log(`margin ledger: ${err.message.split('\n')[0]}`),
    });
    ownLedger = true;
  }

  const telemetry = await startTelemetry(config.telemetry, options.env ?? process.env);
  if (telemetry)
    log(
      `margin: OpenTelemetry export on (OTLP/HTTP ${otlpSettings(config.telemetry, options.env ?? process.env)?.endpoint})`,
    );
  const upstreams = new Upstreams(config.timeouts);
  // The response store opens on first use: gateways that never translate /v1/responses never create it.
  const storeLedgerUrl = options.ledger === undefined ? config.ledger.url : (options.ledgerUrl ?? 'off');
  let store: Promise<ResponseStore | undefined> | undefined;
  const responseStore = (): Promise<ResponseStore | undefined> => {
    store ??= openResponseStore(config.responses, storeLedgerUrl).catch((err: unknown) => {
      log(
        `margin: response store unavailable (previous_response_id off): ${err instanceof Error ? err.message : err}`,
      );
      return undefined;
    });
    return store;
  };
  const state: GatewayState = {
    config,
    models,
    meterer: new Meterer(
      catalog,
      config.meter.region,
      config.meter.hardware,
      log,
      config.meter.marketGCo2ePerKwh,
      new SelfHostedPricer(
        catalog,
        catalog.region(config.meter.region),
        config.meter.hardware,
        config.models,
        log,
        config.meter.marketGCo2ePerKwh,
      ),
    ),
    upstreams,
    metrics: new Metrics(hooks.gauges),
    ledger,
    hooks,
    log,
    telemetry,
    responseStore,
  };

  if (options.deferral !== false) {
    try {
      state.deferral = await openDeferral(state, {
        ledgerUrl: storeLedgerUrl,
        ...(carbon ? { carbon } : {}),
        ...(options.deferral ?? {}),
        ...(options.env ? { env: options.env } : {}),
      });
    } catch (err) {
      // The gateway serves live traffic without its job store (e.g. Postgres down at start): batches are off.
      log(
        `margin: job store unavailable, batches and deferred requests are off: ${err instanceof Error ? err.message : err}`,
      );
    }
  }

  let inFlight = 0;
  let idle: (() => void) | undefined;
  const lifecycle = {
    begin: () => {
      inFlight++;
    },
    end: () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    },
  };
  const server = createServer({ keepAliveTimeout: 65_000 }, createListener(state, lifecycle));
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  const host = options.host ?? config.server.host;
  const port = options.port ?? config.server.port;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new MarginError(
          'MARGIN_ERR_CONFIG',
          err.code === 'EADDRINUSE'
            ? `port ${port} on ${host} is already in use`
            : `cannot listen on ${host}:${port}: ${err.message}`,
        ),
      ),
    );
    server.listen(port, host, () => resolve());
  }).catch(async (err: unknown) => {
    await state.deferral?.close();
    throw err;
  });
  const bound = (server.address() as AddressInfo).port;
  let metricsListener: Awaited<ReturnType<typeof startMetricsListener>> | undefined;
  if (config.server.metricsPort !== undefined) {
    try {
      metricsListener = await startMetricsListener(config.server.metricsPort, state.metrics);
    } catch (err) {
      await new Promise((resolve) => server.close(resolve));
      await state.deferral?.close();
      throw err;
    }
  }
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  // The worker calls the gateway's own listener (internal.ts) on a loopback address it listens on.
  const selfHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : hostForUrl;
  state.deferral?.start(`http://${selfHost}:${bound}`);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      // The worker takes no new lines; those in flight are requests to this server and drain with it.
      const deferralStopped = state.deferral?.worker.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        const drained = new Promise<void>((resolve) => {
          idle = resolve;
        });
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), config.server.shutdownGraceMs);
        });
        const outcome = await Promise.race([drained, grace]);
        clearTimeout(timer);
        if (outcome === 'timeout') {
          log(
            `margin: ${inFlight} request(s) still running after ${config.server.shutdownGraceMs} ms; cutting them`,
          );
          await upstreams.destroy();
          server.closeAllConnections();
        }
      }
      server.closeAllConnections();
      await closed;
      await metricsListener?.close();
      await upstreams.close();
      await deferralStopped;
      await state.deferral?.close();
      await (await store)?.close();
      if (ledger) {
        if (ownLedger) await ledger.close();
        else await ledger.flush();
      }
      await telemetry?.close();
    })();
    return closing;
  };

  return {
    url: `http://${hostForUrl}:${bound}`,
    port: bound,
    host,
    close,
    inFlight: () => inFlight,
    metrics: () => state.metrics.render(),
    ...(metricsListener ? { metricsUrl: `http://127.0.0.1:${metricsListener.port}` } : {}),
  };
}
