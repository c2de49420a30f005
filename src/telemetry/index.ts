// OpenTelemetry export, optional: one span per request and GenAI metrics over OTLP/HTTP, switched on by
// `telemetry.otlp.endpoint` or OTEL_EXPORTER_OTLP_ENDPOINT. Off, it costs nothing: the @opentelemetry
// packages are imported only when an endpoint is configured, and the gateway's hook is one branch.
import type { GatewayConfig } from '../config/schema.js';
import type { Exchange } from '../gateway/exchange.js';
import type { LedgerRecord } from '../ledger/record.js';

export interface OtlpSettings {
  /** Base URL of an OTLP/HTTP receiver; `/v1/traces` and `/v1/metrics` are appended. */
  endpoint: string;
  headers: Record<string, string>;
  serviceName: string;
  /** How often metrics are pushed (ms). */
  metricsIntervalMs: number;
}

/** What the gateway calls: one `record` per finished request, `close` at shutdown (flushes). */
export interface Telemetry {
  record(record: LedgerRecord, ex: Exchange): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Parses `OTEL_EXPORTER_OTLP_HEADERS` (`k=v,k2=v2`, values URL-encoded). */
export function parseOtlpHeaders(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (text ?? '').split(',')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    out[decodeURIComponent(part.slice(0, i).trim())] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/** The OTLP settings in force (config first, then the standard OTEL_* variables), or undefined: off. */
export function otlpSettings(
  config: GatewayConfig['telemetry'],
  env: NodeJS.ProcessEnv,
): OtlpSettings | undefined {
  const otlp = config.otlp;
  const endpoint = otlp?.endpoint ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint || env.OTEL_SDK_DISABLED === 'true') return undefined;
  return {
    endpoint: endpoint.replace(/\/+$/, ''),
    headers: { ...parseOtlpHeaders(env.OTEL_EXPORTER_OTLP_HEADERS), ...(otlp?.headers ?? {}) },
    serviceName: otlp?.serviceName ?? env.OTEL_SERVICE_NAME ?? 'margin',
    metricsIntervalMs: otlp?.metricsIntervalMs ?? Number(env.OTEL_METRIC_EXPORT_INTERVAL ?? 60_000),
  };
}

/** Starts OTLP export when configured; undefined (and nothing imported) otherwise. */
export async function startTelemetry(
  config: GatewayConfig['telemetry'],
  env: NodeJS.ProcessEnv,
): Promise<Telemetry | undefined> {
  const settings = otlpSettings(config, env);
  if (!settings) return undefined;
  const { OtlpTelemetry } = await import('./otlp.js');
  return new OtlpTelemetry(settings);
}
