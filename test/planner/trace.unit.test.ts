import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { traceToWorkload } from '../../src/planner/workload/from-trace.js';
import { mergeRaw, parseWorkload } from '../../src/planner/workload/load.js';
import { fixture } from './helpers.js';

describe('--trace', () => {
  it('Azure 2023: rate from first to last arrival, 8 token buckets', () => {
    const path = fixture('azure-conv-30.csv');
    const rows = readFileSync(path, 'utf8').trim().split('\n').slice(1);
    const secs = (r: string) => {
      const [d, t] = r.split(',')[0]!.split(' ');
      return Date.parse(`${d}T${t!.slice(0, 12)}Z`) / 1000;
    };
    const span = secs(rows[rows.length - 1]!) - secs(rows[0]!);
    const { patch, summary } = traceToWorkload(path);
    assert.equal(summary.format, 'azure');
    assert.equal(summary.requests, 30);
    assert.ok(Math.abs(summary.requestsPerDay - (29 / span) * 86400) < 1);
    const inputs = rows.map((r) => Number(r.split(',')[1]));
    assert.ok(Math.abs((summary.meanInput ?? 0) - inputs.reduce((s, v) => s + v, 0) / 30) < 1e-9);
    const w = parseWorkload(mergeRaw({ candidates: { api: ['gpt-4o'] } }, patch));
    assert.ok(typeof w.tokens.input === 'object' && w.tokens.input.buckets?.length === 8);
  });

  it('BurstGPT: failed (0-token) rows are left out; models are counted', () => {
    const { summary } = traceToWorkload(fixture('burstgpt1-40.csv'));
    assert.equal(summary.format, 'burstgpt');
    assert.equal(summary.requests, 38);
    const models = summary.models ?? {};
    assert.equal((models['ChatGPT'] ?? 0) + (models['GPT-4'] ?? 0), 38);
    assert.ok(summary.notes.some((n) => /2 failed/.test(n)));
  });

  it('Mooncake: prefix-cache share from leading 512-token blocks, hand-computed', () => {
    const { patch, summary } = traceToWorkload(fixture('mooncake-5.jsonl'));
    assert.equal(summary.format, 'mooncake');
    // Hits: r2 reuses 2 blocks (1024), r3 1 block (512), r4 every block (all 1100 tokens).
    assert.ok(Math.abs((summary.prefixShare ?? 0) - 2636 / 4524) < 1e-12);
    assert.ok(Math.abs(summary.requestsPerDay - 86_400) < 1e-6); // 5 arrivals in 4 s → 1 req/s
    assert.deepEqual((patch['cache'] as { prefixShare: number }).prefixShare, 2636 / 4524);
  });

  it('ServeGen rate curves: mean rate, hour-of-day and weekday shape', () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-trace-'));
    try {
      const lines = [
        'model,category,window_start_s,total_rate_rps,active_clients,rate_weighted_cv,top_client_share',
      ];
      // 7 days of 10-minute windows: 10 rps at night (00–12), 30 rps by day; day 6 doubled.
      for (let s = 0; s < 7 * 86400; s += 600) {
        const h = Math.floor((s % 86400) / 3600);
        const day = Math.floor(s / 86400);
        const rps = (h < 12 ? 10 : 30) * (day === 6 ? 2 : 1);
        lines.push(`m-test,language,${s},${rps},3,1.0,0.5`);
        lines.push(`other,language,${s},1,1,1.0,1`);
      }
      const path = join(dir, 'rates.csv');
      writeFileSync(path, lines.join('\n'));
      const { patch, summary } = traceToWorkload(path, { model: 'm-test' });
      const mean = (20 * 6 + 40) / 7;
      assert.ok(Math.abs(summary.requestsPerDay - mean * 86400) < 1e-6);
      const t = patch['traffic'] as { hourly: number[]; weekly: number[] };
      assert.ok(Math.abs(t.hourly[18]! / t.hourly[3]! - 3) < 1e-9);
      assert.ok(Math.abs(t.weekly[6]! / t.weekly[0]! - 2) < 1e-9);
      assert.throws(
        () => traceToWorkload(path, { model: 'nope' }),
        /no rows for model 'nope'.*m-test, other/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown format and a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-trace-'));
    try {
      const path = join(dir, 'x.csv');
      writeFileSync(path, 'a,b\n1,2\n');
      assert.throws(() => traceToWorkload(path), /--trace .*x\.csv: unrecognised trace format/);
      assert.throws(() => traceToWorkload(join(dir, 'missing.csv')), /cannot read trace file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
