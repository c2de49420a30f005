// Prompt → sparse feature vector for the learned router: hashed word unigrams and bigrams plus a few
// structural signals (length, code, multiple-choice, numbers). Cheap: one pass over the text, no model.
import { hashString } from '../../util/rng.js';

export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

/** Structural features occupy the first slots; hashed n-grams the rest. */
const STRUCTURAL = [
  'bias',
  'logChars',
  'logLines',
  'choices',
  'code',
  'digits',
  'question',
  'blank',
  'longWords',
] as const;
export const STRUCTURAL_FEATURES = STRUCTURAL.length;

const WORD = /[a-z0-9_]+|[^\sa-z0-9_]/g;
const QUESTION_TAIL_CHARS = 400;

/** Featurises a prompt into `dims` slots (dims includes the structural slots). */
export function featurize(text: string, dims: number): SparseVector {
  const lower = text.toLowerCase();
  const tokens = lower.match(WORD) ?? [];
  const counts = new Map<number, number>();
  const buckets = dims - STRUCTURAL_FEATURES;
  const add = (key: string) => {
    const b = STRUCTURAL_FEATURES + (hashString(key) % buckets);
    counts.set(b, (counts.get(b) ?? 0) + 1);
  };
  for (let i = 0; i < tokens.length; i++) {
    add(tokens[i]!);
    if (i > 0) add(`${tokens[i - 1]} ${tokens[i]}`);
  }
  // The last question of a few-shot prompt decides its difficulty: give its words their own slots.
  const tail = lower.slice(-QUESTION_TAIL_CHARS).match(WORD) ?? [];
  for (const t of tail) add(`q:${t}`);
  const chars = text.length;
  const lines = text.split('\n').length;
  const digits = (text.match(/\d/g) ?? []).length;
  const structural = [
    1,
    Math.log1p(chars) / 8,
    Math.log1p(lines) / 4,
    /(^|\n)\s*[A-D][).:]\s/.test(text) ? 1 : 0,
    /\bdef |\breturn\b|[{};]\s*\n|```/.test(text) ? 1 : 0,
    chars ? Math.min(1, (digits / chars) * 10) : 0,
    (text.match(/\?/g) ?? []).length > 0 ? 1 : 0,
    /\b_\b|_{2,}/.test(text) ? 1 : 0,
    tokens.length ? tokens.filter((t) => t.length > 9).length / tokens.length : 0,
  ];
  // Log-scaled counts, L2-normalised over the hashed part so prompt length doesn't dominate.
  let norm = 0;
  for (const [, c] of counts) norm += Math.log1p(c) ** 2;
  norm = Math.sqrt(norm) || 1;
  const idx = new Int32Array(STRUCTURAL_FEATURES + counts.size);
  const val = new Float32Array(idx.length);
  for (let i = 0; i < STRUCTURAL_FEATURES; i++) {
    idx[i] = i;
    val[i] = structural[i]!;
  }
  let k = STRUCTURAL_FEATURES;
  for (const [b, c] of counts) {
    idx[k] = b;
    val[k] = Math.log1p(c) / norm;
    k++;
  }
  return { idx, val };
}

/** Dot product of a sparse vector with a dense weight row starting at `offset`. */
export function sparseDot(x: SparseVector, w: Float32Array | number[], offset = 0): number {
  let s = 0;
  for (let i = 0; i < x.idx.length; i++) s += x.val[i]! * (w[offset + x.idx[i]!] ?? 0);
  return s;
}
