// `margin price`: the cost breakdown and energy/CO2e label of one request.
import { defaultCatalog } from '../../catalog/index.js';
import { defaultPolicy, priceWarnings } from '../../catalog/staleness.js';
import { MarginError } from '../../errors/index.js';
import {
  embodiedGPerDeviceHour,
  METER_DEFAULTS,
  makeUsage,
  marketIntensity,
  meter,
} from '../../meter/index.js';
import { renderRows, toJson } from '../../report/format.js';
import { formatOption, intOption, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';

const help = `Usage: margin price --model <id> --input N --output N [options]

Prints what one request costs (per token class), its energy (Wh, with low–high bounds) and CO2e (g:
location-based, market-based, and the accelerators' embodied emissions as a separate figure). Warns when
the price is older than MARGIN_CATALOG_MAX_AGE_DAYS (default 180) or the model is retired.

Options:
  --model <id>        provider model id or alias (gpt-4o, claude-sonnet-4-5, gemini-2.5-pro, ...)
  --input N           all prompt tokens (including --cached and --cache-write)
  --output N          all output tokens (including --reasoning)
  --cached N          part of --input read from the provider's prompt cache
  --cache-write N     part of --input written to the prompt cache (5-minute TTL)
  --cache-write-1h N  part of --input written to the prompt cache with a 1-hour TTL
  --reasoning N       part of --output spent on reasoning
  --batch             price at the provider's batch API rates
  --flex              price at the provider's flex / low-priority rates
  --at <time>         when the request runs (RFC 3339, e.g. 2026-03-03T17:00:00Z): applies the model's
                      time-of-day price windows (off-peak discounts); default: none applied
  --region <id>       grid region for CO2e (default: world)
  --format <f>        table | json | csv (default: table)
`;

export const command: Command = {
  name: 'price',
  summary: 'Price one request: cost breakdown, energy, CO2e',
  help,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      model: { type: 'string' },
      input: { type: 'string' },
      output: { type: 'string' },
      cached: { type: 'string' },
      'cache-write': { type: 'string' },
      'cache-write-1h': { type: 'string' },
      reasoning: { type: 'string' },
      batch: { type: 'boolean' },
      flex: { type: 'boolean' },
      at: { type: 'string' },
      region: { type: 'string' },
      format: { type: 'string' },
    });
    const format = formatOption(values.format);
    if (!values.model) throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', '--model is required');
    if (values.batch && values.flex)
      throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', '--batch and --flex exclude each other');
    const usage = makeUsage({
      inputTokens: intOption(values.input, '--input'),
      outputTokens: intOption(values.output, '--output'),
      cacheReadTokens: intOption(values.cached, '--cached', 0),
      cacheWrite5mTokens: intOption(values['cache-write'], '--cache-write', 0),
      cacheWrite1hTokens: intOption(values['cache-write-1h'], '--cache-write-1h', 0),
      reasoningTokens: intOption(values.reasoning, '--reasoning', 0),
      kind: values.batch ? 'batch' : values.flex ? 'flex' : 'sync',
    });
    const at = values.at === undefined ? undefined : Date.parse(values.at);
    if (at !== undefined && Number.isNaN(at)) {
      throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `--at '${values.at}' is not an RFC 3339 time`);
    }
    const catalog = defaultCatalog();
    const policy = defaultPolicy();
    // A model with no energy basis (e.g. one imported from LiteLLM) is still priced; its energy is unknown.
    const label = meter(values.model, usage, {
      catalog,
      requireEnergy: false,
      ...(values.region ? { region: values.region } : {}),
      ...(at === undefined ? {} : { at }),
    });
    const energyKnown = !label.energyMethod.startsWith('none');
    const known = (x: number) => (energyKnown ? x : null);
    const price = catalog.price(label.model);
    const warnings = priceWarnings(price, policy);
    if (format === 'json') {
      const region = catalog.region(label.region);
      const hw = catalog.device(METER_DEFAULTS.hardware);
      io.stdout(
        toJson(
          {
            model: label.model,
            provider: label.provider,
            tier: label.tier,
            usage,
            costUsd: label.costUsd,
            uncachedUsd: label.uncachedUsd,
            energyKnown,
            energyWh: known(label.energyWh),
            energyWhLow: known(label.energyWhLow),
            energyWhHigh: known(label.energyWhHigh),
            co2eG: known(label.co2eG),
            co2e: {
              locationG: known(label.co2eG),
              marketG: known(label.co2eMarketG),
              embodiedG: known(label.embodiedCo2eG),
              basis: {
                location: { gPerKwh: region.gridGCo2ePerKwh, source: region.source },
                market: {
                  gPerKwh: marketIntensity(region),
                  source:
                    region.marketSource ??
                    'no residual-mix figure for this region: location-based intensity used',
                },
                embodied: {
                  gPerDeviceHour: embodiedGPerDeviceHour(hw),
                  hardware: hw.id,
                  source: hw.embodied?.source ?? 'no embodied-emissions figure for this hardware',
                },
              },
            },
            region: label.region,
            energyMethod: label.energyMethod,
            estimated: label.estimated,
            priceAsOf: price.asOf,
            priceSource: price.source,
            stale: warnings.some((w) => w.startsWith('price of')),
            warnings,
            notes: label.notes,
          },
          true,
        ),
      );
      for (const w of warnings) io.stderr(`warning: ${w}\n`);
      return 0;
    }
    const c = label.costUsd;
    const rows = [
      {
        item: 'input',
        tokens:
          usage.inputTokens - usage.cacheReadTokens - usage.cacheWrite5mTokens - usage.cacheWrite1hTokens,
        usd: c.input,
      },
      { item: 'cached input', tokens: usage.cacheReadTokens, usd: c.cachedInput },
      { item: 'cache write', tokens: usage.cacheWrite5mTokens + usage.cacheWrite1hTokens, usd: c.cacheWrite },
      { item: 'output', tokens: usage.outputTokens - usage.reasoningTokens, usd: c.output },
      { item: 'reasoning', tokens: usage.reasoningTokens, usd: c.reasoning },
      { item: 'total', tokens: usage.inputTokens + usage.outputTokens, usd: c.total },
    ];
    if (format === 'csv') {
      io.stdout(renderRows(rows, 'csv'));
      return 0;
    }
    io.stdout(`${label.model} (${label.provider}), ${label.tier} pricing\n`);
    io.stdout(renderRows(rows, 'table'));
    const p3 = (x: number) => x.toPrecision(3);
    if (!energyKnown) {
      io.stdout(
        `energy and CO2e unknown: the catalog has no energy basis for ${label.model} (add energy.modelFacts or energy.activeParamsB to its entry to meter them)\n`,
      );
    } else
      io.stdout(
        `energy ${p3(label.energyWh)} Wh (${p3(label.energyWhLow)}–${p3(label.energyWhHigh)}) · CO2e ${p3(label.co2eG)} g location-based, ${p3(label.co2eMarketG)} g market-based, +${p3(label.embodiedCo2eG)} g embodied (${label.region}; ${label.energyMethod}${label.estimated ? '; estimate' : ''})\n`,
      );
    io.stdout(`price as of ${price.asOf}: ${price.source}\n`);
    for (const n of label.notes) if (energyKnown || !/no energy basis/.test(n)) io.stdout(`note: ${n}\n`);
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    return 0;
  },
};
