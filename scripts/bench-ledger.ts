// `npm run bench:ledger [-- --rows N] [--ingest N] [--url sqlite:/path | postgres://…?schema=x]`
// Measures ledger ingest (records/s through append → batched writes, rollups included) and month reports over
// N rows (default 1,000,000) spread over one month. Goals (DESIGN.md): ≥ 50,000 records/s; ≤ 2 s per report.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openLedger } from '../src/ledger/index.js';
import type { LedgerRecord } from '../src/ledger/record.js';
import type { GroupBy } from '../src/ledger/store.js';
import { makeUsage } from '../src/meter/index.js';
import { buildReport } from '../src/report/ledger-report.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    ingest: { type: 'string', default: '200000' },
    url: { type: 'string' },
  },
});
const ROWS = Number(values.rows);
const INGEST = Number(values.ingest);
const MONTH_START = Date.UTC(2026, 9, 1);
const MONTH_MS = 31 * 86_400_000;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Zipf-distributed index sampler over n items (skew like real traffic: few models and keys dominate). */
function zipf(n: number, s: number, r: () => number): () => number {
  const w = Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);
  const total = w.reduce((a, b) => a + b, 0);
  const cdf: number[] = [];
  w.reduce((acc, x, i) => (cdf[i] = acc + x / total), 0);
  return () => {
    const u = r();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const MODELS: Array<[string, string]> = [
  ['gpt-4o-mini', 'openai'],
  ['claude-sonnet-4-5', 'anthropic'],
  ['gpt-4o', 'openai'],
  ['gemini-2.5-flash', 'google'],
  ['deepseek-chat', 'deepseek'],
  ['claude-haiku-4-5', 'anthropic'],
  ['gemini-2.5-pro', 'google'],
  ['llama-3.3-70b', 'together'],
  ['gpt-4.1', 'openai'],
  ['mistral-large', 'mistral'],
];

/** Records in arrival order (a gateway appends them as requests finish), n of them spread over `span`. */
function generator(seed: number, start: number, span: number, n: number) {
  const r = rng(seed);
  const model = zipf(MODELS.length, 1.2, r);
  const key = zipf(200, 1.1, r);
  let i = 0;
  return (): LedgerRecord => {
    const [m, p] = MODELS[model()]!;
    const k = key();
    const u = r();
    const cache = u < 0.8 ? 'miss' : u < 0.92 ? 'exact' : u < 0.97 ? 'semantic' : 'bypass';
    const v = r();
    const status = v < 0.965 ? 200 : v < 0.98 ? 429 : v < 0.99 ? 500 : 400;
    const e = r();
    const input = 200 + Math.floor(r() * 4000);
    const output = Math.floor(r() * 800);
    const cost = (input * 2.5 + output * 10) / 1e6;
    return {
      id: `b${seed}-${++i}`,
      ts: start + Math.floor(((i - 1 + r()) * span) / n),
      keyId: `key-${k}`,
      tenant: `tenant-${k % 20}`,
      endpoint: e < 0.85 ? 'chat.completions' : e < 0.95 ? 'messages' : 'embeddings',
      requestedModel: m,
      servedModel: m,
      provider: p,
      status,
      errorCode: status >= 400 ? 'upstream_error' : null,
      streamed: r() < 0.6,
      usage: makeUsage({ inputTokens: input, cacheReadTokens: Math.floor(input / 5), outputTokens: output }),
      costUsd: {
        input: cost / 2,
        cachedInput: 0,
        cacheWrite: 0,
        output: cost / 2,
        reasoning: 0,
        total: cost,
      },
      energyWh: (input + output) / 4000,
      co2eG: (input + output) / 9000,
      cache,
      savedUsd: cache === 'exact' || cache === 'semantic' ? cost : 0,
      savedEnergyWh: 0,
      savedCo2eG: 0,
      route: null,
      latencyMs: 50 + r() * 3000,
      ttftMs: r() < 0.6 ? 20 + r() * 500 : null,
      clientAborted: false,
    };
  };
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Appends n generated records through the ledger; records/s over the appends and flushes (wall and CPU time). */
async function ingest(
  url: string,
  n: number,
  seed: number,
  start: number,
  span: number,
  worker?: boolean,
  spool?: false,
) {
  const ledger = await openLedger({
    url,
    onError: (e) => console.error(`ledger: ${e.message}`),
    ...(worker === undefined ? {} : { worker }),
    ...(spool === false ? { spool } : {}),
  });
  const next = generator(seed, start, span, n);
  const CHUNK = 50_000;
  let busyMs = 0;
  let cpu = 0;
  for (let done = 0; done < n; done += CHUNK) {
    const batch = Array.from({ length: Math.min(CHUNK, n - done) }, next); // generated outside the timing
    const t0 = performance.now();
    const c0 = cpuMs();
    for (const r of batch) ledger.append(r);
    await ledger.flush();
    busyMs += performance.now() - t0;
    cpu += cpuMs() - c0;
    if (n >= 1_000_000 && (done / CHUNK) % 20 === 19) process.stderr.write(`  loaded ${done + CHUNK} rows\n`);
  }
  const t0 = performance.now();
  const c0 = cpuMs();
  await ledger.close();
  busyMs += performance.now() - t0;
  cpu += cpuMs() - c0;
  const s = ledger.stats();
  if (s.written !== n) throw new Error(`wrote ${s.written} of ${n}`);
  return { wall: n / (busyMs / 1000), cpu: n / (cpu / 1000) };
}

async function timeReport(url: string, by: GroupBy, from: number, to: number) {
  const { openStore } = await import('../src/ledger/index.js');
  const store = await openStore(url, false);
  const t0 = performance.now();
  const c0 = cpuMs();
  const r = await buildReport(store, { range: { from, to }, by });
  const ms = performance.now() - t0;
  const cpu = cpuMs() - c0;
  await store.close();
  return { ms, cpu, groups: r.rows.length, requests: r.total.requests, percentiles: r.percentiles };
}

async function main(): Promise<void> {
  const dir = values.url ? null : mkdtempSync(join(tmpdir(), 'margin-bench-ledger-'));
  const url = values.url ?? `sqlite:${join(dir!, 'ledger.db')}`;
  const ingestUrl = values.url ?? `sqlite:${join(dir!, 'ingest.db')}`;
  try {
    console.log(`ledger bench: ${url.replace(/\/\/[^@]*@/, '//***@')}`);
    const fmt = (x: number) => Math.round(x).toLocaleString('en');
    // SQLite files are written by a writer thread by default (the gateway's event loop never runs a write);
    // the in-process writer is measured too: it is the store's own ingest rate, without the thread hop.
    // The spool (one write(2) per record on the appending thread) is on by default; the same mode without
    // it, measured in the same run, shows what it costs.
    const modes: Array<[string, boolean | undefined, false | undefined]> = ingestUrl.startsWith('sqlite:')
      ? [
          ['writer thread (default for SQLite files)', true, undefined],
          ['writer thread, no spool', true, false],
          ['in-process writer', false, undefined],
        ]
      : [
          ['in-process writer', undefined, undefined],
          ['in-process writer, no spool', undefined, false],
        ];
    for (const [i, [name, worker, spool]] of modes.entries()) {
      const rate = await ingest(
        `${ingestUrl}${i ? `-${i}` : ''}`,
        INGEST,
        1,
        Date.now() - 86_400_000,
        86_400_000,
        worker,
        spool,
      );
      console.log(
        `ingest, ${name}: ${INGEST} records in batches of 1000 → ${fmt(rate.wall)} records/s wall, ${fmt(rate.cpu)} per CPU-second, ${((1e6 / rate.cpu) | 0).toLocaleString('en')} µs CPU per record (goal ≥ 50,000/s)`,
      );
    }
    const load = await ingest(url, ROWS, 2, MONTH_START, MONTH_MS);
    console.log(
      `month load: ${ROWS} records → ${fmt(load.wall)} records/s wall, ${fmt(load.cpu)} per CPU-second`,
    );
    const cases: Array<[string, GroupBy, number, number]> = [
      ['October by model (whole days)', 'model', MONTH_START, MONTH_START + MONTH_MS],
      ['October by key', 'key', MONTH_START, MONTH_START + MONTH_MS],
      ['October by day', 'day', MONTH_START, MONTH_START + MONTH_MS],
      [
        '30 days to 13:37:21 by provider (raw edges)',
        'provider',
        MONTH_START + 3_600_000 * 10.5,
        MONTH_START + 30 * 86_400_000 + 49_041_000,
      ],
      ['October by hour', 'hour', MONTH_START, MONTH_START + MONTH_MS],
    ];
    for (const [name, by, from, to] of cases) {
      const r = await timeReport(url, by, from, to);
      console.log(
        `report ${name}: ${r.ms.toFixed(0)} ms wall (${r.cpu.toFixed(0)} ms CPU), ${r.requests} requests in ${r.groups} groups, percentiles ${r.percentiles} (goal ≤ 2000 ms)`,
      );
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
