// `margin bench`: the fast emulator as upstream and the gateway (metering and SQLite ledger on) in child
// processes, the gateway pinned to one core; drives both paths with autocannon at each concurrency, JSON and
// streaming, alternating which goes first; then a fixed-rate run and a streaming pass-through probe.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteKeyStore } from '../governance/keys/sqlite.js';
import { type Child, hasTaskset, startChild } from './children.js';
import { type LoadResult, runLoad } from './load.js';
import { runFixedRate } from './open-loop.js';
import { sampleProcess } from './procfs.js';
import { median } from './stats.js';
import { probeStream, type StreamProbe } from './stream-probe.js';

export type Mode = 'json' | 'stream';
export type PathName = 'direct' | 'gateway';

export interface BenchOptions {
  durationS: number;
  concurrencies: number[];
  modes: Mode[];
  /** Fixed request rate for the added-p99 run (0 = skip). */
  rate: number;
  warmupS: number;
  /** Output tokens per benchmark request. */
  outputTokens: number;
  /** Pin the gateway to one core and everything else to the other cores (when taskset exists). */
  pin: boolean;
  /** Probe streaming pass-through with a slow emulator (adds a second gateway for ~1 s). */
  streamProbe: boolean;
  /** The ledger spool on (the default; off measures what it costs). */
  spool: boolean;
  /** Every gateway request authenticated with a key that has a budget and a requests/min limit. */
  keys: boolean;
  /** Redis sharing those limits (with `keys`): every request then runs the shared counters' scripts. */
  redis?: string;
  log?: (line: string) => void;
}

export const DEFAULT_BENCH: BenchOptions = {
  durationS: 5,
  concurrencies: [1, 32, 128],
  modes: ['json', 'stream'],
  rate: 2000,
  warmupS: 1,
  outputTokens: 32,
  pin: true,
  streamProbe: true,
  spool: true,
  keys: false,
};

export interface RunResult extends LoadResult {
  path: PathName;
  mode: Mode;
  concurrency: number;
  /** Fixed request rate of the run, if any. */
  rate: number | undefined;
  /** Gateway CPU time per completed request, µs (gateway runs only, where /proc exists). */
  gatewayCpuUsPerReq: number | undefined;
  /** Gateway RSS after the run, MB. */
  gatewayRssMB: number | undefined;
}

export interface BenchResult {
  environment: {
    cpus: number;
    pinned: boolean;
    gatewayCpu: string | undefined;
    node: string;
    durationS: number;
    /** What the gateway ran with: ledger spool, API keys, Redis-shared limits. */
    spool: boolean;
    keys: 'off' | 'local' | 'redis';
  };
  runs: RunResult[];
  /**
   * Gateway RSS: after warm-up, after its first run at the highest concurrency (the heap has grown to its
   * working size), at the end, and the largest seen. Flat memory = end close to `rssLoadedMB`.
   */
  memory: {
    rssStartMB: number | undefined;
    rssLoadedMB: number | undefined;
    rssEndMB: number | undefined;
    rssMaxMB: number | undefined;
  };
  stream: { direct: StreamProbe; gateway: StreamProbe } | undefined;
}

const MB = 1024 * 1024;

/** The chat request every run sends. */
export function benchBody(mode: Mode, outputTokens: number): string {
  return JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Write a short note about load testing a gateway.' }],
    max_tokens: outputTokens,
    ...(mode === 'stream' ? { stream: true } : {}),
  });
}

/** Core sets: the gateway alone on core 1, everything else on the remaining cores. */
export function coreLayout(cpus: number): { gateway: string; others: string } | undefined {
  if (cpus < 2) return undefined;
  return { gateway: '1', others: cpus === 2 ? '0' : `0,2-${cpus - 1}` };
}

async function pinSelf(cores: string): Promise<void> {
  const { spawnSync } = await import('node:child_process');
  spawnSync('taskset', ['-acp', cores, String(process.pid)], { stdio: 'ignore' });
}

