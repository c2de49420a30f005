// Nearest-neighbour search over unit vectors (inner product = cosine). Two implementations of one shape:
// brute force over one contiguous Float32Array (exact; fine for small namespaces and the fallback) and HNSW
// through usearch (a native package shipping prebuilt binaries) for large namespaces.
import { createRequire } from 'node:module';

export interface Neighbour {
  id: number;
  score: number;
}

export interface VectorIndex {
  readonly dim: number;
  readonly size: number;
  add(id: number, vector: Float32Array): void;
  remove(id: number): void;
  /** Up to `k` nearest ids by inner product, best first. */
  search(query: Float32Array, k: number): Neighbour[];
}

/** Exact search: every stored vector in one growable Float32Array, slots reused after removal. */
export class BruteForceIndex implements VectorIndex {
  private data: Float32Array;
  private ids: Int32Array;
  private readonly slotOf = new Map<number, number>();
  private used = 0;

  constructor(
    readonly dim: number,
    initialCapacity = 1024,
  ) {
    this.data = new Float32Array(dim * initialCapacity);
    this.ids = new Int32Array(initialCapacity).fill(-1);
  }

  get size(): number {
    return this.slotOf.size;
  }

  add(id: number, vector: Float32Array): void {
    if (vector.length !== this.dim)
      throw new RangeError(`vector has ${vector.length} dims, index ${this.dim}`);
    let slot = this.slotOf.get(id);
    if (slot === undefined) {
      if (this.used === this.ids.length) this.grow();
      slot = this.used++;
      this.slotOf.set(id, slot);
      this.ids[slot] = id;
    }
    this.data.set(vector, slot * this.dim);
  }

  remove(id: number): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    // Move the last slot into the hole so the live vectors stay contiguous.
    const last = --this.used;
    const lastId = this.ids[last] as number;
    if (slot !== last) {
      this.data.copyWithin(slot * this.dim, last * this.dim, (last + 1) * this.dim);
      this.ids[slot] = lastId;
      this.slotOf.set(lastId, slot);
    }
    this.ids[last] = -1;
    this.slotOf.delete(id);
  }

  search(query: Float32Array, k: number): Neighbour[] {
    const d = this.dim;
    const data = this.data;
    const best: Neighbour[] = [];
    let floor = Number.NEGATIVE_INFINITY;
    for (let slot = 0, o = 0; slot < this.used; slot++, o += d) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (data[o + j] as number) * (query[j] as number);
      if (best.length < k || s > floor) {
        best.push({ id: this.ids[slot] as number, score: s });
        best.sort((a, b) => b.score - a.score);
        if (best.length > k) best.pop();
        floor = (best[best.length - 1] as Neighbour).score;
      }
    }
    return best;
  }

  private grow(): void {
    const cap = this.ids.length * 2;
    const data = new Float32Array(this.dim * cap);
    data.set(this.data);
    const ids = new Int32Array(cap).fill(-1);
    ids.set(this.ids);
    this.data = data;
    this.ids = ids;
  }
}

interface UsearchIndex {
  add(keys: bigint, vectors: Float32Array): void;
  remove(keys: bigint): number;
  search(q: Float32Array, k: number, threads?: number): { keys: BigUint64Array; distances: Float32Array };
  size(): number;
}
type UsearchModule = {
  Index: new (config: {
    dimensions: number;
    metric: string;
    connectivity?: number;
    expansion_add?: number;
    expansion_search?: number;
  }) => UsearchIndex;
};

let usearch: UsearchModule | null | undefined;

/** The usearch module, or null when its native binary cannot load here (then brute force is used). */
export function loadUsearch(): UsearchModule | null {
  if (usearch !== undefined) return usearch;
  try {
    usearch = createRequire(import.meta.url)('usearch') as UsearchModule;
  } catch {
    usearch = null;
  }
  return usearch;
}

/** HNSW index (usearch, inner-product metric). */
export class HnswIndex implements VectorIndex {
  private readonly index: UsearchIndex;
  private readonly live = new Set<number>();

  constructor(
    readonly dim: number,
    mod: UsearchModule,
  ) {
    this.index = new mod.Index({
      dimensions: dim,
      metric: 'ip',
      connectivity: 16,
      expansion_add: 64,
      expansion_search: 64,
    });
  }

  get size(): number {
    return this.live.size;
  }

  add(id: number, vector: Float32Array): void {
    if (vector.length !== this.dim)
      throw new RangeError(`vector has ${vector.length} dims, index ${this.dim}`);
    if (this.live.has(id)) this.index.remove(BigInt(id));
    this.index.add(BigInt(id), vector);
    this.live.add(id);
  }

  remove(id: number): void {
    if (!this.live.delete(id)) return;
    this.index.remove(BigInt(id));
  }

  search(query: Float32Array, k: number): Neighbour[] {
    if (this.live.size === 0) return [];
    const res = this.index.search(query, k, 1);
    const out: Neighbour[] = [];
    for (let i = 0; i < res.keys.length; i++) {
      // usearch's `ip` distance is 1 − inner product.
      out.push({ id: Number(res.keys[i]), score: 1 - (res.distances[i] as number) });
    }
    return out;
  }
}

/** An index for `dim`-dimensional vectors: HNSW when asked (or `auto` and usearch loads), else brute force. */
export function createIndex(dim: number, kind: 'auto' | 'hnsw' | 'brute'): VectorIndex {
  if (kind !== 'brute') {
    const mod = loadUsearch();
    if (mod) return new HnswIndex(dim, mod);
  }
  return new BruteForceIndex(dim);
}
