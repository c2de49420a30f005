// Self-hosted upstreams priced by GPU time. A config model entry that declares its hardware (`hardware: {id,
// gpus, usdPerHour | tier}`) prices its requests as their share of a replica-hour at the measured concurrency.
// An open-weight model behind a self-hosted provider (vLLM, SGLang, Ollama, TRT-LLM, any OpenAI-compatible
// server: `--upstream`) with nothing declared is priced the same way on an assumed replica (the meter's
// hardware at the marketplace tier), never at another provider's per-token API price; the log says so once.
import type { Catalog } from '../catalog/catalog.js';
import { devicePrice } from '../catalog/offers.js';
import type { ModelFacts, Precision, Region } from '../catalog/schema.js';
import type { ModelConfig, ProviderName } from '../config/schema.js';
import { MarginError } from '../errors/index.js';
import { type GpuTimeBasis, meterGpuTime, smallestReplica } from '../meter/gpu-time.js';
import type { Label } from '../meter/label.js';
import type { Usage } from '../meter/usage.js';
import { memoryFit } from '../physics/memory.js';
import { ConcurrencyGauge } from './concurrency.js';
import type { ResolvedModel } from './models.js';

/** Providers that are someone's own inference server rather than a priced API. */
export const SELF_HOSTED_PROVIDERS: ReadonlySet<ProviderName> = new Set([
  'vllm',
  'sglang',
  'ollama',
  'trtllm',
  'openai-compatible',
]);

const ID_PREFIX = 'self-hosted/';
const LIMIT = 1024;

export class SelfHostedPricer {
  private readonly entries = new Map<string, { basis: GpuTimeBasis; gauge: ConcurrencyGauge }>();
  /** Client/upstream model name (per config entry) → id, or null when it is not self-hosted-priced. */
  private readonly ids = new Map<string, string | null>();
  private readonly configs = new Map<string, ModelConfig>();

  constructor(
    private readonly catalog: Catalog,
    private readonly region: Region,
    private readonly meterHardware: string,
    models: readonly ModelConfig[],
    private readonly log: (line: string) => void,
    private readonly marketGCo2ePerKwh?: number,
  ) {
    models.forEach((m, i) => {
      if (!m.hardware) return;
      this.configs.set(m.name, m);
      // Exact entries are checked now: a bad hardware id or an unpriced tier fails at start, naming the field.
      if (!m.name.endsWith('*')) this.declared(m, m.upstreamModel ?? m.name, i);
    });
  }

  /** True when `id` prices by GPU time. */
  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** The id pricing this target by GPU time, or undefined (the catalog's list prices apply). */
  idFor(model: ResolvedModel, responseModel?: string): string | undefined {
    const name = model.target.upstreamModel || responseModel || '';
    const key = `${model.name}\u0000${name}`;
    const hit = this.ids.get(key);
    if (hit !== undefined) return hit ?? undefined;
    let id: string | undefined;
    const cfg = this.configs.get(model.name);
    if (cfg) id = this.declared(cfg, name, undefined);
    else if (SELF_HOSTED_PROVIDERS.has(model.provider)) id = this.assumed(model, name);
    if (this.ids.size >= LIMIT) this.ids.clear();
    this.ids.set(key, id ?? null);
    return id;
  }

  /** The label of one request priced by GPU time (`at` = its start, epoch ms; it ends now). */
  label(id: string, usage: Usage, at: number, now = Date.now()): Label | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    e.gauge.record(at, now);
    const label = meterGpuTime(e.basis, usage, e.gauge.current(now), this.region);
    if (this.marketGCo2ePerKwh !== undefined)
      label.co2eMarketG = (label.energyWh / 1000) * this.marketGCo2ePerKwh;
    return label;
  }

  /** Open-weight facts for a served model name: a facts id/alias, or a hosted price entry's energy basis. */
  private factsOf(name: string): ModelFacts | undefined {
    const direct = this.catalog.models.find(name);
    if (direct) return direct;
    const facts = this.catalog.prices.find(name)?.energy?.modelFacts;
    return facts ? this.catalog.models.find(facts) : undefined;
  }

