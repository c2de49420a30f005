// Evaluates the semantic cache's hit decision on labelled pairs: for each pair the cache holds `text_a` and
// the query is `text_b`; a hit is a wrong hit when the pair is labelled "not the same question". Prints the
// hit rate and wrong-hit rate at the configured target, the threshold curve, the shipped model's
// calibration/held-out figures, and (last line) one JSON object.
// Usage: npm run eval:semantic-cache -- [--pairs <file>] [--target 0.02] [--paraphrases <file>]
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCacheConfig } from '../src/cache/config.js';
import { curve, type LabelledScore, pointAt } from '../src/cache/semantic/calibrate.js';
import { LocalEmbedder } from '../src/cache/semantic/local-embedder.js';
import { SemanticCache } from '../src/cache/semantic/semantic-cache.js';
import { thresholdFor } from '../src/cache/semantic/threshold.js';
import { THRESHOLD_MODEL } from '../src/cache/semantic/threshold-model.js';
import { verifierScore } from '../src/cache/semantic/verify.js';
import { isMarginError } from '../src/errors/index.js';
import { DEFAULT_PAIRS, loadPairs, repoRoot } from './semantic-cache-data.js';
import { scorePairs } from './semantic-cache-score.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

async function paraphraseRun(file: string, embedder: LocalEmbedder, target: number): Promise<void> {
  // Global mode: one cache holding every origin, every paraphrase looked up; a hit on another origin is wrong.
  const pairs = loadPairs(file);
  const config = parseCacheConfig({
    semanticCache: { enabled: true, models: ['*'], targetWrongHitRate: target },
  }).semanticCache;
  const cache = new SemanticCache(config, { embedder });
  const body = (text: string) => ({ model: 'm', messages: [{ role: 'user', content: text }] });
  const origin = new Map<unknown, string>();
  for (const p of pairs) {
    const l = await cache.lookup(body(p.a), 't', 'openai');
    if (!l) continue;
    const entry = {
      protocol: 'openai' as const,
      response: { text: p.a },
      usage: {
        inputTokens: 0,
        cacheReadTokens: 0,
        cacheWrite5mTokens: 0,
        cacheWrite1hTokens: 0,
        outputTokens: 0,
        reasoningTokens: 0,
        kind: 'sync' as const,
        source: 'reported' as const,
      },
      label: null,
      servedModel: null,
      provider: null,
      createdAt: 0,
    };
    cache.store(l, entry);
    origin.set(entry, p.a);
  }
  let hits = 0;
  let wrong = 0;
  for (const p of pairs) {
    const l = await cache.lookup(body(p.b), 't', 'openai');
    if (!l?.hit) continue;
    hits++;
    if ((l.hit.entry.response as { text?: string }).text !== p.a) wrong++;
  }
  console.log(
    `paraphrases (${file.split('/').pop()}, ${pairs.length} origins in one cache): hit rate ${pct(hits / pairs.length)}, wrong hits ${wrong} (${pct(hits ? wrong / hits : 0)} of hits)`,
  );
}

async function main(): Promise<void> {
  const file = resolve(arg('pairs') ?? DEFAULT_PAIRS());
  const target = Number(arg('target') ?? parseCacheConfig().semanticCache.targetWrongHitRate);
  if (!(target > 0 && target < 1)) throw new Error(`--target must be in (0, 1), got ${arg('target')}`);
  const embedder = new LocalEmbedder();
  const threshold = thresholdFor(THRESHOLD_MODEL, target);
  const rows = scorePairs(loadPairs(file), embedder);
  const scores: LabelledScore[] = rows.map((r) => ({
    score: r.guardPass ? verifierScore(r.features, THRESHOLD_MODEL.weights) : Number.NEGATIVE_INFINITY,
    label: r.label,
  }));
  const positives = rows.filter((r) => r.label === 1).length;
  const blocked = rows.filter((r) => !r.guardPass);
  console.log(`pairs: ${rows.length} from ${file} (${positives} labelled duplicates)`);
  console.log(
    `near-miss guard blocked ${blocked.length} pairs (${blocked.filter((r) => r.label === 0).length} of them labelled different)`,
  );
  console.log(
    `model: ${THRESHOLD_MODEL.embedder} v${THRESHOLD_MODEL.version}, weights ${JSON.stringify(THRESHOLD_MODEL.weights)}`,
  );
  console.log('fitted table (calibration fold → held-out fold of the dev pairs):');
  for (const row of THRESHOLD_MODEL.table) {
    console.log(
      `  target ${pct(row.target).padStart(6)}  threshold ${row.threshold ?? 'none'}  calibration hit ${pct(row.calibration.hitRate)} wrong ${pct(row.calibration.wrongHitRate)}  held-out hit ${pct(row.heldOut.hitRate)} wrong ${pct(row.heldOut.wrongHitRate)} (${row.heldOut.hits} hits)`,
    );
  }
  console.log('curve on these pairs (threshold → hit rate, wrong-hit rate):');
  const ts = [0.99, 0.97, 0.95, 0.93, 0.91, 0.9, 0.89, 0.88, 0.87, 0.86, 0.85, 0.83, 0.8, 0.75, 0.7, 0.6];
  for (const p of curve(scores, ts)) {
    console.log(
      `  ${p.threshold.toFixed(2)}  hit ${pct(p.hitRate).padStart(7)}  wrong ${pct(p.wrongHitRate).padStart(7)}  (${p.hits} hits, ${p.wrongHits} wrong)`,
    );
  }
  const at = pointAt(scores, threshold);
  console.log(
    `at target ${pct(target)} (threshold ${threshold}): hit rate ${pct(at.hitRate)} of queries (${pct(positives ? (at.hits - at.wrongHits) / positives : 0)} of duplicates), wrong-hit rate ${pct(at.wrongHitRate)} of hits (${at.wrongHits}/${at.hits})`,
  );
  const para = arg('paraphrases') ?? resolve(repoRoot(), '../shared/semantic-cache/paraphrase_pairs.json');
  if (existsSync(para)) await paraphraseRun(para, embedder, target);
  console.log(
    JSON.stringify({
      hitRate: at.hitRate,
      wrongHitRate: at.wrongHitRate,
      hits: at.hits,
      wrongHits: at.wrongHits,
      pairs: rows.length,
      target,
      threshold,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(
    `eval-semantic-cache: ${isMarginError(err) || err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
});
