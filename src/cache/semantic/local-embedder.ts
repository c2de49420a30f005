// Local embedder needing no model download: signed feature hashing of character n-grams (3–5, word-bounded)
// plus word unigrams and bigrams (lightly stemmed, function words down-weighted), L2-normalised.
import { type Embedder, normalize } from './embedder.js';
import { normalizeText, STOPWORDS, stem, words } from './text.js';

export interface LocalEmbedderOptions {
  dim?: number;
}

/** Feature weights; part of the embedder's identity (a change needs a re-fitted threshold table). */
const W = { char: 0.5, word: 1.0, stopword: 0.25, bigram: 0.8 } as const;
const VERSION = 'local-v1';

/** 32-bit FNV-1a hash. */
function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class LocalEmbedder implements Embedder {
  readonly dim: number;
  readonly id: string;

  constructor(options: LocalEmbedderOptions = {}) {
    this.dim = options.dim ?? 256;
    this.id = `${VERSION}/${this.dim}`;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embedOne(t));
  }

  /** Synchronous single-text embedding. */
  embedOne(text: string): Float32Array {
    const v = new Float32Array(this.dim);
    const feats = new Map<string, number>();
    const add = (f: string, w: number): void => {
      feats.set(f, (feats.get(f) ?? 0) + w);
    };
    const toks = words(normalizeText(text)).map(stem);
    for (const t of toks) add(`w:${t}`, STOPWORDS.has(t) ? W.stopword : W.word);
    for (let i = 0; i + 1 < toks.length; i++) {
      const a = toks[i] as string;
      const b = toks[i + 1] as string;
      add(`b:${a} ${b}`, STOPWORDS.has(a) && STOPWORDS.has(b) ? W.stopword : W.bigram);
    }
    const joined = ` ${toks.join(' ')} `;
    for (let n = 3; n <= 5; n++) {
      for (let i = 0; i + n <= joined.length; i++) add(`c:${joined.slice(i, i + n)}`, W.char / n);
    }
    for (const [f, count] of feats) {
      // Sublinear term frequency: a repeated feature counts, but less each time.
      const w = Math.sign(count) * Math.log1p(Math.abs(count));
      const h = fnv1a(f);
      const sign = (fnv1a(f, 0x9747b28c) & 1) === 0 ? 1 : -1;
      const i = h % this.dim;
      v[i] = (v[i] as number) + sign * w;
    }
    return normalize(v);
  }
}
