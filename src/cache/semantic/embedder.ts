// The Embedder interface: text → L2-normalised Float32Array. Implementations: a local hashed n-gram
// embedder (no download) and an OpenAI-compatible /v1/embeddings client.
import type { CriticalFacts } from './guard.js';

export interface Embedder {
  /** Stable id (kind, model, dimension): thresholds are only valid for the embedder they were fitted on. */
  readonly id: string;
  readonly dim: number;
  /** One unit-length vector per text, in order. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /** Releases threads or connections, if the embedder holds any. */
  close?(): Promise<void>;
}

/**
 * An embedder that can also extract a prompt's critical facts (semantic/guard.ts) where it embeds, e.g. off
 * the event loop; the semantic cache uses it when offered, else embeds and extracts the facts itself.
 */
export interface PromptAnalyzer extends Embedder {
  analyze(text: string): Promise<{ vector: Float32Array; facts: CriticalFacts }>;
  facts(text: string): Promise<CriticalFacts>;
}

export function isPromptAnalyzer(e: Embedder): e is PromptAnalyzer {
  return typeof (e as Partial<PromptAnalyzer>).analyze === 'function';
}

/** Scales `v` to unit length in place (a zero vector stays zero). */
export function normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) * (v[i] as number);
  if (s > 0) {
    const inv = 1 / Math.sqrt(s);
    for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * inv;
  }
  return v;
}

/** Dot product of two equal-length vectors (cosine similarity for unit vectors). */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}
