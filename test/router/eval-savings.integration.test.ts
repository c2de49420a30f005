// `npm run eval:savings` on the committed fixture (test/fixtures/routing, derived from ../shared/routing):
// a real `margin serve` with every lever on and a baseline `margin serve` against `margin emulate --answers`.
// The script's last line is the JSON the README quotes; the figures must add up and the router must save.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../gateway/helpers/paths.js';

const SCRIPT = join(ROOT, 'dist', 'scripts', 'eval-savings.js');
const DATA = join(ROOT, 'test', 'fixtures', 'routing');

interface Lever {
  requests: number;
  savedUsd: number;
}

describe('eval:savings on the fixture', () => {
  it('prints held-out figures first, per-lever savings that add up, and keeps unfamiliar prompts on the strong model', {
    skip: existsSync(SCRIPT) ? false : 'compiled script missing (run npm run build)',
  }, () => {
    const run = spawnSync(process.execPath, [SCRIPT, '--data', DATA, '--concurrency', '4'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    const last = JSON.parse(lines[lines.length - 1]!) as {
      costShareOfBaseline: number;
      accuracyShareOfBaseline: number;
      requests: number;
      set: string;
      byLever: Record<'routing' | 'exactCache' | 'semanticCache' | 'promptCaching', Lever>;
      sets: Record<
        string,
        { costShareOfBaseline: number; accuracyShareOfBaseline: number; requests: number }
      >;
    };
    assert.equal(last.set, 'held out');
    assert.equal(last.requests, 24, '12 held-out ARC + 12 held-out Winogrande rows');
    assert.equal(last.sets['trained on']?.requests, 6);
    assert.equal(last.sets['unseen mmlu']?.requests, 8);
    // The learned router with its cascade plans costs a fraction of always-GPT-4 on prompts it never saw.
    assert.ok(
      last.costShareOfBaseline > 0.02 && last.costShareOfBaseline < 0.6,
      String(last.costShareOfBaseline),
    );
    assert.ok(last.accuracyShareOfBaseline > 0.7 && last.accuracyShareOfBaseline <= 1.3);
    assert.ok(last.byLever.routing.requests > 0 && last.byLever.routing.savedUsd > 0);
    // MMLU prompts are unlike the router's training prompts: the strong model serves them, at the baseline's cost.
    assert.equal(last.sets['unseen mmlu']?.costShareOfBaseline, 1);
    assert.equal(last.sets['unseen mmlu']?.accuracyShareOfBaseline, 1);
    // The table rows say the same thing as the JSON, and the levers add up to baseline − actual.
    const table = lines.find((l) => l.startsWith('held out'))!;
    const cols = table.trim().split(/\s+/);
    const [costUsd, baselineUsd] = [Number(cols[8]), Number(cols[9])];
    const saved = Object.values(last.byLever).reduce((a, l) => a + l.savedUsd, 0);
    assert.ok(Math.abs(baselineUsd - costUsd - saved) < 1e-5, `${baselineUsd} − ${costUsd} vs ${saved}`);
  });
});
