// `margin report`: spend, tokens, energy and CO2e from the ledger, grouped by a dimension over a time range.

import { defaultCatalog } from '../../catalog/index.js';
import { MarginError } from '../../errors/index.js';
import {
  DEFAULT_LEDGER_URL,
  GROUP_BY,
  type GroupBy,
  type LedgerFilter,
  openStore,
  redact,
} from '../../ledger/index.js';
import { type Row, renderRows, toJson } from '../../report/format.js';
import { buildReport, type ReportRow } from '../../report/ledger-report.js';
import { leverReport, leverRows } from '../../report/lever-report.js';
import { parseRange } from '../../report/range.js';
import { formatOption, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';

const help = `Usage: margin report [options]

Totals from the ledger per group: requests, errors, tokens, cost, savings, energy, CO2e, latency.

Options:
  --ledger <url|path>  sqlite:./margin.db (default; env MARGIN_LEDGER overrides), a file path,
                       or postgres://user@host/db?schema=name
  --since <t>          start: 7d, 24h, 30m, 2w, or a date/time 2026-11-01[T13:00[Z]] (UTC); default 30d
  --until <t>          end (exclusive), same forms; default now
  --by <dim>           ${GROUP_BY.join('|')}|lever (default model); lever = what each cost lever saved
                       (cache, prompt caching, routing, batch: batch tiers and deferral), from the raw records
  --model <id>         only this (served) model       --provider <name>  only this provider
  --key <id>           only this API key              --tenant <name>    only this tenant
  --format <f>         table | json | csv (default table)

Whole hours and days are read from rollups, so month reports stay fast; p50/p95 latency is exact from
raw rows when the range holds at most 200,000 records and omitted (with a note) above that.
`;

function rowOut(by: string, r: ReportRow): Row {
  const round = (v: number, d: number) => Number(v.toFixed(d));
  return {
    // A request that failed before its model was known still says what was asked for; '' never shows blank.
    [by]: r.group === null || r.group === '' ? '(none)' : r.group,
    requests: r.requests,
    errors: r.errors,
    input_tokens: r.inputTokens,
    cached_tokens: r.cachedTokens,
    output_tokens: r.outputTokens,
    // Money and energy at full precision: the table shows 6 significant digits, CSV the output rounding.
    cost_usd: r.costUsd,
    saved_usd: r.savedUsd,
    energy_wh: r.energyWh,
    co2e_g: r.co2eG,
    avg_ms: r.avgLatencyMs === null ? null : round(r.avgLatencyMs, 1),
    p50_ms: r.p50LatencyMs === null ? null : round(r.p50LatencyMs, 1),
    p95_ms: r.p95LatencyMs === null ? null : round(r.p95LatencyMs, 1),
  };
}

export const command: Command = {
  name: 'report',
  summary: 'Report spend, energy and CO2e from the ledger',
  help,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      ledger: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      by: { type: 'string' },
      model: { type: 'string' },
      provider: { type: 'string' },
      key: { type: 'string' },
      tenant: { type: 'string' },
      format: { type: 'string' },
    });
    const format = formatOption(values.format);
    const by = (values.by ?? 'model') as GroupBy;
    if (values.by === 'lever') return reportLevers(values, format, io);
    if (!(GROUP_BY as readonly string[]).includes(by)) {
      throw new MarginError(
        'MARGIN_ERR_BAD_ARGUMENT',
        `--by must be one of ${GROUP_BY.join('|')} (got '${values.by}')`,
      );
    }
    const range = parseRange({ since: values.since, until: values.until });
    const filter: LedgerFilter = {};
    for (const k of ['model', 'provider', 'key', 'tenant'] as const) {
      const v = values[k];
      if (v !== undefined) filter[k] = v;
    }
    const url = values.ledger ?? process.env.MARGIN_LEDGER ?? DEFAULT_LEDGER_URL;
    const store = await openStore(url, false);
    try {
      const report = await buildReport(store, { range, by, filter });
      if (format === 'json') {
        io.stdout(toJson({ ledger: redact(url), ...report }));
        return 0;
      }
      const rows = report.rows.map((r) => rowOut(by, r));
      if (format === 'csv') {
        io.stdout(renderRows(rows, 'csv', Object.keys(rowOut(by, report.total))));
        return 0;
      }
      io.stdout(`ledger ${redact(url)} · ${report.from} → ${report.to} · by ${by}\n`);
      const withTotal = rows.length > 1 ? [...rows, rowOut(by, { ...report.total, group: 'TOTAL' })] : rows;
      io.stdout(renderRows(withTotal, 'table', Object.keys(rowOut(by, report.total))));
      for (const n of report.notes) io.stdout(`note: ${n}\n`);
      return 0;
    } finally {
      await store.close();
    }
  },
};

/** `--by lever`: each lever's saving over the range (src/report/lever-report.ts). */
async function reportLevers(
  values: Record<string, string | boolean | undefined>,
  format: ReturnType<typeof formatOption>,
  io: Parameters<Command['run']>[1],
): Promise<number> {
  const range = parseRange({
    since: values.since as string | undefined,
    until: values.until as string | undefined,
  });
  const filter: LedgerFilter = {};
  for (const k of ['model', 'provider', 'key', 'tenant'] as const) {
    const v = values[k];
    if (typeof v === 'string') filter[k] = v;
  }
  const url = (values.ledger as string | undefined) ?? process.env.MARGIN_LEDGER ?? DEFAULT_LEDGER_URL;
  const store = await openStore(url, false);
  try {
    const { report, truncated } = await leverReport(store, defaultCatalog(), range, filter);
    if (format === 'json') {
      io.stdout(`${JSON.stringify({ ledger: redact(url), ...report, truncated }, null, 2)}\n`);
      return 0;
    }
    const rows = leverRows(report);
    if (format !== 'csv') io.stdout(`ledger ${redact(url)} · by lever\n`);
    io.stdout(renderRows(rows, format === 'csv' ? 'csv' : 'table', Object.keys(rows[0] ?? {})));
    if (truncated) io.stdout('note: the newest 500000 records of the range were read\n');
    return 0;
  } finally {
    await store.close();
  }
}