  private declared(cfg: ModelConfig, name: string, index: number | undefined): string {
    const hw = cfg.hardware;
    if (!hw) throw new Error('declared() needs hardware');
    const where = `config models[${index ?? cfg.name}].hardware`;
    const fail = (field: string, why: string): never => {
      throw new MarginError('MARGIN_ERR_CONFIG', `${where}${field ? `.${field}` : ''}: ${why}`);
    };
    const device = this.catalog.hardware.find(hw.id) ?? fail('id', `unknown hardware '${hw.id}'`);
    const factsName = hw.modelFacts ?? name;
    const facts =
      this.factsOf(factsName) ??
      fail(
        'modelFacts',
        `'${factsName}' is not an open-weight model in the catalog (its architecture sets the GPU time)`,
      );
    const precision: Precision = hw.precision ?? facts.nativePrecision ?? 'bf16';
    const deployment = { model: facts, hardware: device, count: hw.gpus, precision, engine: hw.engine };
    const fit = memoryFit(deployment);
    if (!fit.fits) fail('gpus', `${facts.id} at ${precision} does not fit: ${fit.reason}`);
    let usd: number;
    let priceBasis: string;
    if (hw.usdPerHour !== undefined) {
      usd = hw.usdPerHour;
      priceBasis = `declared $${usd}/h for ${hw.gpus}× ${device.id}`;
    } else if (hw.tier !== undefined) {
      const p =
        devicePrice(this.catalog, device, hw.tier, { region: this.region, years: 3, overhead: 0.15 }) ??
        fail('tier', `no ${hw.tier} price for ${device.id} in the catalog: give usdPerHour`);
      usd = p.usdPerDeviceHour * hw.gpus;
      priceBasis = `${hw.gpus}× ${device.id} at the ${hw.tier} tier (${p.basis})`;
    } else {
      return fail('', 'give usdPerHour (what the replica costs per hour) or tier');
    }
    const id = `${ID_PREFIX}${cfg.name.endsWith('*') ? `${cfg.name}:${facts.id}` : cfg.name}`;
    this.entries.set(id, {
      basis: {
        id: cfg.name.endsWith('*') ? facts.id : cfg.name,
        deployment,
        usdPerReplicaHour: usd,
        priceBasis,
      },
      gauge: new ConcurrencyGauge(),
    });
    return id;
  }

  private assumed(model: ResolvedModel, name: string): string | undefined {
    const facts = this.factsOf(name);
    if (!facts) return undefined;
    const id = `${ID_PREFIX}${facts.id}`;
    if (this.entries.has(id)) return id;
    const device = this.catalog.hardware.find(this.meterHardware);
    if (!device) return undefined;
    const precision: Precision = facts.nativePrecision ?? 'bf16';
    const deployment = smallestReplica(facts, device, precision);
    const price = devicePrice(this.catalog, device, 'marketplace', {
      region: this.region,
      years: 3,
      overhead: 0,
    });
    if (!deployment || !price) return undefined;
    const priceBasis =
      `assumed ${deployment.count}× ${device.id} at ${precision}, marketplace tier (${price.basis}); ` +
      `declare models[].hardware to price your own`;
    this.entries.set(id, {
      basis: {
        id: facts.id,
        deployment,
        usdPerReplicaHour: price.usdPerDeviceHour * deployment.count,
        priceBasis,
      },
      gauge: new ConcurrencyGauge(),
    });
    const listed = this.catalog.prices.find(name);
    this.log(
      `margin: '${name}' on the self-hosted upstream ${model.origin} is priced by GPU time on an ${priceBasis.replace(/^assumed /, 'assumed ')}` +
        (listed ? ` — not at ${listed.provider}'s API rate for ${listed.id}` : ''),
    );
    return id;
  }
}
