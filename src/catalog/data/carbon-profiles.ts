// Typical-week grid carbon intensity per catalog region, by UTC hour (the scheduler's low-carbon signal).
// These are TYPICAL-DAY SHAPES, not measurements: each region's published average daily pattern (solar
// midday dip, evening peak, quieter nights, lower weekends) is written as a few relative amplitudes in local
// time, evaluated per hour, and scaled so the week's mean equals the catalog's annual average intensity of
// the region (regions.ts, which carries its own source). The amplitudes are approximate readings of the
// sources named per region, rounded to 0.05 for the large ones; daylight saving time is ignored (standard
// local time all year); seasons are averaged away. A user file or URL replaces them (docs/deferral.md).
import type { CarbonProfileInput, RegionInput } from '../schema.js';
import { REGIONS } from './regions.js';

const AS_OF = '2026-12';

/** Shape of a region's typical week, relative to its mean (local standard time). */
interface Shape {
  /** UTC offset of local standard time, hours. */
  utcOffset: number;
  /** Depth of the midday solar dip (0.4 = 40% below the mean at solar noon). */
  solar: number;
  /** Height of the evening demand peak around 19:00 local (gas / coal peakers). */
  evening: number;
  /** Change in the small hours around 03:30 local (negative: low demand, wind; positive: baseload share). */
  night: number;
  /** Change on Saturday and Sunday (negative: lower demand, less fossil on the margin). */
  weekend: number;
  source: string;
}

const EMAPS =
  'Electricity Maps, hourly carbon intensity history (app.electricitymaps.com), typical daily pattern';
const EIA_GRID =
  'EIA Hourly Electric Grid Monitor (eia.gov/electricity/gridmonitor), hourly generation by source';
const ENTSOE = 'ENTSO-E Transparency Platform, actual generation per production type (hourly)';
const FLAT = 'hydro / geothermal / nuclear dominated grid: no material daily pattern';

const SHAPES: Record<string, Shape> = {
  // A world average mixes every time zone: no single daily shape.
  world: {
    utcOffset: 0,
    solar: 0,
    evening: 0,
    night: 0,
    weekend: 0,
    source: 'global average: flat by construction',
  },
  us: {
    utcOffset: -6,
    solar: 0.08,
    evening: 0.06,
    night: 0,
    weekend: -0.03,
    source: `${EIA_GRID} (Lower 48)`,
  },
  'us-virginia': {
    utcOffset: -5,
    solar: 0.04,
    evening: 0.06,
    night: -0.02,
    weekend: -0.03,
    source: `${EIA_GRID} (PJM, Dominion zone); ${EMAPS} US-MIDA-PJM`,
  },
  'us-texas': {
    utcOffset: -6,
    solar: 0.15,
    evening: 0.1,
    night: -0.05,
    weekend: -0.03,
    source: `${EIA_GRID} (ERCOT: night wind, midday solar); ${EMAPS} US-TEX-ERCO`,
  },
  'us-california': {
    utcOffset: -8,
    solar: 0.4,
    evening: 0.15,
    night: 0.05,
    weekend: -0.03,
    source: `${EIA_GRID} (CAISO duck curve: midday solar, evening gas ramp); EIA Today in Energy on the CAISO duck curve; ${EMAPS} US-CAL-CISO`,
  },
  'us-oregon': {
    utcOffset: -8,
    solar: 0.05,
    evening: 0.05,
    night: 0,
    weekend: -0.02,
    source: `${EIA_GRID} (BPA, hydro); ${EMAPS} US-NW-BPAT`,
  },
  'ca-quebec': {
    utcOffset: -5,
    solar: 0,
    evening: 0.03,
    night: 0,
    weekend: 0,
    source: `${EMAPS} CA-QC; ${FLAT}`,
  },
  iceland: { utcOffset: 0, solar: 0, evening: 0, night: 0, weekend: 0, source: `${EMAPS} IS; ${FLAT}` },
  norway: { utcOffset: 1, solar: 0, evening: 0.03, night: 0, weekend: 0, source: `${ENTSOE} (NO); ${FLAT}` },
  sweden: {
    utcOffset: 1,
    solar: 0.02,
    evening: 0.05,
    night: -0.02,
    weekend: -0.02,
    source: `${ENTSOE} (SE); ${EMAPS} SE`,
  },
  finland: {
    utcOffset: 2,
    solar: 0.03,
    evening: 0.06,
    night: -0.03,
    weekend: -0.03,
    source: `${ENTSOE} (FI); ${EMAPS} FI`,
  },
  france: {
    utcOffset: 1,
    solar: 0.08,
    evening: 0.15,
    night: -0.05,
    weekend: -0.05,
    source: `${ENTSOE} (FR); RTE eco2mix CO2 per kWh (gas peakers at the evening peak); ${EMAPS} FR`,
  },
  germany: {
    utcOffset: 1,
    solar: 0.25,
    evening: 0.1,
    night: 0.02,
    weekend: -0.08,
    source: `${ENTSOE} (DE: midday solar, lignite/gas evenings); Agora Energiewende Agorameter; ${EMAPS} DE`,
  },
  netherlands: {
    utcOffset: 1,
    solar: 0.25,
    evening: 0.08,
    night: 0,
    weekend: -0.06,
    source: `${ENTSOE} (NL: midday solar, gas on the margin); ${EMAPS} NL`,
  },
  belgium: {
    utcOffset: 1,
    solar: 0.15,
    evening: 0.1,
    night: -0.05,
    weekend: -0.05,
    source: `${ENTSOE} (BE); ${EMAPS} BE`,
  },
  ireland: {
    utcOffset: 0,
    solar: 0.05,
    evening: 0.08,
    night: -0.05,
    weekend: -0.04,
    source: `EirGrid Smart Grid Dashboard CO2 intensity; ${EMAPS} IE`,
  },
  uk: {
    utcOffset: 0,
    solar: 0.12,
    evening: 0.2,
    night: -0.15,
    weekend: -0.1,
    source:
      'UK NESO Carbon Intensity API (carbonintensity.org.uk), national half-hourly intensity: cleanest in the small hours and on weekends, highest on weekday evenings',
  },
  japan: {
    utcOffset: 9,
    solar: 0.15,
    evening: 0.06,
    night: 0,
    weekend: -0.03,
    source: `${EMAPS} JP-TK; OCCTO area supply-demand data`,
  },
  singapore: {
    utcOffset: 8,
    solar: 0.02,
    evening: 0.02,
    night: 0,
    weekend: -0.01,
    source: `${EMAPS} SG (gas: nearly flat)`,
  },
  india: {
    utcOffset: 5.5,
    solar: 0.12,
    evening: 0.05,
    night: 0.03,
    weekend: -0.02,
    source: `Grid-India (POSOCO) daily generation reports (midday solar, coal at night); ${EMAPS} IN`,
  },
  australia: {
    utcOffset: 10,
    solar: 0.35,
    evening: 0.1,
    night: 0.05,
    weekend: -0.03,
    source: `AEMO NEM dispatch data via OpenNEM (midday rooftop and utility solar); ${EMAPS} AU-NSW`,
  },
  brazil: {
    utcOffset: -3,
    solar: 0.08,
    evening: 0.06,
    night: 0,
    weekend: -0.02,
    source: `ONS Brazil hourly generation; ${EMAPS} BR-CS`,
  },
};

