// Deterministic embeddings: a bag-of-words random projection (each lower-cased word adds its own seeded
// vector), L2-normalised, so texts sharing words have a higher cosine similarity than unrelated texts.
import { hashString, makeRng } from '../util/rng.js';

/** Unit vector of `dims` floats for a text. */
export function embed(text: string, dims: number, seed: number): Float32Array {
  const v = new Float32Array(dims);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [text];
  for (const w of words) {
    const rng = makeRng(hashString(w, seed));
    for (let i = 0; i < dims; i++) v[i] = (v[i] ?? 0) + (rng() + rng() + rng() - 1.5);
  }
  let norm = 0;
  for (let i = 0; i < dims; i++) norm += (v[i] ?? 0) ** 2;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < dims; i++) v[i] = (v[i] ?? 0) / norm;
  return v;
}

/** Little-endian float32 bytes in base64, as OpenAI's `encoding_format: base64` returns them. */
export function toBase64(v: Float32Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
}
