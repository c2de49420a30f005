// Prometheus metrics for GET /metrics: counters and histograms in base units (`_seconds`, `_total`,
// joules, grams, dollars), labelled only by bounded sets (endpoint, provider, status class, cache status).
import type { LedgerRecord } from '../ledger/record.js';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

class Histogram {
  readonly counts = new Array<number>(BUCKETS.length).fill(0);
  count = 0;
  sum = 0;

  observe(v: number): void {
    this.count++;
    this.sum += v;
    for (let i = 0; i < BUCKETS.length; i++) {
      if (v <= (BUCKETS[i] as number)) {
        this.counts[i] = (this.counts[i] ?? 0) + 1;
        break;
      }
    }
  }
}

type Labels = Record<string, string>;

interface ProviderTotals {
  input: number;
  cached: number;
  output: number;
  usd: number;
  savedUsd: number;
  joules: number;
  grams: number;
  estimated: number;
  unpriced: number;
}

class Family<T> {
  readonly series = new Map<string, { labels: Labels; value: T }>();
  constructor(private readonly make: () => T) {}

  get(key: string, labels: () => Labels): T {
    let s = this.series.get(key);
    if (!s) {
      s = { labels: labels(), value: this.make() };
      this.series.set(key, s);
    }
    return s.value;
  }
}

const statusClass = (s: number): string => (s >= 100 && s < 600 ? `${Math.floor(s / 100)}xx` : 'other');
const esc = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const fmt = (l: Labels, extra?: string): string => {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${esc(v)}"`);
  if (extra) parts.push(extra);
  return parts.length ? `{${parts.join(',')}}` : '';
};

export class Metrics {
  inFlight = 0;
  /** Gauges levers add (read when /metrics is rendered). */
  constructor(private readonly gauges: ReadonlyArray<{ name: string; help: string; value(): number }> = []) {}
  private readonly requests = new Family(() => ({ n: 0 }));
  private readonly duration = new Family(() => new Histogram());
  private readonly ttft = new Family(() => new Histogram());
  private readonly byProvider = new Family<ProviderTotals>(() => ({
    input: 0,
    cached: 0,
    output: 0,
    usd: 0,
    savedUsd: 0,
    joules: 0,
    grams: 0,
    estimated: 0,
    unpriced: 0,
  }));
  private readonly retries = new Family(() => ({ n: 0 }));
  private aborts = 0;

  /** Accounts one finished request (called with its ledger record). */
  observe(r: LedgerRecord, priced: boolean): void {
    const provider = r.provider ?? 'none';
    const sc = statusClass(r.status);
    const key = `${r.endpoint}|${provider}|${sc}|${r.cache}`;
    this.requests.get(key, () => ({ endpoint: r.endpoint, provider, status: sc, cache: r.cache })).n++;
    this.duration.get(r.endpoint, () => ({ endpoint: r.endpoint })).observe(r.latencyMs / 1000);
    if (r.streamed && r.ttftMs !== null) {
      this.ttft.get(r.endpoint, () => ({ endpoint: r.endpoint })).observe(r.ttftMs / 1000);
    }
    const p = this.byProvider.get(provider, () => ({ provider }));
    p.input += r.usage.inputTokens;
    p.cached += r.usage.cacheReadTokens;
    p.output += r.usage.outputTokens;
    p.usd += r.costUsd.total;
    p.savedUsd += r.savedUsd;
    p.joules += r.energyWh * 3600;
    p.grams += r.co2eG;
    if (r.usage.source === 'estimated') p.estimated++;
    if (!priced && r.status < 400 && r.cache === 'miss') p.unpriced++;
    if (r.clientAborted) this.aborts++;
  }

  /** Counts one upstream retry or fallback step. */
  retry(provider: string, reason: 'status' | 'error'): void {
    this.retries.get(`${provider}|${reason}`, () => ({ provider, reason })).n++;
  }

  /** Prometheus text exposition format 0.0.4. */
  render(): string {
    const out: string[] = [];
    const head = (name: string, type: string, help: string) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    };
    head(
      'margin_requests_total',
      'counter',
      'Requests handled, by endpoint, provider, status class and cache status.',
    );
    for (const s of this.requests.series.values())
      out.push(`margin_requests_total${fmt(s.labels)} ${s.value.n}`);
    const hist = (name: string, help: string, fam: Family<Histogram>) => {
      head(name, 'histogram', help);
      for (const s of fam.series.values()) {
        let cum = 0;
        BUCKETS.forEach((b, i) => {
          cum += s.value.counts[i] ?? 0;
          out.push(`${name}_bucket${fmt(s.labels, `le="${b}"`)} ${cum}`);
        });
        out.push(`${name}_bucket${fmt(s.labels, 'le="+Inf"')} ${s.value.count}`);
        out.push(`${name}_sum${fmt(s.labels)} ${s.value.sum}`);
        out.push(`${name}_count${fmt(s.labels)} ${s.value.count}`);
      }
    };
    hist('margin_request_duration_seconds', 'Total request latency.', this.duration);
    hist('margin_time_to_first_token_seconds', 'Time to the first streamed byte.', this.ttft);
    const counter = (name: string, help: string, pick: (v: ProviderTotals) => number) => {
      head(name, 'counter', help);
      for (const s of this.byProvider.series.values()) out.push(`${name}${fmt(s.labels)} ${pick(s.value)}`);
    };
    counter('margin_input_tokens_total', 'Prompt tokens, including cached ones.', (v) => v.input);
    counter('margin_cached_input_tokens_total', 'Prompt tokens read from provider caches.', (v) => v.cached);
    counter('margin_output_tokens_total', 'Output tokens, including reasoning.', (v) => v.output);
    counter('margin_cost_dollars_total', 'Metered spend in US dollars.', (v) => v.usd);
    counter('margin_saved_dollars_total', 'US dollars avoided by cache hits.', (v) => v.savedUsd);
    counter('margin_energy_joules_total', 'Estimated facility energy.', (v) => v.joules);
    counter('margin_co2e_grams_total', 'Estimated emissions, grams CO2e.', (v) => v.grams);
    counter('margin_estimated_usage_total', 'Requests whose usage was estimated.', (v) => v.estimated);
    counter(
      'margin_unpriced_requests_total',
      'Requests for models the catalog cannot price.',
      (v) => v.unpriced,
    );
    head('margin_upstream_retries_total', 'counter', 'Upstream retries and fallback steps.');
    for (const s of this.retries.series.values())
      out.push(`margin_upstream_retries_total${fmt(s.labels)} ${s.value.n}`);
    head('margin_client_aborts_total', 'counter', 'Requests the client abandoned before the end.');
    out.push(`margin_client_aborts_total ${this.aborts}`);
    head('margin_in_flight_requests', 'gauge', 'Requests in progress.');
    out.push(`margin_in_flight_requests ${this.inFlight}`);
    for (const g of this.gauges) {
      head(g.name, 'gauge', g.help);
      out.push(`${g.name} ${g.value()}`);
    }
    return `${out.join('\n')}\n`;
  }
}
