// Semantic-cache lookup latency at N entries (default 100,000) in one namespace: embeds real question text
// (the QQP pairs, varied to reach N), fills the index, then times query embedding + search + verification
// separately. Usage: tsx scripts/bench-semantic-lookup.ts [--n 100000] [--index auto|hnsw|brute] [--queries 2000]
import { LocalEmbedder } from '../src/cache/semantic/local-embedder.js';
import { createIndex } from '../src/cache/semantic/vector-index.js';
import { DEFAULT_PAIRS, loadPairs } from './semantic-cache-data.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? def) : def;
}

const n = Number(arg('n', '100000'));
const kind = arg('index', 'auto') as 'auto' | 'hnsw' | 'brute';
const queries = Number(arg('queries', '2000'));
const pairs = loadPairs(arg('pairs', DEFAULT_PAIRS()));
const texts = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
const embedder = new LocalEmbedder();
const index = createIndex(embedder.dim, kind);
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  const base = texts[i % texts.length] as string;
  const round = Math.floor(i / texts.length);
  index.add(i, embedder.embedOne(round === 0 ? base : `${base} (variant ${round})`));
}
const buildS = (performance.now() - t0) / 1000;
const pct = (xs: number[], p: number): number =>
  xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] as number;
const search: number[] = [];
const embed: number[] = [];
for (let i = 0; i < queries; i++) {
  const text = texts[(i * 7919) % texts.length] as string;
  const a = performance.now();
  const q = embedder.embedOne(`${text}?`);
  const b = performance.now();
  index.search(q, 4);
  search.push(performance.now() - b);
  embed.push(b - a);
}
search.sort((x, y) => x - y);
embed.sort((x, y) => x - y);
const result = {
  index: index.constructor.name,
  entries: index.size,
  dim: embedder.dim,
  buildSeconds: Number(buildS.toFixed(1)),
  searchP50Ms: Number(pct(search, 50).toFixed(3)),
  searchP99Ms: Number(pct(search, 99).toFixed(3)),
  embedP50Ms: Number(pct(embed, 50).toFixed(3)),
  embedP99Ms: Number(pct(embed, 99).toFixed(3)),
};
console.log(JSON.stringify(result));