/** Runs the whole benchmark; returns every run's figures. */
export async function runBench(options: Partial<BenchOptions> = {}): Promise<BenchResult> {
  const o: BenchOptions = { ...DEFAULT_BENCH, ...options };
  const log = o.log ?? (() => {});
  const cpus = availableParallelism();
  if (import.meta.url.endsWith('.ts')) {
    log(
      'running from TypeScript sources (tsx): the children pay tsx overheads; use `npm run bench` for real figures',
    );
  }
  const layout = o.pin && hasTaskset() ? coreLayout(cpus) : undefined;
  if (layout) await pinSelf(layout.others);
  const dir = mkdtempSync(join(tmpdir(), 'margin-bench-'));
  const children: Child[] = [];
  try {
    const upstream = await startChild('emulator', { fast: true }, layout?.others);
    children.push(upstream);
    const auth = o.keys || o.redis ? await benchKey(dir) : undefined;
    const gateway = await startChild(
      'gateway',
      {
        upstream: upstream.url,
        ledgerUrl: `sqlite:${join(dir, 'ledger.db')}`,
        spool: o.spool,
        ...(auth ? { keysDb: auth.keysDb } : {}),
        ...(o.redis ? { redis: o.redis, redisKeyPrefix: `margin:bench:${randomUUID()}:` } : {}),
      },
      layout?.gateway,
    );
    children.push(gateway);
    log(
      `upstream (fast emulator) ${upstream.url}; gateway ${gateway.url}${layout ? ` pinned to core ${layout.gateway}` : ''}`,
    );
    const base: Record<PathName, string> = { direct: upstream.url, gateway: gateway.url };
    const endpoint = (p: PathName) => `${base[p].replace(/\/+$/, '')}/chat/completions`;

    for (const mode of o.modes) {
      for (const p of ['direct', 'gateway'] as const) {
        await runLoad({
          url: endpoint(p),
          body: benchBody(mode, o.outputTokens),
          connections: 8,
          durationS: o.warmupS,
        });
      }
    }
    const rssStart = sampleProcess(gateway.pid)?.rssBytes;
    let rssMax = rssStart ?? 0;
    let rssLoaded: number | undefined;
    const peak = Math.max(...o.concurrencies);
    const runs: RunResult[] = [];
    const measure = async (
      p: PathName,
      mode: Mode,
      concurrency: number,
      rate?: number,
      durationS = o.durationS,
    ): Promise<RunResult> => {
      const before = p === 'gateway' ? sampleProcess(gateway.pid) : undefined;
      const spec = {
        url: endpoint(p),
        body: benchBody(mode, o.outputTokens),
        connections: concurrency,
        durationS,
        ...(auth && p === 'gateway' ? { headers: { authorization: `Bearer ${auth.secret}` } } : {}),
      };
      const r = rate ? await runFixedRate({ ...spec, rate }) : await runLoad(spec);
      const after = p === 'gateway' ? sampleProcess(gateway.pid) : undefined;
      if (after) rssMax = Math.max(rssMax, after.rssBytes);
      if (after && concurrency === peak && rssLoaded === undefined) rssLoaded = after.rssBytes;
      const cpuUs =
        before && after && r.requests > 0 ? ((after.cpuS - before.cpuS) * 1e6) / r.requests : undefined;
      log(
        `${mode.padEnd(6)} c=${String(concurrency).padEnd(4)}${rate ? ` rate=${rate}` : ''} ${p.padEnd(7)} ${r.rps.toFixed(0)} req/s p50 ${r.p50Ms.toFixed(3)} ms p99 ${r.p99Ms.toFixed(3)} ms${r.errors + r.non2xx ? ` (${r.errors} errors, ${r.non2xx} non-2xx)` : ''}`,
      );
      return {
        ...r,
        path: p,
        mode,
        concurrency,
        rate,
        gatewayCpuUsPerReq: cpuUs,
        gatewayRssMB: after ? after.rssBytes / MB : undefined,
      };
    };
    let turn = 0;
    for (const mode of o.modes) {
      for (const c of o.concurrencies) {
        const order: PathName[] = turn++ % 2 === 0 ? ['direct', 'gateway'] : ['gateway', 'direct'];
        for (const p of order) runs.push(await measure(p, mode, c));
      }
    }
    if (o.rate > 0) {
      // Three shorter alternating rounds per path; the median round resists bursts of outside noise.
      const rounds: Record<PathName, RunResult[]> = { direct: [], gateway: [] };
      const roundS = Math.max(1, o.durationS / 2);
      for (let i = 0; i < 3; i++) {
        const order: PathName[] = turn++ % 2 === 0 ? ['direct', 'gateway'] : ['gateway', 'direct'];
        for (const p of order) rounds[p].push(await measure(p, 'json', 32, o.rate, roundS));
      }
      runs.push(medianRound(rounds.direct), medianRound(rounds.gateway));
    }
    const rssEnd = sampleProcess(gateway.pid)?.rssBytes;
    const stream = o.streamProbe ? await streamProbe(dir, layout?.gateway) : undefined;
    if (stream) {
      log(
        `stream probe: first chunk ${stream.direct.firstChunkMs.toFixed(1)} ms direct / ${stream.gateway.firstChunkMs.toFixed(1)} ms via gateway; stream ${stream.gateway.totalMs.toFixed(0)} ms`,
      );
    }
    return {
      environment: {
        cpus,
        pinned: layout !== undefined,
        gatewayCpu: layout?.gateway,
        node: process.version,
        durationS: o.durationS,
        spool: o.spool,
        keys: o.redis ? 'redis' : o.keys ? 'local' : 'off',
      },
      runs,
      memory: {
        rssStartMB: rssStart === undefined ? undefined : rssStart / MB,
        rssLoadedMB: rssLoaded === undefined ? undefined : rssLoaded / MB,
        rssEndMB: rssEnd === undefined ? undefined : rssEnd / MB,
        rssMaxMB: rssStart === undefined ? undefined : rssMax / MB,
      },
      stream,
    };
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A key store in `dir` with one key whose caps are never reached (every check runs, none refuses). */
async function benchKey(dir: string): Promise<{ keysDb: string; secret: string }> {
  const keysDb = join(dir, 'keys.db');
  const store = new SqliteKeyStore(keysDb);
  try {
    const { secret } = await store.create({
      tenant: 'bench',
      monthlyBudgetUsd: 1e9,
      rateLimitRpm: 60_000_000,
    });
    return { keysDb, secret };
  } finally {
    await store.close();
  }
}

/** Combines rounds of one path: median p50 and p99, summed requests and errors, mean rate and CPU. */
export function medianRound(rounds: RunResult[]): RunResult {
  const first = rounds[0];
  if (!first) throw new Error('medianRound needs at least one round');
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const cpu = rounds.map((r) => r.gatewayCpuUsPerReq).filter((x): x is number => x !== undefined);
  return {
    ...first,
    requests: rounds.reduce((n, r) => n + r.requests, 0),
    rps: mean(rounds.map((r) => r.rps)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    non2xx: rounds.reduce((n, r) => n + r.non2xx, 0),
    gatewayCpuUsPerReq: cpu.length ? mean(cpu) : undefined,
    gatewayRssMB: rounds[rounds.length - 1]?.gatewayRssMB,
  };
}

/** A timed (slow) emulator behind a second gateway: do chunks reach the client as they are produced? */
async function streamProbe(
  dir: string,
  gatewayCpu: string | undefined,
): Promise<{ direct: StreamProbe; gateway: StreamProbe }> {
  const slow = await startChild('emulator', { fast: false });
  let gw: Child | undefined;
  try {
    gw = await startChild(
      'gateway',
      { upstream: slow.url, ledgerUrl: `sqlite:${join(dir, 'probe.db')}` },
      gatewayCpu,
    );
    // Warm both paths once (tokenizer load, connection pools) before timing.
    await probeStream(slow.url, 4);
    await probeStream(gw.url, 4);
    const direct = await probeStream(slow.url, 48);
    const gateway = await probeStream(gw.url, 48);
    return { direct, gateway };
  } finally {
    await Promise.all([slow.stop(), gw?.stop()]);
  }
}
