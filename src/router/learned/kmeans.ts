// Spherical k-means over sparse prompt features (k-means++ seeding, deterministic): groups prompts into
// clusters whose per-model accuracy the router then looks up.
import { makeRng } from '../../util/rng.js';
import type { SparseVector } from './features.js';

/** Unit-length copy of a sparse vector. */
export function normalize(x: SparseVector): SparseVector {
  let n = 0;
  for (let i = 0; i < x.val.length; i++) n += x.val[i]! * x.val[i]!;
  n = Math.sqrt(n) || 1;
  const val = new Float32Array(x.val.length);
  for (let i = 0; i < val.length; i++) val[i] = x.val[i]! / n;
  return { idx: x.idx, val };
}

function dot(x: SparseVector, c: Float32Array, offset: number): number {
  let s = 0;
  for (let i = 0; i < x.idx.length; i++) s += x.val[i]! * c[offset + x.idx[i]!]!;
  return s;
}

/** Index of the centroid most similar to x (centroids: k rows of `dims`, unit length). */
export function nearest(x: SparseVector, centroids: Float32Array, k: number, dims: number): number {
  return locate(x, centroids, k, dims).cluster;
}

/** The centroid most similar to x and that cosine similarity. */
export function locate(
  x: SparseVector,
  centroids: Float32Array,
  k: number,
  dims: number,
): { cluster: number; similarity: number } {
  let best = 0;
  let bestSim = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < k; c++) {
    const s = dot(x, centroids, c * dims);
    if (s > bestSim) {
      bestSim = s;
      best = c;
    }
  }
  return { cluster: best, similarity: bestSim };
}

/** Clusters unit vectors into k groups; returns centroids (k × dims) and each point's cluster. */
export function kmeans(xs: SparseVector[], k: number, dims: number, iterations = 25, seed = 11) {
  const rand = makeRng(seed);
  const centroids = new Float32Array(k * dims);
  const setCentroid = (c: number, x: SparseVector) => {
    centroids.fill(0, c * dims, (c + 1) * dims);
    for (let i = 0; i < x.idx.length; i++) centroids[c * dims + x.idx[i]!] = x.val[i]!;
  };
  // k-means++ seeding on cosine distance.
  setCentroid(0, xs[Math.floor(rand() * xs.length)]!);
  const d = new Float64Array(xs.length).fill(Number.POSITIVE_INFINITY);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < xs.length; i++) {
      d[i] = Math.min(d[i]!, Math.max(0, 1 - dot(xs[i]!, centroids, (c - 1) * dims)));
      total += d[i]! * d[i]!;
    }
    let u = rand() * total;
    let pick = xs.length - 1;
    for (let i = 0; i < xs.length; i++) {
      u -= d[i]! * d[i]!;
      if (u <= 0) {
        pick = i;
        break;
      }
    }
    setCentroid(c, xs[pick]!);
  }
  const assign = new Int32Array(xs.length);
  for (let it = 0; it < iterations; it++) {
    let moved = 0;
    for (let i = 0; i < xs.length; i++) {
      const c = nearest(xs[i]!, centroids, k, dims);
      if (c !== assign[i] || it === 0) moved++;
      assign[i] = c;
    }
    centroids.fill(0);
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      const off = assign[i]! * dims;
      for (let t = 0; t < x.idx.length; t++)
        centroids[off + x.idx[t]!] = centroids[off + x.idx[t]!]! + x.val[t]!;
    }
    for (let c = 0; c < k; c++) {
      let n = 0;
      for (let j = 0; j < dims; j++) n += centroids[c * dims + j]! ** 2;
      n = Math.sqrt(n);
      if (n === 0) {
        setCentroid(c, xs[Math.floor(rand() * xs.length)]!);
        continue;
      }
      for (let j = 0; j < dims; j++) centroids[c * dims + j] = centroids[c * dims + j]! / n;
    }
    if (moved === 0 && it > 0) break;
  }
  return { centroids, assign };
}
