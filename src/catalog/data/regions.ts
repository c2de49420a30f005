// Grid regions: carbon intensity (location-based annual average), electricity price and typical PUE.
import type { RegionInput } from '../schema.js';

export const REGIONS: RegionInput[] = [
  {
    id: 'world',
    name: 'World average',
    aliases: ['global'],
    gridGCo2ePerKwh: 473,
    electricityUsdPerKwh: 0.1,
    pue: 1.2,
    source: 'Ember Global Electricity Review 2025 (2024 world average)',
    asOf: '2025-04',
  },
];
