// GPU offers: which rentable offers fit a deployment (hardware, region, commitments), the cheapest one,
// and how much cheaper marketplaces are than hyperscalers and GPU clouds for the same accelerator.
import type { Catalog } from './catalog.js';
import type { Commitment, GpuOffer, Hardware, Region } from './schema.js';

export interface OfferQuery {
  hardware?: string;
  /** Offers usable from this region: same region, `global`, or (US regions) the provider's `us` pool. */
  region?: Region;
  commitments?: readonly Commitment[];
  kinds?: ReadonlyArray<GpuOffer['kind']>;
}

/** Does an offer in `offerRegion` serve deployments in `region`? `world` accepts every offer. */
export function regionServes(offerRegion: string, region: Region): boolean {
  if (region.id === 'world' || offerRegion === 'global' || offerRegion === region.id) return true;
  return offerRegion === 'us' && (region.id === 'us' || region.id.startsWith('us-'));
}

export function findOffers(catalog: Catalog, q: OfferQuery = {}): GpuOffer[] {
  const hw = q.hardware === undefined ? undefined : catalog.device(q.hardware).id;
  return catalog.offers.all.filter(
    (o) =>
      (hw === undefined || o.hardware === hw) &&
      (q.region === undefined || regionServes(o.region, q.region)) &&
      (q.commitments === undefined || q.commitments.includes(o.commitment)) &&
      (q.kinds === undefined || q.kinds.includes(o.kind)),
  );
}

/** The cheapest offer matching the query, or undefined. */
export function cheapestOffer(catalog: Catalog, q: OfferQuery): GpuOffer | undefined {
  let best: GpuOffer | undefined;
  for (const o of findOffers(catalog, q)) if (!best || o.usdPerGpuHour < best.usdPerGpuHour) best = o;
  return best;
}

const median = (xs: number[]): number | undefined => {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

export interface KindComparison {
  hardware: string;
  /** Median on-demand $/GPU-h of each kind's providers (one figure per provider: its cheapest). */
  hyperscaler: number | undefined;
  neocloud: number | undefined;
  marketplace: number | undefined;
  /** 1 − marketplace / hyperscaler, and 1 − marketplace / neocloud (undefined when a side is missing). */
  vsHyperscaler: number | undefined;
  vsNeocloud: number | undefined;
}

/**
 * On-demand prices by kind of provider for every accelerator offered by marketplaces: the data behind (or
 * against) "marketplaces are 40–60% cheaper". Each provider counts once per accelerator, at its cheapest
 * on-demand offer, so one provider with many instance types does not weigh more.
 */
export function compareKinds(catalog: Catalog): KindComparison[] {
  const byHw = new Map<string, Map<GpuOffer['kind'], Map<string, number>>>();
  for (const o of catalog.offers.all) {
    if (o.commitment !== 'on-demand') continue;
    const kinds = byHw.get(o.hardware) ?? new Map();
    byHw.set(o.hardware, kinds);
    const providers = kinds.get(o.kind) ?? new Map<string, number>();
    kinds.set(o.kind, providers);
    providers.set(o.provider, Math.min(providers.get(o.provider) ?? Infinity, o.usdPerGpuHour));
  }
  const out: KindComparison[] = [];
  for (const [hardware, kinds] of byHw) {
    const m = (k: GpuOffer['kind']) => median([...(kinds.get(k)?.values() ?? [])]);
    const [hyperscaler, neocloud, marketplace] = [m('hyperscaler'), m('neocloud'), m('marketplace')];
    if (marketplace === undefined) continue;
    const vs = (other: number | undefined) => (other === undefined ? undefined : 1 - marketplace / other);
    out.push({
      hardware,
      hyperscaler,
      neocloud,
      marketplace,
      vsHyperscaler: vs(hyperscaler),
      vsNeocloud: vs(neocloud),
    });
  }
  return out.sort((a, b) => a.hardware.localeCompare(b.hardware));
}

export type PriceTier = 'hyperscaler' | 'marketplace' | 'onprem' | 'edge';

/** Offer kinds a rented tier draws from: hyperscalers, or GPU clouds and marketplaces. */
const TIER_KINDS: Record<'hyperscaler' | 'marketplace', ReadonlyArray<GpuOffer['kind']>> = {
  hyperscaler: ['hyperscaler'],
  marketplace: ['neocloud', 'marketplace'],
};

export interface DevicePrice {
  usdPerDeviceHour: number;
  /** The offer it comes from (rented tiers with a matching offer). */
  offer?: GpuOffer;
  /** e.g. `vast/h100-sxm/global/on-demand $1.87/GPU-h`, `purchase $30,000 over 3 y + $0.15/h`. */
  basis: string;
}

/**
 * Dollars per device-hour of `hw` at a tier (before electricity): the cheapest matching offer for rented
 * tiers (region and commitments permitting), else the hardware's own tier price; purchase amortised over
 * `years` (+ `overhead` per device-hour on-premise) for owned tiers. Undefined when nothing prices it.
 */
export function devicePrice(
  catalog: Catalog,
  hw: Hardware,
  tier: PriceTier,
  opts: { region?: Region; commitments?: readonly Commitment[]; years: number; overhead: number },
): DevicePrice | undefined {
  if (tier === 'hyperscaler' || tier === 'marketplace') {
    const q: OfferQuery = {
      hardware: hw.id,
      commitments: opts.commitments ?? ['on-demand'],
      kinds: TIER_KINDS[tier],
      ...(opts.region ? { region: opts.region } : {}),
    };
    const offer = cheapestOffer(catalog, q);
    if (offer) {
      return {
        usdPerDeviceHour: offer.usdPerGpuHour,
        offer,
        basis: `${offer.provider} ${offer.instance} ${offer.commitment} $${offer.usdPerGpuHour}/GPU-h`,
      };
    }
    const listed = tier === 'hyperscaler' ? hw.prices.hyperscalerPerHour : hw.prices.marketplacePerHour;
    return listed === undefined
      ? undefined
      : { usdPerDeviceHour: listed, basis: `catalog ${tier} price $${listed}/h` };
  }
  const buy = hw.prices.purchaseUsd;
  if (buy === undefined) return undefined;
  const extra = tier === 'onprem' ? opts.overhead : 0;
  return {
    usdPerDeviceHour: buy / (opts.years * 8760) + extra,
    basis: `purchase $${buy.toLocaleString('en-US')} over ${opts.years} y${extra ? ` + $${extra}/h` : ''}`,
  };
}
