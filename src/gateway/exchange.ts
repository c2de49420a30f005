// One request in flight: everything the lifecycle learns about it (model, usage, label, timings), turned
// at the end into the label headers, the stream's `: margin {…}` comment and exactly one ledger record.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { MarginError } from '../errors/index.js';
import { prefixFingerprints } from '../ledger/prefix.js';
import {
  type CacheStatus,
  capModelName,
  type Endpoint,
  type LedgerRecord,
  MAX_MODEL_NAME,
} from '../ledger/record.js';
import type { Label } from '../meter/index.js';
import { makeUsage, type Usage } from '../meter/usage.js';
import type { ChatRequest } from '../protocols/canonical.js';
import type { BudgetHold, CascadePlan, RequestContext } from './hooks.js';
import type { InternalCall } from './internal.js';

const ZERO_COST = { input: 0, cachedInput: 0, cacheWrite: 0, output: 0, reasoning: 0, total: 0 };

/** Headers of every SSE response. */
export const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
} as const;

/** Number formatting for the label comment: 6 significant digits. */
export const num = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(6)));

/** Header value: 6 significant digits, never in exponent notation (`0.00000002`, not `2e-8`). */
export function headerNum(x: number): string {
  const n = num(x);
  if (n === 0 || Math.abs(n) >= 1e-6) return String(n);
  return n.toFixed(20).replace(/0+$/, '');
}

export class Exchange implements RequestContext {
  /** `x-margin-request-id`; a deferred line's is fixed by its job (see internal.ts). */
  id: string = randomUUID();
  readonly ts = Date.now();
  readonly t0 = performance.now();
  request: ChatRequest | undefined = undefined;
  private requested = '';
  keyId: string | null = null;
  tenant: string | null = null;
  admin = false;
  servedModel: string | null = null;
  provider: string | null = null;
  status = 0;
  errorCode: string | null = null;
  streamed = false;
  usage: Usage | undefined = undefined;
  label: Label | undefined = undefined;
  cache: CacheStatus = 'miss';
  /** Set after a cache miss when the cache would store this answer (then it is assembled for it). */
  cacheStore = false;
  /** On a cache hit: what the original response cost (the saving). */
  saved: Label | undefined = undefined;
  /** Route decision (JSON) for the ledger, and its policy for `x-margin-route`. */
  route: string | null = null;
  routePolicy: string | null = null;
  /** Set by a cascade route decision (non-streaming chat checks the cheap answer). */
  cascade: CascadePlan | undefined = undefined;
  /** Cost of earlier upstream calls made for this request (cascade cheap + verifier), added to `label`. */
  prior: Label | undefined = undefined;
  /** The caller's output cap (from its key), if any: see handlers/reserve.ts. */
  outputCap: number | undefined = undefined;
  /** Budget reservation to settle with the metered cost when the record is made. */
  hold: BudgetHold | undefined = undefined;
  ttftMs: number | null = null;
  clientAborted = false;
  attempts = 0;
  /** Set when the deferral worker runs a job line through the live path (internal.ts). */
  internal: InternalCall | undefined = undefined;
  /** A deferred line's counterfactual: the same usage priced as if run when the job was accepted. */
  immediate: Label | undefined = undefined;
  private recorded = false;

  constructor(
    readonly endpoint: Endpoint,
    readonly clientProtocol: 'openai' | 'anthropic' | 'gemini',
    readonly headers: IncomingHttpHeaders,
  ) {}

  /** Milliseconds since the request arrived. */
  elapsedMs(): number {
    return performance.now() - this.t0;
  }

  /** Marks the first byte sent to the client (time to first token for streams). */
  firstByte(): void {
    if (this.ttftMs === null) this.ttftMs = this.elapsedMs();
  }

  /** Label headers for a finished (non-streaming) response. */
  labelHeaders(): Record<string, string> {
    const h = this.streamHeaders();
    const l = this.label;
    if (l) {
      h['x-margin-cost-usd'] = headerNum(l.costUsd.total);
      h['x-margin-energy-wh'] = headerNum(l.energyWh);
      h['x-margin-co2e-g'] = headerNum(l.co2eG);
      h['x-margin-energy-wh-low'] = headerNum(l.energyWhLow);
      h['x-margin-energy-wh-high'] = headerNum(l.energyWhHigh);
      h['x-margin-co2e-market-g'] = headerNum(l.co2eMarketG);
      h['x-margin-co2e-embodied-g'] = headerNum(l.embodiedCo2eG);
    } else if (this.cache !== 'miss') {
      h['x-margin-cost-usd'] = '0';
      h['x-margin-energy-wh'] = '0';
      h['x-margin-co2e-g'] = '0';
    } else if (this.usage) {
      h['x-margin-priced'] = 'false';
    }
    return h;
  }

