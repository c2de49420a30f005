// `margin catalog`: list the catalog (API prices, open-weight model facts, hardware, regions) and import
// LiteLLM's price file as an overlay.
import { readFileSync, writeFileSync } from 'node:fs';
import { defaultCatalog } from '../../catalog/index.js';
import { importLiteLlm } from '../../catalog/litellm-import.js';
import type { ModelPrice, PriceTier } from '../../catalog/schema.js';
import { MarginError } from '../../errors/index.js';
import { type Row, renderRows, toJson } from '../../report/format.js';
import { formatOption, parseCommandArgs } from '../args.js';
import type { Command, CommandIO } from '../command.js';

const help = `Usage: margin catalog <models|facts|hardware|regions> [--format table|json|csv] [--provider P]
       margin catalog import <litellm-json-file> [--out <path>]

  models     API prices, US dollars per million tokens (--provider to filter)
  facts      open-weight model architecture facts (layers, heads, KV heads, context...)
  hardware   accelerators: memory, bandwidth, dense TFLOPs, TDP, $/hour by tier
  regions    grid regions: gCO2e/kWh, electricity $/kWh, PUE
  import     convert LiteLLM's model_prices_and_context_window.json into a catalog overlay file
             (default ./margin.catalog.json); load overlays with MARGIN_CATALOG=path[:path...]

JSON output lists the full catalog entries, with their source and asOf.
`;

const tierText = (t: PriceTier | undefined): string => (t ? `${t.input}/${t.output}` : '');

function priceRow(p: ModelPrice): Row {
  const lc = p.longContext;
  return {
    id: p.id,
    provider: p.provider,
    input: p.price.input,
    output: p.price.output,
    cachedInput: p.price.cachedInput,
    cacheWrite5m: p.price.cacheWrite5m,
    cacheWrite1h: p.price.cacheWrite1h,
    batch: tierText(p.batch),
    longContext: lc ? `>${lc.thresholdTokens / 1000}k: ${lc.input}/${lc.output}` : '',
    context: p.contextWindow,
    asOf: p.asOf,
  };
}

function list(
  what: string,
  format: 'table' | 'json' | 'csv',
  provider: string | undefined,
  io: CommandIO,
): number {
  const c = defaultCatalog();
  if (what === 'models') {
    const all = c.prices.all.filter((p) => !provider || p.provider === provider);
    if (all.length === 0 && provider) {
      throw new MarginError(
        'MARGIN_ERR_BAD_ARGUMENT',
        `No models from provider '${provider}' in the catalog`,
      );
    }
    io.stdout(format === 'json' ? toJson(all) : renderRows(all.map(priceRow), format));
    return 0;
  }
  if (what === 'facts') {
    const rows = c.models.all.map((m) => ({
      id: m.id,
      family: m.family,
      totalB: m.paramsTotalB,
      activeB: m.paramsActiveB,
      layers: m.layers,
      hidden: m.hiddenSize,
      heads: m.attentionHeads,
      kvHeads: m.kvHeads,
      headDim: m.headDim,
      vocab: m.vocabSize,
      context: m.contextLength,
      moe: m.moe ? `${m.moe.activePerToken}/${m.moe.experts}` : '',
    }));
    io.stdout(format === 'json' ? toJson(c.models.all) : renderRows(rows, format));
    return 0;
  }
  if (what === 'hardware') {
    const rows = c.hardware.all.map((h) => ({
      id: h.id,
      vendor: h.vendor,
      memoryGB: h.memoryGB,
      bandwidthGBs: h.bandwidthGBs,
      bf16: h.tflops.bf16,
      fp8: h.tflops.fp8,
      fp4: h.tflops.fp4,
      tdpW: h.tdpW,
      link: `${h.interconnect.kind} ${h.interconnect.bandwidthGBs}GB/s x${h.interconnect.maxGroup}`,
      cloudPerHour: h.prices.hyperscalerPerHour,
      marketPerHour: h.prices.marketplacePerHour,
      purchaseUsd: h.prices.purchaseUsd,
    }));
    io.stdout(format === 'json' ? toJson(c.hardware.all) : renderRows(rows, format));
    return 0;
  }
  const rows = c.regions.all.map((r) => ({
    id: r.id,
    name: r.name,
    gCo2ePerKwh: r.gridGCo2ePerKwh,
    usdPerKwh: r.electricityUsdPerKwh,
    pue: r.pue,
    aliases: r.aliases.join(' '),
  }));
  io.stdout(format === 'json' ? toJson(c.regions.all) : renderRows(rows, format));
  return 0;
}

function importFile(file: string, out: string, io: CommandIO): number {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `Cannot read LiteLLM price file '${file}': ${why}`);
  }
  const asOf = new Date().toISOString().slice(0, 10);
  let result: ReturnType<typeof importLiteLlm>;
  try {
    result = importLiteLlm(json, { file, asOf, base: defaultCatalog() });
  } catch (err) {
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `'${file}': ${err instanceof Error ? err.message : err}`,
    );
  }
  const overlay = { source: `litellm import ${file}`, asOf, prices: result.prices };
  writeFileSync(out, toJson(overlay));
  const skipped = Object.values(result.skipped).reduce((a, b) => a + b, 0);
  const reasons = Object.entries(result.skipped)
    .sort((a, b) => b[1] - a[1])
    .map(([why, n]) => `${why}: ${n}`)
    .join(', ');
  io.stdout(`Imported ${result.imported} price entries from ${file} into ${out}.\n`);
  io.stdout(`Skipped ${skipped}${reasons ? ` (${reasons})` : ''}.\n`);
  if (result.withoutEnergy.length > 0) {
    io.stdout(
      `${result.withoutEnergy.length} imported models have no energy basis (not in the shipped catalog); ` +
        'add energy.modelFacts or energy.activeParamsB to meter their energy.\n',
    );
  }
  io.stdout(`Use it with: MARGIN_CATALOG=${out} margin price ...\n`);
  return 0;
}

export const command: Command = {
  name: 'catalog',
  summary: 'List or import models, hardware and regions',
  help,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { format: { type: 'string' }, provider: { type: 'string' }, out: { type: 'string' } },
      true,
    );
    const [what, ...rest] = positionals;
    if (what === 'import') {
      const file = rest[0];
      if (!file || rest.length > 1) {
        throw new MarginError(
          'MARGIN_ERR_BAD_ARGUMENT',
          'usage: margin catalog import <litellm-json-file> [--out <path>]',
        );
      }
      return importFile(file, values.out ?? 'margin.catalog.json', io);
    }
    if (!what || !['models', 'facts', 'hardware', 'regions'].includes(what) || rest.length > 0) {
      throw new MarginError(
        'MARGIN_ERR_BAD_ARGUMENT',
        `expected one of models|facts|hardware|regions|import (got '${positionals.join(' ')}')`,
      );
    }
    return list(what, formatOption(values.format) as 'table' | 'json' | 'csv', values.provider, io);
  },
};
