// `margin advise` spawned as a user runs it, on a fabricated SQLite ledger with known answers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AdviseReport } from '../../src/advise/index.js';
import { openStore } from '../../src/ledger/index.js';
import { call, longOutputs, repeatedPrefix } from './fixtures.js';

const bin = fileURLToPath(new URL('../../../bin/margin.js', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'margin-advise-'));
const db = join(dir, 'ledger.db');
const margin = (...args: string[]) =>
  spawnSync(process.execPath, [bin, 'advise', ...args], {
    encoding: 'utf8',
    cwd: root,
    env: { ...process.env, MARGIN_LEDGER: '' },
  });

before(async () => {
  const store = await openStore(`sqlite:${db}`, true);
  // The long answers come from gpt-4o-mini, so each lever has its own model and hand-checkable figure.
  const long = longOutputs().map((r, i) => call(i, 'gpt-4o-mini', r.usage, { id: `long-${i}` }));
  await store.insertBatch([...repeatedPrefix(), ...long]);
  await store.close();
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('margin advise (spawned)', () => {
  it('prints a ranked table that fits 120 columns', () => {
    const r = margin('--db', db);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /prompt-caching:gpt-4o/);
    assert.match(r.stdout, /Cap gpt-4o-mini output at 1,450 tokens/);
    for (const line of r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('explain one') && !l.startsWith('note'))) {
      assert.ok(line.length <= 120, `${line.length}: ${line}`);
    }
  });

  it('writes the JSON report the dashboard reads, ranked, with the hand-computed saving', () => {
    const r = margin('--db', db, '--format', 'json', '--days', '7');
    assert.equal(r.status, 0, r.stderr);
    const rep = JSON.parse(r.stdout) as AdviseReport;
    assert.equal(rep.days, 7);
    assert.equal(rep.requests, 1100);
    assert.ok(!Number.isNaN(Date.parse(rep.generatedAt)));
    assert.deepEqual(
      rep.actions.map((a) => a.rank),
      rep.actions.map((_, i) => i + 1),
    );
    const pc = rep.actions.find((a) => a.id === 'prompt-caching:gpt-4o')!;
    for (const k of [
      'id',
      'rank',
      'title',
      'usdPerMonth',
      'usdPerMonthLow',
      'usdPerMonthHigh',
      'confidence',
      'explain',
    ])
      assert.ok(k in pc, k);
    // 999 reads × 2,048 tokens × $1.25/M over the span the records cover (999 minutes + 1 ms), per month.
    const spanDays = (999 * 60_000 + 1) / 86_400_000;
    assert.ok(Math.abs(pc.usdPerMonth - ((999 * 2048 * 1.25) / 1e6) * (30.44 / spanDays)) < 1e-6);
  });

  it('explains one action step by step, by rank or id, and writes HTML to --out', () => {
    const byRank = margin('--db', db, '--explain', '1');
    assert.equal(byRank.status, 0, byRank.stderr);
    assert.match(byRank.stdout, /^#1 /);
    assert.match(byRank.stdout, /\n {2}1\. /);
    const byId = margin('--db', db, '--explain', 'output-cap:gpt-4o-mini');
    assert.match(byId.stdout, /p95 1450/);
    const out = join(dir, 'advise.html');
    assert.equal(margin('--db', db, '--format', 'html', '--out', out).status, 0);
    assert.match(readFileSync(out, 'utf8'), /<table>[\s\S]*prompt-caching:gpt-4o/);
  });

  it('refuses bad input with one line and a non-zero exit', () => {
    for (const args of [
      ['--days', '0'],
      ['--days', 'soon'],
      ['--format', 'csv'],
      ['--explain', '99'],
    ]) {
      const r = margin('--db', db, ...args);
      assert.notEqual(r.status, 0, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.equal(r.stdout, '');
    }
  });
});
