// The deployment options the planner compares: an API model at a price tier, or a self-hosted deployment
// (model × accelerator × count × precision × engine × tier × region).
import type { DevicePrice } from '../../catalog/offers.js';
import type { Hardware, ModelFacts, ModelPrice, Precision, Region } from '../../catalog/schema.js';
import type { Engine } from '../physics-port.js';

export type Tier = 'hyperscaler' | 'marketplace' | 'onprem' | 'edge';

export interface ApiOption {
  kind: 'api';
  id: string;
  price: ModelPrice;
  /** Region whose grid turns the meter's energy into CO2e. */
  region: Region;
}

export interface SelfHostedOption {
  kind: 'self-hosted';
  id: string;
  model: ModelFacts;
  hardware: Hardware;
  count: number;
  precision: Precision;
  engine: Engine;
  /** Per-device power limit, W, when the workload compares limits (else the device's TDP). */
  powerLimitW?: number;
  tier: Tier;
  region: Region;
  /** Dollars per device-hour before electricity, and the GPU offer it comes from when one matched. */
  price: DevicePrice;
}

export type PlanOption = ApiOption | SelfHostedOption;
