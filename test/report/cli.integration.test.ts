import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/index.js';
import { openLedger } from '../../src/ledger/index.js';
import { makeRecord } from '../ledger/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'margin-report-'));
const db = join(dir, 'margin.db');
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

before(async () => {
  const ledger = await openLedger({ url: db });
  const now = Date.now();
  for (let i = 0; i < 30; i++) {
    const mini = i % 3 === 0;
    ledger.append(
      makeRecord(i, {
        ts: now - i * 60_000,
        servedModel: mini ? 'gpt-4o-mini' : 'gpt-4o',
        requestedModel: mini ? 'gpt-4o-mini' : 'gpt-4o',
        costUsd: {
          input: 0,
          cachedInput: 0,
          cacheWrite: 0,
          output: 0,
          reasoning: 0,
          total: mini ? 0.001 : 0.01,
        },
        status: i === 4 ? 429 : 200,
        latencyMs: 100 + i,
      }),
    );
  }
  // One old record outside a 1-day window.
  ledger.append(makeRecord(99, { ts: now - 10 * 86_400_000 }));
  await ledger.close();
});

describe('margin report', () => {
  it('prints a table by model with totals and percentiles', async () => {
    const r = await run('report', '--ledger', db, '--since', '1d');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /by model/);
    const lines = r.stdout.split('\n');
    const header = lines.find((l) => l.startsWith('model'))!;
    for (const col of [
      'requests',
      'errors',
      'cost_usd',
      'saved_usd',
      'energy_wh',
      'co2e_g',
      'p50_ms',
      'p95_ms',
    ]) {
      assert.ok(header.includes(col), col);
    }
    assert.match(r.stdout, /^gpt-4o\s+20\s+1\s/m);
    assert.match(r.stdout, /^gpt-4o-mini\s+10\s+0\s/m);
    assert.match(r.stdout, /^TOTAL\s+30\s+1\s/m);
  });

  it('emits JSON and CSV, honours MARGIN_LEDGER and filters', async () => {
    process.env.MARGIN_LEDGER = `sqlite:${db}`;
    try {
      const j = await run('report', '--since', '30d', '--by', 'provider', '--format', 'json');
      assert.equal(j.code, 0, j.stderr);
      const o = JSON.parse(j.stdout);
      assert.equal(o.by, 'provider');
      assert.equal(o.total.requests, 31);
      assert.equal(o.rows[0].group, 'openai');
      const c = await run('report', '--since', '1d', '--model', 'gpt-4o-mini', '--format', 'csv');
      assert.equal(c.code, 0, c.stderr);
      const [head, ...rows] = c.stdout.trim().split('\n');
      assert.match(head!, /^model,requests,errors,input_tokens/);
      assert.equal(rows.length, 1);
      assert.match(rows[0]!, /^gpt-4o-mini,10,0,/);
    } finally {
      delete process.env.MARGIN_LEDGER;
    }
  });

  it('fails with one line and exit 1 on a missing ledger or bad arguments', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--ledger', join(dir, 'missing.db')], /ledger not found: .*missing\.db/],
      [['--ledger', db, '--by', 'colour'], /--by must be one of/],
      [['--ledger', db, '--since', 'last week'], /--since must be a duration/],
      [['--ledger', db, '--format', 'xml'], /--format must be one of/],
      [['--ledger', db, '--bogus'], /bogus/],
      [['--ledger', 'mysql://x/y'], /unsupported ledger URL scheme/],
    ];
    for (const [args, re] of cases) {
      const r = await run('report', ...args);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, re);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });

  it('has --help', async () => {
    const r = await run('report', '--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--since/);
  });
});
