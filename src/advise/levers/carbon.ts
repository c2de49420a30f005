// A lower-carbon region: the measured energy of the window (the meter's facility energy in each record)
// moved to the catalog region with the lowest grid intensity. The current region is the one whose grid
// intensity the records imply (CO2e ÷ energy); CO2e in another region comes from the meter's
// operationalLabel on the same IT energy (facility energy ÷ the current region's PUE). No dollar figure.
import type { Region } from '../../catalog/schema.js';
import { operationalLabel } from '../../meter/index.js';
import { DAYS_PER_MONTH, monthly } from '../stats.js';
import type { AdviseInput, Finding } from '../types.js';

/** Only a region at least this much lower (share of the current CO2e) is worth a move. */
const MIN_SHARE = 0.2;

export function lowerCarbonRegion(input: AdviseInput): Finding[] {
  let wh = 0;
  let g = 0;
  const recs = input.records.filter((r) => r.energyWh > 0 && r.co2eG > 0);
  for (const r of recs) {
    wh += r.energyWh;
    g += r.co2eG;
  }
  if (wh <= 0) return [];
  const implied = g / (wh / 1000);
  const regions = input.catalog.regions.all;
  let current: Region | undefined;
  for (const r of regions)
    if (!current || Math.abs(r.gridGCo2ePerKwh - implied) < Math.abs(current.gridGCo2ePerKwh - implied))
      current = r;
  if (!current) return [];
  let best: Region | undefined;
  for (const r of regions) if (!best || r.gridGCo2ePerKwh * r.pue < best.gridGCo2ePerKwh * best.pue) best = r;
  if (!best || best.id === current.id) return [];
  const it = (e: number) => ({ itWh: e / current.pue, lowItWh: e / current.pue, highItWh: e / current.pue });
  const perRecordKg = recs.map((r) => (r.co2eG - operationalLabel(it(r.energyWh), best).co2eG) / 1000);
  const est = monthly(perRecordKg, input.spanDays, input.seed + 4);
  const nowKg = (g / 1000) * (DAYS_PER_MONTH / input.spanDays);
  if (est.usdPerMonth < MIN_SHARE * nowKg) return [];
  const after = operationalLabel(it(wh), best).co2eG / 1000;
  // The cleanest region where the catalog lists GPU offers (a self-hosted fleet can go there today).
  const offered = new Set(input.catalog.offers.all.map((o) => o.region));
  let gpu: Region | undefined;
  for (const r of regions)
    if (offered.has(r.id) && (!gpu || r.gridGCo2ePerKwh * r.pue < gpu.gridGCo2ePerKwh * gpu.pue)) gpu = r;
  const gpuKg = gpu ? (operationalLabel(it(wh), gpu).co2eG / 1000) * (DAYS_PER_MONTH / input.spanDays) : 0;
  return [
    {
      id: `region:${best.id}`,
      title: `Run in ${best.name} (${best.gridGCo2ePerKwh} g/kWh) rather than ${current.name}: ${Math.round((est.usdPerMonth / nowKg) * 100)}% less CO2e`,
      usdPerMonth: 0,
      usdPerMonthLow: 0,
      usdPerMonthHigh: 0,
      co2eKgPerMonth: est.usdPerMonth,
      confidence: est.confidence,
      explain: [
        `${recs.length.toLocaleString('en-US')} records with metered energy: ${wh.toFixed(1)} Wh, ${(g / 1000).toFixed(3)} kg CO2e → ${implied.toFixed(0)} g/kWh, the grid of ${current.name} (${current.id}, PUE ${current.pue})`,
        `same IT energy (${(wh / current.pue).toFixed(1)} Wh) in ${best.name} (${best.id}): × PUE ${best.pue} × ${best.gridGCo2ePerKwh} g/kWh = ${after.toFixed(3)} kg (the meter's operationalLabel)`,
        `per month: ${nowKg.toFixed(2)} kg now → ${(nowKg - est.usdPerMonth).toFixed(2)} kg; ${est.usdPerMonth.toFixed(2)} kg CO2e less (90% bootstrap ${est.usdPerMonthLow.toFixed(2)}–${est.usdPerMonthHigh.toFixed(2)} kg)`,
        ...(gpu && gpu.id !== best.id && gpu.id !== current.id && gpuKg < nowKg
          ? [
              `among regions with GPU offers in the catalog, ${gpu.name} (${gpu.gridGCo2ePerKwh} g/kWh, PUE ${gpu.pue}) gives ${gpuKg.toFixed(2)} kg a month (${(nowKg - gpuKg).toFixed(2)} kg less)`,
            ]
          : []),
        "no dollar figure: a region changes CO2e, and its prices are the provider's; API providers serve from their own regions (pick a regional endpoint where they offer one), self-hosted fleets choose their region (margin plan --from-ledger with candidates.regions)",
      ],
    },
  ];
}
