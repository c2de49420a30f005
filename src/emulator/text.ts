// Deterministic generated text with an exact o200k token count: built token by token from pseudo-words that
// are each one token (with and without a leading space, lower and capitalised), so n pieces = n tokens.
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { makeRng, type Rng } from '../util/rng.js';

const CANDIDATES =
  `the of and to in is that for it as was with be by on not he this are or his from at which but
have an they you were her she there been one all we their has would when if more will other what time so can
about into some could them see only new these two may first then do any like my now over such our man me even
most made after also did many must before back through years much where your way well down should because
each just those people how too little state good very make world still own see men work long here get both
between life being under never day same another know while last might great old year off come since against
go came right used take three place small found part high water system model token light river stone cloud
garden market signal engine paper story music field window table number simple quiet bright early open green
round clear sound north south east west river power value point order level rate price cost data line form`
    .split(/\s+/)
    .filter((w) => w.length > 0);

const cap = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);
const single = (s: string): boolean => encode(s).length === 1;

let vocab: string[] | undefined;

/** The words usable as single tokens in every position (computed once, verified with the tokenizer). */
export function vocabulary(): string[] {
  vocab ??= [...new Set(CANDIDATES)].filter(
    (w) => single(w) && single(` ${w}`) && single(cap(w)) && single(` ${cap(w)}`),
  );
  return vocab;
}

/**
 * `n` token strings whose concatenation encodes to exactly `n` o200k tokens: sentences of 6–14 words
 * (the final period is its own token), capitalised after each period.
 */
export function generateTokens(n: number, rng: Rng): string[] {
  const words = vocabulary();
  const out: string[] = [];
  let sentence = 0;
  let target = 6 + Math.floor(rng() * 9);
  while (out.length < n) {
    const remaining = n - out.length;
    if (sentence >= target && remaining >= 2) {
      out.push('.');
      sentence = 0;
      target = 6 + Math.floor(rng() * 9);
      continue;
    }
    const w = words[Math.floor(rng() * words.length)] ?? 'the';
    const first = out.length === 0;
    const word = sentence === 0 ? cap(w) : w;
    out.push(first ? word : ` ${word}`);
    sentence++;
  }
  return out;
}

/** Generated text of exactly `n` tokens for a seed. */
export function generateText(n: number, seed: number): string {
  return generateTokens(n, makeRng(seed)).join('');
}
