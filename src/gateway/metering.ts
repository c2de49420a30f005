// Metering at the gateway: which catalog entry prices an upstream model (config override, the upstream
// model id, or the id the response names), and the Label for a request's usage. A model the catalog does
// not know is still proxied and recorded, unpriced (cost, energy and CO2e 0 in the ledger, headers absent).
import type { Catalog } from '../catalog/catalog.js';
import { computeCost, type Label, meter } from '../meter/index.js';
import { makeUsage, type Usage } from '../meter/usage.js';
import type { ResolvedModel } from './models.js';
import type { SelfHostedPricer } from './self-hosted.js';

const LIMIT = 4096;

export class Meterer {
  private readonly ids = new Map<string, string | null>();
  private readonly warned = new Set<string>();

  constructor(
    readonly catalog: Catalog,
    private readonly region: string,
    private readonly hardware: string,
    private readonly log: (line: string) => void,
    private readonly marketGCo2ePerKwh?: number,
    /** Self-hosted upstreams priced by GPU time (declared hardware, or assumed for open-weight models). */
    private readonly selfHosted?: SelfHostedPricer,
  ) {}

  /** True when `priceId` is a self-hosted upstream priced by GPU time. */
  isSelfHosted(priceId: string): boolean {
    return this.selfHosted?.has(priceId) ?? false;
  }

  /**
   * Id pricing this target (undefined = unpriced): a config price override, a self-hosted GPU-time id,
   * else the catalog entry of the upstream model name, `responseModel` last.
   */
  priceId(model: ResolvedModel, responseModel?: string): string | undefined {
    if (model.priceId) return model.priceId;
    const gpu = this.selfHosted?.idFor(model, responseModel);
    if (gpu) return gpu;
    const id = this.find(model.target.upstreamModel);
    if (id || !responseModel) return id;
    return this.find(responseModel);
  }

  private find(name: string): string | undefined {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.catalog.prices.find(name)?.id ?? null;
      if (this.ids.size >= LIMIT) this.ids.clear();
      this.ids.set(name, id);
    }
    return id ?? undefined;
  }

  /**
   * Worst-case dollars of a call (budget reservations): `promptTokens` at the dearest input rate (plain,
   * 5-minute or 1-hour cache write) plus `maxOutputTokens` — bounded by the model's output limit and what
   * its context window leaves — at the output rate; the model's own limit when `maxOutputTokens` is
   * undefined. 0 when the model is unpriced.
   */
  worstCaseUsd(model: ResolvedModel, promptTokens: number, maxOutputTokens: number | undefined): number {
    const id = this.priceId(model);
    if (!id) return 0;
    try {
      const price = this.catalog.price(id);
      const left = Math.max(1, price.contextWindow - promptTokens);
      const limit = Math.min(price.maxOutputTokens ?? price.contextWindow, left);
      const outputTokens = maxOutputTokens === undefined ? limit : Math.min(maxOutputTokens, limit);
      const p = promptTokens;
      let usd = 0;
      for (const u of [{}, { cacheWrite5mTokens: p }, { cacheWrite1hTokens: p }]) {
        const usage = makeUsage({ inputTokens: p, outputTokens, ...u });
        usd = Math.max(usd, computeCost(price, usage).costUsd.total);
      }
      return usd;
    } catch {
      return 0;
    }
  }

  /**
   * The label for `usage` priced as `priceId` for a request that ran at `at` (epoch ms: time-of-day price
   * windows); undefined when it cannot be priced (never throws).
   */
  label(priceId: string | undefined, usage: Usage, at: number): Label | undefined {
    if (!priceId) return undefined;
    try {
      if (this.selfHosted?.has(priceId)) return this.selfHosted.label(priceId, usage, at);
      return meter(priceId, usage, {
        catalog: this.catalog,
        region: this.region,
        hardware: this.hardware,
        requireEnergy: false,
        at,
        ...(this.marketGCo2ePerKwh !== undefined ? { marketGCo2ePerKwh: this.marketGCo2ePerKwh } : {}),
      });
    } catch (err) {
      if (!this.warned.has(priceId)) {
        this.warned.add(priceId);
        this.log(`margin: cannot meter '${priceId}': ${err instanceof Error ? err.message : String(err)}`);
      }
      return undefined;
    }
  }
}

/** Two labels added up (a request that made several upstream calls, e.g. an escalated cascade). */
export function addLabels(a: Label, b: Label): Label {
  const c = a.costUsd;
  const d = b.costUsd;
  return {
    ...a,
    costUsd: {
      input: c.input + d.input,
      cachedInput: c.cachedInput + d.cachedInput,
      cacheWrite: c.cacheWrite + d.cacheWrite,
      output: c.output + d.output,
      reasoning: c.reasoning + d.reasoning,
      total: c.total + d.total,
    },
    uncachedUsd: a.uncachedUsd + b.uncachedUsd,
    energyWh: a.energyWh + b.energyWh,
    energyWhLow: a.energyWhLow + b.energyWhLow,
    energyWhHigh: a.energyWhHigh + b.energyWhHigh,
    co2eG: a.co2eG + b.co2eG,
    co2eMarketG: a.co2eMarketG + b.co2eMarketG,
    embodiedCo2eG: a.embodiedCo2eG + b.embodiedCo2eG,
    estimated: a.estimated || b.estimated,
    notes: [...a.notes, ...b.notes],
  };
}
