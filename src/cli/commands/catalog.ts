// `margin catalog`: list the catalog (API prices, open-weight model facts, hardware, regions, GPU offers),
// import LiteLLM's price file as an overlay, and check or update prices against another price database.
import { readFileSync, writeFileSync } from 'node:fs';
import { defaultCatalog } from '../../catalog/index.js';
import { importLiteLlm } from '../../catalog/litellm-import.js';
import { compareKinds, findOffers } from '../../catalog/offers.js';
import type { ModelPrice, PriceTier } from '../../catalog/schema.js';
import { defaultPolicy, isRetired, isStale, type StalenessPolicy } from '../../catalog/staleness.js';
import { MarginError } from '../../errors/index.js';
import { type Row, renderRows, toJson } from '../../report/format.js';
import { formatOption, parseCommandArgs } from '../args.js';
import type { Command, CommandIO } from '../command.js';
import { checkCommand, terminalAsk, updateCommand } from './catalog-sync.js';

const help = `Usage: margin catalog <models|facts|hardware|regions|offers> [--format table|json|csv] [--provider P] [--gpu ID]
       margin catalog import <litellm-json-file> [--out <path>]
       margin catalog check --against <litellm-json-file | genai-prices-data.json | genai-prices>
       margin catalog update --from <same> [--accept id,... | --accept-all] [--out <path>]

  models     API prices, US dollars per million tokens (--provider to filter); status flags retired and
             deprecated models and prices older than MARGIN_CATALOG_MAX_AGE_DAYS (default 180)
  facts      open-weight model architecture facts (layers, heads, KV heads, context, native precision...)
  hardware   accelerators: memory, bandwidth, dense TFLOPs, TDP, $/hour by tier, embodied CO2e
  regions    grid regions: gCO2e/kWh (location- and market-based), electricity $/kWh, PUE
  offers     GPU offers: provider × accelerator × region × commitment, $/GPU-hour (--gpu to filter), and
             how much cheaper marketplaces are than hyperscalers and GPU clouds
  import     convert LiteLLM's model_prices_and_context_window.json into a catalog overlay file
             (default ./margin.catalog.json); load overlays with MARGIN_CATALOG=path[:path...]
  check      list every price where the catalog and the other database disagree (known, explained
             differences are marked); 'genai-prices' uses the installed @pydantic/genai-prices data
  update     the same list, then write an overlay (default ./margin.catalog.json) adopting the other
             database's figures only for the models accepted: --accept id,..., --accept-all, or a
             yes/no question per model on a terminal

JSON output lists the full catalog entries, with their source and asOf.
`;

const tierText = (t: PriceTier | undefined): string => (t ? `${t.input}/${t.output}` : '');

function status(p: ModelPrice, policy: StalenessPolicy): string {
  const lc = p.lifecycle;
  const parts: string[] = [];
  if (lc?.retired) parts.push(isRetired(p, policy.now) ? `retired ${lc.retired}` : `retiring ${lc.retired}`);
  else if (lc?.deprecated) parts.push(`deprecated ${lc.deprecated}`);
  if (isStale(p.asOf, policy)) parts.push('stale');
  return parts.join(', ');
}

function priceRow(p: ModelPrice, policy: StalenessPolicy): Row {
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
    status: status(p, policy),
  };
}

function listOffers(format: 'table' | 'json' | 'csv', gpu: string | undefined, io: CommandIO): number {
  const c = defaultCatalog();
  const offers = findOffers(c, gpu === undefined ? {} : { hardware: gpu });
  const kinds = compareKinds(c).filter((k) => gpu === undefined || k.hardware === c.device(gpu).id);
  if (format === 'json') {
    io.stdout(toJson({ offers, marketplaceComparison: kinds }));
    return 0;
  }
  const policy = defaultPolicy();
  const rows = offers.map((o) => ({
    provider: o.provider,
    kind: o.kind,
    gpu: o.hardware,
    region: o.region,
    commitment: o.commitment,
    usdPerGpuHour: o.usdPerGpuHour,
    instance: `${o.instance} (${o.gpusPerInstance})`,
    asOf: o.asOf,
    note: [o.estimated ? 'estimate' : '', isStale(o.asOf, policy) ? 'stale' : ''].filter(Boolean).join(', '),
  }));
  io.stdout(renderRows(rows, format));
  if (format === 'csv') return 0;
  const pct = (x: number | undefined) => (x === undefined ? 'n/a' : `${Math.round(x * 100)}%`);
  io.stdout(
    '\nmarketplace (Vast.ai, RunPod) on-demand median vs hyperscalers (AWS, Azure, GCP) and GPU clouds:\n',
  );
  for (const k of kinds) {
    io.stdout(
      `  ${k.hardware}: marketplace $${k.marketplace?.toFixed(2)}/GPU-h, ${pct(k.vsHyperscaler)} below hyperscalers, ${pct(k.vsNeocloud)} below GPU clouds\n`,
    );
  }
  return 0;
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
    const policy = defaultPolicy();
    io.stdout(
      format === 'json'
        ? toJson(all)
        : renderRows(
            all.map((p) => priceRow(p, policy)),
            format,
          ),
    );
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
      native: m.nativePrecision ?? '',
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
      embodiedKg: h.embodied?.kgCo2ePerDevice,
    }));
    io.stdout(format === 'json' ? toJson(c.hardware.all) : renderRows(rows, format));
    return 0;
  }
  const rows = c.regions.all.map((r) => ({
    id: r.id,
    name: r.name,
    gCo2ePerKwh: r.gridGCo2ePerKwh,
    marketGCo2ePerKwh: r.marketGCo2ePerKwh,
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
      `${result.withoutEnergy.length} imported model${result.withoutEnergy.length === 1 ? ' has' : 's have'} no energy basis (not in the shipped catalog): ` +
        'they are priced, with energy and CO2e shown as unknown; add energy.modelFacts or energy.activeParamsB to meter them.\n',
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
      {
        format: { type: 'string' },
        provider: { type: 'string' },
        out: { type: 'string' },
        gpu: { type: 'string' },
        against: { type: 'string' },
        from: { type: 'string' },
        accept: { type: 'string' },
        'accept-all': { type: 'boolean' },
      },
      true,
    );
    const [what, ...rest] = positionals;
    const format = formatOption(values.format) as 'table' | 'json' | 'csv';
    if (what === 'check' || what === 'update') {
      const spec = what === 'check' ? values.against : values.from;
      if (!spec || rest.length > 0) {
        throw new MarginError(
          'MARGIN_ERR_BAD_ARGUMENT',
          what === 'check'
            ? 'usage: margin catalog check --against <litellm-json | genai-prices-json | genai-prices>'
            : 'usage: margin catalog update --from <litellm-json | genai-prices-json | genai-prices> [--accept id,... | --accept-all]',
        );
      }
      if (what === 'check') return checkCommand(defaultCatalog(), spec, format, io);
      if (values.accept !== undefined && values['accept-all']) {
        throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', '--accept and --accept-all exclude each other');
      }
      const accept = values.accept
        ?.split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      return updateCommand(
        defaultCatalog(),
        spec,
        {
          accept,
          acceptAll: values['accept-all'] ?? false,
          out: values.out ?? 'margin.catalog.json',
          ask: terminalAsk(),
        },
        io,
      );
    }
    if (what === 'offers') {
      if (rest.length > 0)
        throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', 'usage: margin catalog offers [--gpu ID]');
      return listOffers(format, values.gpu, io);
    }
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
        `expected one of models|facts|hardware|regions|offers|import|check|update (got '${positionals.join(' ')}')`,
      );
    }
    return list(what, format, values.provider, io);
  },
};
