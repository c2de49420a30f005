// Everything a request handler needs, built once by startGateway, plus the lifecycle's last stages
// (ledger append, metrics) shared by every endpoint.
import type { ServerResponse } from 'node:http';
import type { GatewayConfig } from '../config/schema.js';
import type { Deferral } from '../deferral/jobs.js';
import type { LedgerRecord } from '../ledger/record.js';
import type { FeedbackRow, LedgerStore } from '../ledger/store.js';
import type { Telemetry } from '../telemetry/index.js';
import type { Exchange } from './exchange.js';
import type { GatewayHooks } from './hooks.js';
import type { Meterer } from './metering.js';
import type { Metrics } from './metrics.js';
import type { ModelTable } from './models.js';
import type { ResponseStore } from './response-store/index.js';
import type { Upstreams } from './upstream.js';

/** The ledger as the gateway uses it (src/ledger's Ledger satisfies it). */
export interface LedgerSink {
  /** Non-blocking: buffers the record for a batched write. */
  append(record: LedgerRecord): void;
  /** Stores caller feedback durably (POST /v1/feedback); a sink without it answers that route with 404. */
  feedback?(row: FeedbackRow): Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
  /** The store behind it (feedback checks that the scored request exists and whose it is). */
  store?: Pick<LedgerStore, 'requestOwner'>;
}

export interface GatewayState {
  config: GatewayConfig;
  models: ModelTable;
  meterer: Meterer;
  upstreams: Upstreams;
  metrics: Metrics;
  ledger: LedgerSink | undefined;
  hooks: GatewayHooks;
  log: (line: string) => void;
  /** OpenTelemetry export (undefined = off: one branch per request). */
  telemetry?: Telemetry | undefined;
  /** Stored Responses API conversations (opened on first use; undefined when storing is off). */
  responseStore: () => Promise<ResponseStore | undefined>;
  /** Batches and deferred requests: the job store and its worker (undefined = off). */
  deferral?: Deferral;
}

/**
 * Stages 9 and 11–12: budget settlement (the metered cost; 0 for errors, which releases the reservation),
 * one ledger record (never awaited) and the metrics, exactly once per request.
 */
export function finish(state: GatewayState, ex: Exchange): void {
  const record = ex.takeRecord();
  if (!record) return;
  if (ex.hold) {
    try {
      ex.hold.settle(record.costUsd.total, record.usage.inputTokens + record.usage.outputTokens);
    } catch (err) {
      state.log(`margin: budget settle failed for ${record.id}: ${err instanceof Error ? err.message : err}`);
    }
  }
  if (state.ledger) {
    try {
      state.ledger.append(record);
    } catch (err) {
      state.log(`margin: ledger append failed for ${record.id}: ${err instanceof Error ? err.message : err}`);
    }
  }
  state.metrics.observe(record, ex.label !== undefined);
  if (state.telemetry) {
    try {
      state.telemetry.record(record, ex);
    } catch (err) {
      state.log(`margin telemetry: ${err instanceof Error ? err.message : err}`);
    }
  }
}

/**
 * Sends an API response's last bytes after its record is made: the record is in the ledger's spool before
 * the client can see the answer complete, so a crash right after never leaves an answer unrecorded.
 */
export function endResponse(state: GatewayState, ex: Exchange, res: ServerResponse, chunk?: string): void {
  finish(state, ex);
  res.end(chunk);
}