  /** Headers sent when a stream starts (cost is only known at its end: see `comment()`). */
  streamHeaders(): Record<string, string> {
    const h: Record<string, string> = {
      'x-margin-request-id': this.id,
      'x-margin-provider': this.provider ?? 'none',
      'x-margin-cache': this.cache,
    };
    const model = this.servedModel ?? this.requestedModel;
    if (model) h['x-margin-model'] = model;
    if (this.routePolicy) h['x-margin-route'] = this.routePolicy;
    return h;
  }

  /** The model name the client asked for; longer than MAX_MODEL_NAME it is refused (400), never stored. */
  get requestedModel(): string {
    return this.requested;
  }

  set requestedModel(name: string) {
    if (name.length > MAX_MODEL_NAME)
      throw new MarginError(
        'MARGIN_ERR_BAD_REQUEST',
        `The model name is ${name.length} characters long; at most ${MAX_MODEL_NAME} are accepted.`,
        { param: 'model' },
      );
    this.requested = name;
  }

  /** The label as the JSON object written in the `: margin {…}` comment. */
  labelJson(): Record<string, unknown> {
    const u = this.usage ?? makeUsage();
    const l = this.label;
    const out: Record<string, unknown> = {
      id: this.id,
      model: this.servedModel ?? this.requestedModel,
      provider: this.provider ?? 'none',
      cache: this.cache,
      priced: l !== undefined || this.cache !== 'miss',
      costUsd: num(l?.costUsd.total ?? 0),
      energyWh: num(l?.energyWh ?? 0),
      energyWhLow: num(l?.energyWhLow ?? 0),
      energyWhHigh: num(l?.energyWhHigh ?? 0),
      co2eG: num(l?.co2eG ?? 0),
      co2eMarketG: num(l?.co2eMarketG ?? 0),
      co2eEmbodiedG: num(l?.embodiedCo2eG ?? 0),
      usage: {
        inputTokens: u.inputTokens,
        cacheReadTokens: u.cacheReadTokens,
        cacheWriteTokens: u.cacheWrite5mTokens + u.cacheWrite1hTokens,
        outputTokens: u.outputTokens,
        reasoningTokens: u.reasoningTokens,
        source: u.source,
      },
    };
    if (this.saved) out.savedUsd = num(this.saved.costUsd.total);
    return out;
  }

  /** The SSE comment line that ends every stream (ignored by SSE clients). */
  comment(): string {
    return `: margin ${JSON.stringify(this.labelJson())}\n\n`;
  }

  /** The ledger record; returns undefined when it was already taken (one record per request). */
  takeRecord(): LedgerRecord | undefined {
    if (this.recorded) return undefined;
    this.recorded = true;
    const l = this.label;
    return {
      id: this.id,
      ts: this.ts,
      keyId: this.keyId,
      tenant: this.tenant,
      endpoint: this.endpoint,
      requestedModel: this.requested,
      servedModel: capModelName(this.servedModel),
      provider: this.provider,
      status: this.status,
      errorCode: this.errorCode,
      streamed: this.streamed,
      usage: this.usage ?? makeUsage(),
      costUsd: l ? l.costUsd : { ...ZERO_COST },
      energyWh: l?.energyWh ?? 0,
      co2eG: l?.co2eG ?? 0,
      cache: this.cache,
      savedUsd: this.saved?.costUsd.total ?? 0,
      savedEnergyWh: this.saved?.energyWh ?? 0,
      savedCo2eG: this.saved?.co2eG ?? 0,
      route: this.route,
      latencyMs: this.elapsedMs(),
      ttftMs: this.ttftMs,
      clientAborted: this.clientAborted,
      // Additive fields (kept in the ledger's `extra` JSON; undefined ones are left out): energy bounds
      // and the other CO2e bases. Plain fields, no spread: this object is built for every request.
      energyWhLow: l?.energyWhLow,
      energyWhHigh: l?.energyWhHigh,
      co2eMarketG: l?.co2eMarketG,
      co2eEmbodiedG: l?.embodiedCo2eG,
      // One hash pass over a bounded prompt prefix (at most 64k characters), for `margin advise`.
      prefixHashes: this.cache === 'miss' ? prefixFingerprints(this.request) : undefined,
      jobId: this.internal?.deferral.jobId,
      deferralMode: this.internal?.deferral.mode,
      immediateUsd: this.internal ? (this.immediate?.costUsd.total ?? l?.costUsd.total ?? 0) : undefined,
      immediateCo2eG: this.internal
        ? (this.immediate?.co2eG ?? l?.co2eG ?? 0) * this.internal.deferral.co2eRatio
        : undefined,
    };
  }
}
