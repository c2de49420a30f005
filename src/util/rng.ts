// Deterministic randomness shared by the emulator, the router and the evaluations: a small seeded PRNG
// (mulberry32) and a string hash (FNV-1a 32-bit).

/** A seeded generator of floats in [0, 1). */
export type Rng = () => number;

/** mulberry32: fast, 32-bit state, good enough for emulation and sampling. */
export function makeRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a 32-bit hash of a string, mixed with an optional seed. */
export function hashString(s: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Short random-looking id suffix (base 36) from a generator. */
export function idFrom(rng: Rng, length = 24): string {
  let s = '';
  while (s.length < length) s += Math.floor(rng() * 2 ** 32).toString(36);
  return s.slice(0, length);
}