const bell = (x: number, centre: number, width: number) => Math.exp(-(((x - centre) / width) ** 2));

/** Relative intensity (mean ≈ 1 before scaling) at local hour `h` (0–23) of local weekday `dow`. */
function relative(s: Shape, dow: number, h: number): number {
  const x = h + 0.5;
  // Solar output between 06:00 and 20:00 local, peaking at 13:00.
  const sun = x > 6 && x < 20 ? Math.sin((Math.PI * (x - 6)) / 14) : 0;
  const weekend = dow === 0 || dow === 6 ? s.weekend : 0;
  return 1 - s.solar * sun + s.evening * bell(x, 19, 2.5) + s.night * bell(x, 3.5, 2.5) + weekend;
}

/** A typical week in UTC, scaled to mean `annual` g/kWh, rounded to whole grams. */
export function typicalWeek(s: Shape, annual: number): number[][] {
  const raw: number[][] = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  let sum = 0;
  for (let dow = 0; dow < 7; dow++) {
    for (let hUtc = 0; hUtc < 24; hUtc++) {
      const local = hUtc + s.utcOffset;
      const dayShift = Math.floor(local / 24);
      const lh = Math.floor(local - dayShift * 24);
      const v = Math.max(0.05, relative(s, (((dow + dayShift) % 7) + 7) % 7, lh));
      (raw[dow] as number[])[hUtc] = v;
      sum += v;
    }
  }
  const mean = sum / 168;
  return raw.map((day) => day.map((v) => Math.round((v / mean) * annual)));
}

function profile(r: RegionInput): CarbonProfileInput {
  const shape = SHAPES[r.id] ?? SHAPES.world;
  if (!shape) throw new Error('no world shape');
  return {
    region: r.id,
    gPerKwh: typicalWeek(shape, r.gridGCo2ePerKwh),
    estimated: true,
    note:
      `typical-day shape scaled to the catalog's annual average (${r.gridGCo2ePerKwh} g/kWh, ${r.source.split(';')[0]}); ` +
      `solar dip ${shape.solar}, evening peak ${shape.evening}, night ${shape.night}, weekend ${shape.weekend}, UTC${shape.utcOffset >= 0 ? '+' : ''}${shape.utcOffset}`,
    source: shape.source,
    asOf: AS_OF,
  };
}

/** One typical-week profile per catalog region. */
export const CARBON_PROFILES: CarbonProfileInput[] = REGIONS.map(profile);
