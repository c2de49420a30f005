// `npm run eval:semantic-cache` on the committed fixture (test/fixtures/semantic-cache/README.md): the real
// script, held-out figures first with intervals, the paraphrase set as unseen data, and the refit path that
// runs the calibration code end to end; plus the eval modules in process on the same pairs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { evaluatePairs } from '../../src/cache/semantic/eval/evaluate.js';
import { fitModel } from '../../src/cache/semantic/eval/fit.js';
import { type Pair, scorePairs } from '../../src/cache/semantic/eval/score.js';
import { LocalEmbedder } from '../../src/cache/semantic/local-embedder.js';
import { THRESHOLD_MODEL } from '../../src/cache/semantic/threshold-model.js';

const root = join(fileURLToPath(import.meta.url), '../../../..');
const fixture = join(root, 'test/fixtures/semantic-cache');

function pairs(): Pair[] {
  const raw = JSON.parse(readFileSync(join(fixture, 'pairs.json'), 'utf8')) as Array<{
    text_a: string;
    text_b: string;
    label: 0 | 1;
  }>;
  // Alternate halves: the test needs both folds populated, whatever the hash split gives.
  return raw.map((p, i) => ({ a: p.text_a, b: p.text_b, label: p.label, fold: (i % 2) as 0 | 1 }));
}

describe('semantic-cache eval on the fixture', () => {
  it('the guard blocks every near-miss but the label error, and verbatim duplicates hit', () => {
    const rows = scorePairs(pairs(), new LocalEmbedder());
    const r = evaluatePairs(rows, THRESHOLD_MODEL, 0.02);
    const all = [r.heldOut, r.calibration];
    const wrong = all.reduce((n, f) => n + f.wrongHits, 0);
    const labelErrors = all.reduce((n, f) => n + f.labelErrors, 0);
    assert.equal(wrong, 1, 'only the identical pair labelled different');
    assert.equal(labelErrors, 1);
    assert.ok(all.reduce((n, f) => n + f.hits, 0) >= 12, JSON.stringify(all));
    for (const f of all) {
      assert.ok(f.wrongHitInterval[0] <= f.wrongHitRate && f.wrongHitRate <= f.wrongHitInterval[1]);
      assert.ok(f.wrongHitRateLabelFixed <= f.wrongHitRate);
    }
    assert.ok((r.guard.number?.[0] ?? 0) >= 2 && (r.guard.question?.[0] ?? 0) >= 2, JSON.stringify(r.guard));
  });

  it('fits a threshold table on fold 0 and measures fold 1 with it', () => {
    const rows = scorePairs(pairs(), new LocalEmbedder());
    const m = fitModel(rows, { targets: [0.02, 0.3], embedder: 'local-v1/256', fittedOn: 'fixture' });
    assert.equal(m.table.length, 2);
    // 24 pairs cannot certify 2% at 95% (a clean sample needs 149 hits): never serve.
    assert.equal(m.table[0]?.threshold, null);
    // At 50% confidence and a 30% target they can, once the label error at the very top is gone (with it,
    // the first cut tested fails and the scan stops: never serve).
    const fit = (rs: typeof rows) =>
      fitModel(rs, { delta: 0.5, targets: [0.3], embedder: 'x', fittedOn: 'fixture' }).table[0];
    const clean = rows.filter((r) => !(r.identical && r.label === 0));
    assert.equal(clean.length, rows.length - 1);
    const loose = fit(clean);
    assert.ok(loose?.threshold !== null && loose !== undefined);
    assert.ok(loose.calibration.hits >= 9 && loose.heldOut.hits >= 4, JSON.stringify(loose));
    assert.equal(loose.calibration.wrongHits, 0);
  });

  it('npm run eval:semantic-cache prints held-out figures first and a JSON last line', () => {
    const run = spawnSync(
      process.execPath,
      [
        join(root, 'dist/scripts/eval-semantic-cache.js'),
        '--pairs',
        join(fixture, 'pairs.json'),
        '--paraphrases',
        join(fixture, 'paraphrases.json'),
      ],
      { encoding: 'utf8', cwd: root },
    );
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.match(lines[1] ?? '', /^HELD OUT \(fold 1, never used to fit\): .*95% CI/);
    assert.match(lines[2] ?? '', /^UNSEEN DATASET \(paraphrases\.json, 6 origins/);
    const last = JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown> & {
      heldOut: { hits: number; wrongHitInterval: number[] };
      paraphrases: { hits: number; wrongHits: number };
    };
    assert.equal(last.target, 0.02);
    assert.equal(last.hitRate, (last.heldOut as unknown as { hitRate: number }).hitRate);
    assert.equal(last.heldOut.wrongHitInterval.length, 2);
    // The near-verbatim paraphrases hit their own origin; the rewrites do not.
    assert.ok(last.paraphrases.hits >= 2 && last.paraphrases.hits < 6, JSON.stringify(last.paraphrases));
    assert.equal(last.paraphrases.wrongHits, 0);
  });
});
