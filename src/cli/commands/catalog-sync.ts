// `margin catalog check|update`: the catalog against LiteLLM's price file or @pydantic/genai-prices, every
// disagreement listed, and an overlay written for the models the user accepts (--accept, --accept-all, or
// a yes/no question per model on a terminal).
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import type { Catalog } from '../../catalog/catalog.js';
import { acceptedOverlay, compareCatalog, comparedCount, type Disagreement } from '../../catalog/compare.js';
import {
  bundledGenaiPrices,
  type ExternalSource,
  genaiPricesSource,
  litellmSource,
} from '../../catalog/external.js';
import { MarginError } from '../../errors/index.js';
import { renderRows, toJson } from '../../report/format.js';
import type { CommandIO } from '../command.js';

/** A price database: the literal `genai-prices` (the installed package's data) or a JSON file of either kind. */
export async function loadSource(spec: string): Promise<ExternalSource> {
  if (spec === 'genai-prices') {
    try {
      return await bundledGenaiPrices();
    } catch (err) {
      throw new MarginError(
        'MARGIN_ERR_BAD_ARGUMENT',
        `cannot load @pydantic/genai-prices: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(spec, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `cannot read price file '${spec}': ${why}`);
  }
  try {
    // genai-prices' data.json is an array of providers; LiteLLM's file is an object keyed by model name.
    return Array.isArray(json)
      ? genaiPricesSource(json, `genai-prices (${spec})`)
      : litellmSource(json, spec);
  } catch (err) {
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `'${spec}': ${err instanceof Error ? err.message : err}`,
    );
  }
}

const rowOf = (d: Disagreement) => ({
  id: d.id,
  field: d.field,
  catalog: d.catalog,
  other: d.other,
  otherKey: d.otherKey,
  known: d.known ? 'known' : '',
});

function printDisagreements(
  catalog: Catalog,
  source: ExternalSource,
  found: Disagreement[],
  format: 'table' | 'json' | 'csv',
  io: CommandIO,
): void {
  if (format === 'json') {
    io.stdout(
      toJson({ source: source.label, compared: comparedCount(catalog, source), disagreements: found }),
    );
    return;
  }
  if (found.length) io.stdout(renderRows(found.map(rowOf), format));
  if (format === 'csv') return;
  const models = new Set(found.map((d) => d.id)).size;
  const known = found.filter((d) => d.known).length;
  io.stdout(
    `${comparedCount(catalog, source)} catalog models found in ${source.label}; ${found.length} disagreeing ` +
      `fields in ${models} models (${known} known and explained in src/catalog/data/known-differences.ts).\n`,
  );
}

export async function checkCommand(
  catalog: Catalog,
  spec: string,
  format: 'table' | 'json' | 'csv',
  io: CommandIO,
): Promise<number> {
  const source = await loadSource(spec);
  printDisagreements(catalog, source, compareCatalog(catalog, source), format, io);
  return 0;
}

export interface UpdateOptions {
  accept: string[] | undefined;
  acceptAll: boolean;
  out: string;
  /** Asks one yes/no question (a terminal); undefined when input is not interactive. */
  ask: ((question: string) => Promise<boolean>) | undefined;
}

/** Asks on the terminal (stdin/stderr), or undefined when stdin is not a TTY. */
export function terminalAsk(): UpdateOptions['ask'] {
  if (!process.stdin.isTTY) return undefined;
  return async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^y(es)?$/i.test((await rl.question(question)).trim());
    } finally {
      rl.close();
    }
  };
}

export async function updateCommand(
  catalog: Catalog,
  spec: string,
  opts: UpdateOptions,
  io: CommandIO,
): Promise<number> {
  const source = await loadSource(spec);
  const found = compareCatalog(catalog, source);
  printDisagreements(catalog, source, found, 'table', io);
  const ids = [...new Set(found.map((d) => d.id))];
  if (ids.length === 0) {
    io.stdout('Nothing to update.\n');
    return 0;
  }
  const unknown = (opts.accept ?? []).filter((id) => !ids.includes(id));
  if (unknown.length) {
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `--accept names models without a disagreement: ${unknown.join(', ')} (disagreeing: ${ids.join(', ')})`,
    );
  }
  let accepted: Set<string>;
  if (opts.acceptAll) accepted = new Set(ids);
  else if (opts.accept) accepted = new Set(opts.accept);
  else if (opts.ask) {
    accepted = new Set();
    for (const id of ids) {
      const fields = found
        .filter((d) => d.id === id)
        .map((d) => `${d.field} ${d.catalog ?? '-'} → ${d.other}`);
      if (await opts.ask(`Accept ${source.label} for ${id} (${fields.join(', ')})? [y/N] `)) accepted.add(id);
    }
  } else {
    io.stdout(
      'No overlay written: pass --accept <id,...> or --accept-all (or run on a terminal to be asked).\n',
    );
    return 0;
  }
  if (accepted.size === 0) {
    io.stdout('Nothing accepted; no overlay written.\n');
    return 0;
  }
  const asOf = new Date().toISOString().slice(0, 10);
  const prices = acceptedOverlay(catalog, found, accepted, { source: source.label, asOf });
  writeFileSync(opts.out, toJson({ source: `margin catalog update --from ${spec}`, asOf, prices }));
  io.stdout(`Wrote ${prices.length} accepted entries (${[...accepted].join(', ')}) to ${opts.out}.\n`);
  io.stdout(`Use it with: MARGIN_CATALOG=${opts.out} margin ...\n`);
  return 0;
}
