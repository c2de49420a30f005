// Evaluates the semantic cache's hit decision on labelled pairs, held out first: for each pair the cache
// holds `text_a` and the query is `text_b`; a hit is wrong when the pair is labelled "not the same
// question". The threshold comes from the shipped model (fitted on fold 0; `--refit` fits on fold 0 of the
// given pairs instead); fold 1 and the paraphrase set were never used to fit. Intervals: two-sided 95%
// Clopper–Pearson. Last line: one JSON object (top-level rates are the held-out ones).
// Usage: npm run eval:semantic-cache -- [--pairs <file>] [--target 0.02] [--paraphrases <file>|none] [--refit]
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCacheConfig } from '../src/cache/config.js';
import { interval } from '../src/cache/semantic/bounds.js';
import { evaluatePairs, evaluateParaphrases, type FoldReport } from '../src/cache/semantic/eval/evaluate.js';
import { fitModel } from '../src/cache/semantic/eval/fit.js';
import { scorePairs } from '../src/cache/semantic/eval/score.js';
import { LocalEmbedder } from '../src/cache/semantic/local-embedder.js';
import { THRESHOLD_MODEL } from '../src/cache/semantic/threshold-model.js';
import { isMarginError } from '../src/errors/index.js';
import { DEFAULT_PAIRS, loadPairs, repoRoot } from './semantic-cache-data.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
const ci = ([lo, hi]: [number, number]): string => `[95% CI ${pct(lo)}–${pct(hi)}]`;

function describe(name: string, f: FoldReport): string {
  return (
    `${name}: ${f.pairs} pairs, hit rate ${pct(f.hitRate)} of queries (${pct(f.duplicateRecall)} of ${f.duplicates} duplicates), ` +
    `wrong hits ${f.wrongHits}/${f.hits} = ${pct(f.wrongHitRate)} ${ci(f.wrongHitInterval)}; ` +
    `${f.labelErrors} of them identical texts labelled different (label errors): ${pct(f.wrongHitRateLabelFixed)} without them`
  );
}

async function main(): Promise<void> {
  const file = resolve(arg('pairs') ?? DEFAULT_PAIRS());
  const target = Number(arg('target') ?? parseCacheConfig().semanticCache.targetWrongHitRate);
  if (!(target > 0 && target < 1)) throw new Error(`--target must be in (0, 1), got ${arg('target')}`);
  const embedder = new LocalEmbedder();
  const rows = scorePairs(loadPairs(file), embedder);
  const model = process.argv.includes('--refit')
    ? fitModel(rows, { embedder: embedder.id, fittedOn: file.split('/').pop() ?? file })
    : THRESHOLD_MODEL;
  const r = evaluatePairs(rows, model, target);
  console.log(`pairs: ${rows.length} from ${file}; target ${pct(target)} → threshold ${r.threshold}`);
  console.log(describe('HELD OUT (fold 1, never used to fit)', r.heldOut));
  const paraFile =
    arg('paraphrases') ?? resolve(repoRoot(), '../shared/semantic-cache/paraphrase_pairs.json');
  let para: Awaited<ReturnType<typeof evaluateParaphrases>> | undefined;
  if (paraFile !== 'none' && existsSync(paraFile)) {
    para = await evaluateParaphrases(loadPairs(paraFile), embedder, model, target);
    console.log(
      `UNSEEN DATASET (${paraFile.split('/').pop()}, ${para.origins} origins in one cache): hit rate ${pct(para.hitRate)}, wrong hits ${para.wrongHits}/${para.hits} ${ci(interval(para.wrongHits, para.hits))}`,
    );
  }
  console.log(describe('in sample (fold 0, calibrated on)', r.calibration));
  console.log(
    `model: ${model.embedder} v${model.version}${process.argv.includes('--refit') ? ' (refitted on these pairs)' : ''}, weights ${JSON.stringify(model.weights)}; ${model.method}`,
  );
  console.log(
    `near-miss guard blocks (labelled different / duplicate): ${Object.entries(r.guard)
      .sort((a, b) => b[1][0] + b[1][1] - a[1][0] - a[1][1])
      .map(([k, [neg, dup]]) => `${k} ${neg}/${dup}`)
      .join(', ')}`,
  );
  console.log('fitted table (calibration fold → held-out fold):');
  for (const row of model.table) {
    const h = row.heldOut;
    console.log(
      `  target ${pct(row.target).padStart(6)}  threshold ${row.threshold?.toFixed(4) ?? 'none  '}  in sample ${row.calibration.wrongHits ?? '?'}/${row.calibration.hits} wrong  held out ${h.wrongHits ?? '?'}/${h.hits} wrong (${pct(h.wrongHitRate)}${h.wrongHitInterval ? ` ${ci(h.wrongHitInterval)}` : ''}), hit rate ${pct(h.hitRate)}`,
    );
  }
  console.log('held-out curve (threshold → hit rate, wrong-hit rate):');
  for (const p of r.curve)
    console.log(
      `  ${p.threshold.toFixed(2)}  hit ${pct(p.hitRate).padStart(7)}  wrong ${pct(p.wrongHitRate).padStart(7)} (${p.wrongHits}/${p.hits})`,
    );
  const fold = (f: FoldReport) => ({
    hitRate: f.hitRate,
    duplicateRecall: f.duplicateRecall,
    wrongHitRate: f.wrongHitRate,
    wrongHitInterval: f.wrongHitInterval,
    hits: f.hits,
    wrongHits: f.wrongHits,
    labelErrors: f.labelErrors,
    wrongHitRateLabelFixed: f.wrongHitRateLabelFixed,
    pairs: f.pairs,
  });
  console.log(
    JSON.stringify({
      hitRate: r.heldOut.hitRate,
      wrongHitRate: r.heldOut.wrongHitRate,
      target,
      threshold: Number.isFinite(r.threshold) ? r.threshold : null,
      heldOut: fold(r.heldOut),
      inSample: fold(r.calibration),
      paraphrases: para ? { ...para, wrongHitInterval: interval(para.wrongHits, para.hits) } : null,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(
    `eval-semantic-cache: ${isMarginError(err) || err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
});
