// Loads per-prompt routing outcomes (files in the formats of ../shared/routing) into one row shape:
// prompt text plus, per model, whether it answered correctly and what the call cost.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { MarginError } from '../../errors/index.js';
import { hashString } from '../../util/rng.js';
import { parsePythonStringList } from './python-list.js';

export interface Outcome {
  correct: number;
  costUsd: number;
  /** The model's answer text, when the data has it (used to simulate cascades). */
  response?: string;
}

export interface RoutingRow {
  id: string;
  /** Benchmark the row comes from (e.g. `arc-challenge`, `mbpp`, `winogrande`). */
  dataset: string;
  prompt: string;
  outcomes: Record<string, Outcome>;
}

/** The 11 models RouterBench scores, in its column spelling. */
export const ROUTERBENCH_MODELS = [
  'gpt-4-1106-preview',
  'gpt-3.5-turbo-1106',
  'claude-v1',
  'claude-v2',
  'claude-instant-v1',
  'meta/llama-2-70b-chat',
  'mistralai/mixtral-8x7b-chat',
  'mistralai/mistral-7b-chat',
  'zero-one-ai/Yi-34B-Chat',
  'meta/code-llama-instruct-34b-chat',
  'WizardLM/WizardLM-13B-V1.2',
] as const;

export const ROUTERBENCH_STRONG = 'gpt-4-1106-preview';

/** Parses one RouterBench CSV (text); rows with a blank score for any present model are skipped. */
export function parseRouterBenchCsv(
  text: string,
  fallbackDataset: string,
): { rows: RoutingRow[]; skipped: number } {
  const records = parse(text, { columns: true, relax_quotes: true, skip_empty_lines: true }) as Array<
    Record<string, string>
  >;
  const rows: RoutingRow[] = [];
  let skipped = 0;
  for (const r of records) {
    const models = ROUTERBENCH_MODELS.filter((m) => m in r);
    if (models.length === 0) {
      throw new MarginError(
        'MARGIN_ERR_BAD_ARGUMENT',
        'RouterBench file has none of the expected model columns',
      );
    }
    const outcomes: Record<string, Outcome> = {};
    let ok = true;
    for (const m of models) {
      const score = r[m];
      const cost = r[`${m}|total_cost`];
      if (score === undefined || score.trim() === '' || cost === undefined || cost.trim() === '') {
        ok = false;
        break;
      }
      const response = r[`${m}|model_response`];
      outcomes[m] = { correct: Number(score) >= 0.5 ? 1 : 0, costUsd: Number(cost) };
      if (response) outcomes[m].response = parsePythonStringList(response).join('\n');
    }
    if (!ok) {
      skipped++;
      continue;
    }
    const sampleId = r['sample_id'] ?? String(rows.length);
    rows.push({
      id: sampleId,
      dataset: (r['eval_name'] || sampleId.split('.')[0] || fallbackDataset).replace(/\.test.*$/, ''),
      prompt: parsePythonStringList(r['prompt'] ?? '').join('\n'),
      outcomes,
    });
  }
  return { rows, skipped };
}

/** Loads every `routerbench_*.csv` in a directory. */
export function loadRouterBenchDir(dir: string): { rows: RoutingRow[]; skipped: number; files: string[] } {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => /^routerbench_.*\.csv$/.test(n))
      .sort();
  } catch {
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `--data: cannot read directory '${dir}'`);
  }
  if (names.length === 0) {
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `--data: no routerbench_*.csv files in '${dir}'`);
  }
  const rows: RoutingRow[] = [];
  let skipped = 0;
  for (const n of names) {
    const res = parseRouterBenchCsv(
      readFileSync(join(dir, n), 'utf8'),
      n.replace(/^routerbench_|(_train|_test)?\.csv$/g, ''),
    );
    rows.push(...res.rows);
    skipped += res.skipped;
  }
  return { rows, skipped, files: names };
}

/** Deterministic split by id hash: true for rows held out of training (about `share` of them). */
export function isHeldOut(id: string, share = 0.3): boolean {
  return (hashString(id) % 1000) / 1000 < share;
}
