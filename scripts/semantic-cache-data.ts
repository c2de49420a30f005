// Loading and splitting labelled question pairs (../shared/semantic-cache format) for the semantic-cache
// fit and eval scripts. Evaluation data only: never imported by the product.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import type { Pair } from '../src/cache/semantic/eval/score.js';
import { MarginError } from '../src/errors/index.js';

type RawPair = Omit<Pair, 'fold'>;

const qqp = z.array(
  z.object({ text_a: z.string(), text_b: z.string(), label: z.union([z.literal(0), z.literal(1)]) }),
);
const para = z.array(z.object({ origin: z.string(), similar: z.string() }));

/** The repository root (the nearest folder above this file holding package.json). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above scripts/');
    dir = up;
  }
  return dir;
}

export const DEFAULT_PAIRS = (): string =>
  resolve(repoRoot(), '../shared/semantic-cache/qqp_pairs_dev.json.gz');

/** Reads `{text_a,text_b,label}[]` (gzipped or not) or `{origin,similar}[]` (all positives). */
export function loadPairs(file: string): Pair[] {
  return readPairs(file).map((p) => ({ ...p, fold: foldOf(p) }));
}

function readPairs(file: string): RawPair[] {
  if (!existsSync(file))
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `Pairs file not found: ${file}`, { param: 'pairs' });
  const buf = readFileSync(file);
  let raw: unknown;
  try {
    raw = JSON.parse((buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf) : buf).toString('utf8'));
  } catch (err) {
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `Pairs file ${file} is not (gzipped) JSON: ${(err as Error).message}`,
      { param: 'pairs' },
    );
  }
  const q = qqp.safeParse(raw);
  if (q.success) return q.data.map((p) => ({ a: p.text_a, b: p.text_b, label: p.label }));
  const p = para.safeParse(raw);
  if (p.success) return p.data.map((x) => ({ a: x.origin, b: x.similar, label: 1 as const }));
  throw new MarginError(
    'MARGIN_ERR_BAD_ARGUMENT',
    `Pairs file ${file} must be an array of {text_a, text_b, label: 0|1} or {origin, similar}`,
    { param: 'pairs' },
  );
}

/** Deterministic split by content hash: fold 0 (fit/calibrate) or 1 (held out). */
export function foldOf(p: RawPair): 0 | 1 {
  return ((createHash('sha1').update(`${p.a}\u0000${p.b}`).digest()[0] as number) & 1) as 0 | 1;
}
