// The OTLP/HTTP side, imported only when telemetry is configured: a tracer provider with a batch span
// processor and a meter provider with a periodic reader, both exporting to `<endpoint>/v1/{traces,metrics}`.
// Spans are made after the fact from the ledger record (start = request start, end = start + latency).
import {
  type Attributes,
  type Counter,
  type Histogram,
  isSpanContextValid,
  ROOT_CONTEXT,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Exchange } from '../gateway/exchange.js';
import type { LedgerRecord } from '../ledger/record.js';
import { metricAttributes, operationName, spanAttributes } from './attributes.js';
import type { OtlpSettings, Telemetry } from './index.js';

const SCOPE = 'margin-gateway';
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The caller's span from a W3C `traceparent` header, so the request's span joins the caller's trace. */
export function remoteParent(header: string | string[] | undefined): SpanContext | undefined {
  const m = typeof header === 'string' ? TRACEPARENT.exec(header.trim()) : null;
  if (!m) return undefined;
  const ctx = {
    traceId: m[1] as string,
    spanId: m[2] as string,
    traceFlags: Number.parseInt(m[3] as string, 16),
    isRemote: true,
  };
  return isSpanContextValid(ctx) ? ctx : undefined;
}

export class OtlpTelemetry implements Telemetry {
  private readonly tracing: TracerProvider;
  private readonly metering: MeterProvider;
  private readonly tracer;
  private readonly tokens: Histogram;
  private readonly duration: Histogram;
  private readonly ttft: Histogram;
  private readonly cost: Counter;
  private readonly energy: Counter;
  private readonly co2e: Counter;

  constructor(s: OtlpSettings) {
    const resource = resourceFromAttributes({ 'service.name': s.serviceName });
    this.tracing = new TracerProvider({
      resource,
      spanProcessors: [
        new BatchSpanProcessor({
          exporter: new OTLPTraceExporter({ url: `${s.endpoint}/v1/traces`, headers: s.headers }),
        }),
      ],
    });
    this.metering = new MeterProvider({
      resource,
      readers: [
        new PeriodicExportingMetricReader({
          exporter: new OTLPMetricExporter({ url: `${s.endpoint}/v1/metrics`, headers: s.headers }),
          exportIntervalMillis: s.metricsIntervalMs,
        }),
      ],
    });
    this.tracer = this.tracing.getTracer(SCOPE);
    const meter = this.metering.getMeter(SCOPE);
    // The GenAI semantic conventions' client metrics, then Margin's economics as counters.
    this.tokens = meter.createHistogram('gen_ai.client.token.usage', {
      unit: '{token}',
      description: 'Number of input and output tokens used',
    });
    this.duration = meter.createHistogram('gen_ai.client.operation.duration', {
      unit: 's',
      description: 'GenAI operation duration',
    });
    this.ttft = meter.createHistogram('gen_ai.server.time_to_first_token', {
      unit: 's',
      description: 'Time to the first byte of a streamed answer',
    });
    this.cost = meter.createCounter('margin.cost', { unit: 'USD', description: 'Metered cost of requests' });
    this.energy = meter.createCounter('margin.energy', { unit: 'Wh', description: 'Estimated energy' });
    this.co2e = meter.createCounter('margin.co2e', { unit: 'g', description: 'Estimated CO2e (location)' });
  }

  record(r: LedgerRecord, ex: Exchange): void {
    const start = r.ts;
    const parent = remoteParent(ex.headers['traceparent']);
    const span = this.tracer.startSpan(
      `${operationName(r.endpoint)} ${r.requestedModel || r.endpoint}`,
      { kind: SpanKind.CLIENT, startTime: start, attributes: spanAttributes(r, ex.request) },
      parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT,
    );
    if (r.status >= 400 || r.errorCode)
      span.setStatus({ code: SpanStatusCode.ERROR, message: r.errorCode ?? String(r.status) });
    span.end(start + r.latencyMs);

    const attrs: Attributes = metricAttributes(r);
    const u = r.usage;
    if (u.inputTokens || u.outputTokens) {
      this.tokens.record(u.inputTokens, { ...attrs, 'gen_ai.token.type': 'input' });
      this.tokens.record(u.outputTokens, { ...attrs, 'gen_ai.token.type': 'output' });
    }
    this.duration.record(r.latencyMs / 1000, attrs);
    if (r.ttftMs !== null && r.streamed) this.ttft.record(r.ttftMs / 1000, attrs);
    const withCache = { ...attrs, 'margin.cache': r.cache };
    if (r.costUsd.total) this.cost.add(r.costUsd.total, withCache);
    if (r.energyWh) this.energy.add(r.energyWh, withCache);
    if (r.co2eG) this.co2e.add(r.co2eG, withCache);
  }

  async flush(): Promise<void> {
    await Promise.all([this.tracing.forceFlush(), this.metering.forceFlush()]);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.tracing.shutdown(), this.metering.shutdown()]);
  }
}
