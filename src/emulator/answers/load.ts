// Reads recorded per-model answers (the formats in ../shared/routing) into one shape: per prompt, per model,
// the answer text and whether it was judged correct. RouterBench CSVs carry every model's response; RouteLLM
// files carry correctness and, for some (GSM8K), the responses. Where a multiple-choice benchmark records no
// text (RouteLLM's MMLU), a choice letter is synthesised that agrees with the recorded correctness.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { MarginError } from '../../errors/index.js';
import { parseRouterBenchCsv } from '../../router/eval/data.js';
import { hashString } from '../../util/rng.js';

export interface RecordedAnswer {
  text: string;
  correct: boolean;
  /** True when the text is synthesised (the file records only correctness). */
  synthesized: boolean;
}

export interface RecordedPrompt {
  /** Stable id: the file's sample id, else `<dataset>.<row>`. */
  id: string;
  dataset: string;
  /** File name the prompt was read from. */
  source: string;
  prompt: string;
  answers: Record<string, RecordedAnswer>;
}

export interface AnswerSet {
  prompts: RecordedPrompt[];
  files: string[];
  /** Files under a directory that match neither format. */
  skippedFiles: string[];
  /** Rows dropped for blank scores (RouterBench). */
  skippedRows: number;
}

type Format = 'routerbench' | 'routellm';

/** Which format a CSV header is, if either. */
function formatOf(header: readonly string[]): Format | undefined {
  if (header.includes('sample_id') && header.some((c) => c.endsWith('|total_cost'))) return 'routerbench';
  if (header.includes('prompt') && header.some((c) => c !== 'prompt' && !c.endsWith('_response')))
    return 'routellm';
  return undefined;
}

function headerOf(text: string): string[] {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  const rows = parse(firstLine, { relax_quotes: true }) as string[][];
  return rows[0] ?? [];
}

const CHOICE_LINE = /^\s*\(?([A-J])[.)]\s/gm;

/** A choice letter for a model with no recorded text: the same (hidden) letter for every correct model. */
function synthesizedChoice(prompt: string, model: string, correct: boolean): string | undefined {
  const letters = [...prompt.matchAll(CHOICE_LINE)].map((m) => m[1] as string);
  if (letters.length < 2) return undefined;
  const truth = letters[hashString(prompt) % letters.length] as string;
  if (correct) return truth;
  const wrong = letters.filter((l) => l !== truth);
  return wrong[hashString(`${model}\n${prompt}`) % wrong.length];
}

function parseRouteLlmCsv(text: string, dataset: string, source: string): RecordedPrompt[] {
  const records = parse(text, { columns: true, relax_quotes: true, skip_empty_lines: true }) as Array<
    Record<string, string>
  >;
  const out: RecordedPrompt[] = [];
  records.forEach((r, i) => {
    const prompt = r.prompt ?? '';
    const answers: Record<string, RecordedAnswer> = {};
    for (const [col, v] of Object.entries(r)) {
      if (col === 'prompt' || col.endsWith('_response')) continue;
      const flag = v.trim().toLowerCase();
      if (flag !== 'true' && flag !== 'false') continue;
      const correct = flag === 'true';
      const recorded = r[`${col}_response`];
      if (recorded !== undefined && recorded !== '') {
        answers[col] = { text: recorded, correct, synthesized: false };
        continue;
      }
      const letter = synthesizedChoice(prompt, col, correct);
      if (letter !== undefined) answers[col] = { text: letter, correct, synthesized: true };
    }
    if (Object.keys(answers).length > 0)
      out.push({ id: `${dataset}.${i}`, dataset, source, prompt, answers });
  });
  return out;
}

function readFile(path: string, strict: boolean): { prompts: RecordedPrompt[]; skippedRows: number } | null {
  const text = readFileSync(path, 'utf8');
  const format = formatOf(headerOf(text));
  const source = basename(path);
  const dataset = source.replace(/\.csv$/, '');
  if (format === 'routerbench') {
    const { rows, skipped } = parseRouterBenchCsv(text, dataset);
    const prompts = rows.map((row) => ({
      id: row.id,
      dataset: row.dataset,
      source,
      prompt: row.prompt,
      answers: Object.fromEntries(
        Object.entries(row.outcomes).map(([m, o]) => [
          m,
          { text: o.response ?? '', correct: o.correct === 1, synthesized: false },
        ]),
      ),
    }));
    return { prompts, skippedRows: skipped };
  }
  if (format === 'routellm') return { prompts: parseRouteLlmCsv(text, dataset, source), skippedRows: 0 };
  if (strict) {
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `--answers: ${path} is neither a RouterBench CSV (sample_id, <model>|total_cost) nor a RouteLLM CSV (prompt, <model> True/False)`,
    );
  }
  return null;
}

function csvFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...csvFilesUnder(p));
    else if (name.endsWith('.csv')) out.push(p);
  }
  return out;
}

/** Loads a CSV file, or every recognised CSV under a directory (recursively). */
export function loadAnswers(path: string): AnswerSet {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `--answers: cannot read '${path}'`);
  }
  const files = isDir ? csvFilesUnder(path) : [path];
  const set: AnswerSet = { prompts: [], files: [], skippedFiles: [], skippedRows: 0 };
  for (const f of files) {
    const r = readFile(f, !isDir);
    if (!r) {
      set.skippedFiles.push(f);
      continue;
    }
    set.files.push(f);
    set.prompts.push(...r.prompts);
    set.skippedRows += r.skippedRows;
  }
  if (set.prompts.length === 0) {
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `--answers: no recorded answers in '${path}'`);
  }
  return set;
}
