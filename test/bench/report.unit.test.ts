import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseStatTicks, parseVmRssBytes, sampleProcess } from '../../src/bench/procfs.js';
import { compare, goals, runRows, streamingUnbuffered } from '../../src/bench/report.js';
import {
  type BenchResult,
  benchBody,
  coreLayout,
  medianRound,
  type RunResult,
} from '../../src/bench/runner.js';
import { quantile } from '../../src/bench/stats.js';

const run = (over: Partial<RunResult>): RunResult => ({
  path: 'direct',
  mode: 'json',
  concurrency: 1,
  rate: undefined,
  requests: 1000,
  rps: 10000,
  p50Ms: 0.1,
  p99Ms: 0.5,
  errors: 0,
  non2xx: 0,
  gatewayCpuUsPerReq: undefined,
  gatewayRssMB: undefined,
  ...over,
});

const probe = { firstChunkMs: 20, totalMs: 400, chunks: 48, medianGapMs: 7.6 };

const result: BenchResult = {
  environment: {
    cpus: 2,
    pinned: true,
    gatewayCpu: '1',
    node: 'v20',
    durationS: 5,
    spool: true,
    keys: 'off',
  },
  runs: [
    run({}),
    run({ path: 'gateway', p50Ms: 0.35, p99Ms: 1.1, rps: 6000, gatewayCpuUsPerReq: 150, gatewayRssMB: 80 }),
    run({ concurrency: 32, rps: 20000, p50Ms: 1.5, p99Ms: 3 }),
    run({ path: 'gateway', concurrency: 32, rps: 5200, p50Ms: 6, p99Ms: 9, gatewayCpuUsPerReq: 180 }),
    run({ concurrency: 32, rate: 2000, p50Ms: 0.2, p99Ms: 0.6 }),
    run({ path: 'gateway', concurrency: 32, rate: 2000, p50Ms: 0.5, p99Ms: 1.9 }),
  ],
  memory: { rssStartMB: 70, rssLoadedMB: 90, rssEndMB: 95, rssMaxMB: 96 },
  stream: { direct: probe, gateway: { ...probe, firstChunkMs: 21 } },
};

describe('bench report', () => {
  it('pairs gateway runs with the matching direct runs', () => {
    const c = compare(result.runs);
    assert.equal(c.length, 3);
    assert.ok(Math.abs((c[0]?.addedP50Ms ?? 0) - 0.25) < 1e-9);
    assert.ok(Math.abs((c[2]?.addedP99Ms ?? 0) - 1.3) < 1e-9);
    assert.equal(c[2]?.rate, 2000);
  });

  it('rows carry the added latency on gateway rows only', () => {
    const rows = runRows(result);
    assert.equal(rows.length, 6);
    assert.equal(rows[0]?.['+p50 ms'], undefined);
    assert.equal(rows[1]?.['+p50 ms'], 0.25);
    assert.equal(rows[1]?.['cpu µs/req'], 150);
  });

  it('checks the budgets', () => {
    const g = goals(result);
    assert.deepEqual(
      g.map((x) => x.met),
      [true, true, false, true, true],
    );
  });

  it('a negative added p99 (noise) is inconclusive, not a pass', () => {
    const noisy: BenchResult = {
      ...result,
      runs: result.runs.map((r) => (r.rate && r.path === 'direct' ? { ...r, p99Ms: 50 } : r)),
    };
    assert.equal(goals(noisy)[2]?.met, undefined);
  });

  it('streaming counts as buffered when the first chunk comes late or chunks bunch up', () => {
    assert.equal(streamingUnbuffered(probe, probe), true);
    assert.equal(streamingUnbuffered(probe, { ...probe, firstChunkMs: 390, medianGapMs: 0.01 }), false);
    assert.equal(streamingUnbuffered(probe, { ...probe, chunks: 47 }), false);
  });
});

describe('bench helpers', () => {
  it('parses /proc/<pid>/stat CPU ticks, even with spaces in the command name', () => {
    const stat =
      '4242 (node (gw) x) S 1 4242 4242 0 -1 4194304 9000 0 0 0 1234 56 0 0 20 0 11 0 100 1000000 20000 18446744073709551615';
    assert.equal(parseStatTicks(stat), 1290);
    assert.throws(() => parseStatTicks('garbage'));
  });

  it('parses VmRSS', () => {
    assert.equal(parseVmRssBytes('Name:\tnode\nVmRSS:\t   81234 kB\nThreads: 7\n'), 81234 * 1024);
    assert.throws(() => parseVmRssBytes('Name: x\n'));
  });

  it('samples this process where /proc exists', () => {
    const s = sampleProcess(process.pid);
    if (process.platform === 'linux') {
      assert.ok(s && s.cpuS > 0 && s.rssBytes > 1024 * 1024);
    }
  });

  it('quantiles by nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.equal(quantile(xs, 0.5), 50);
    assert.equal(quantile(xs, 0.99), 99);
    assert.ok(Number.isNaN(quantile([], 0.5)));
  });

  it('lays out cores: gateway alone on core 1', () => {
    assert.equal(coreLayout(1), undefined);
    assert.deepEqual(coreLayout(2), { gateway: '1', others: '0' });
    assert.deepEqual(coreLayout(16), { gateway: '1', others: '0,2-15' });
  });

  it('combines fixed-rate rounds by their median', () => {
    const m = medianRound([
      run({ p50Ms: 0.2, p99Ms: 40, requests: 10, rps: 2000 }),
      run({ p50Ms: 0.3, p99Ms: 0.9, requests: 10, rps: 1990 }),
      run({ p50Ms: 0.25, p99Ms: 1.1, requests: 10, rps: 2010 }),
    ]);
    assert.equal(m.p99Ms, 1.1);
    assert.equal(m.p50Ms, 0.25);
    assert.equal(m.requests, 30);
    assert.equal(m.rps, 2000);
    assert.throws(() => medianRound([]));
  });

  it('bench requests are valid chat bodies', () => {
    const b = JSON.parse(benchBody('stream', 8)) as { stream?: boolean; max_tokens: number };
    assert.equal(b.stream, true);
    assert.equal(b.max_tokens, 8);
  });
});
