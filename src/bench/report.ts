// Bench results to rows (one per path and run), direct-vs-gateway comparisons, and checks against the
// performance budgets of the design (≥ 5,000 req/s at c=32, ≤ 0.3 ms added at c=1, ≤ 1 ms added p99 at
// 2,000 req/s, flat memory, streaming without buffering).
import type { Row } from '../report/format.js';
import type { BenchResult, Mode, RunResult } from './runner.js';

export interface Comparison {
  mode: Mode;
  concurrency: number;
  rate: number | undefined;
  directRps: number;
  gatewayRps: number;
  addedP50Ms: number;
  addedP99Ms: number;
  directP99Ms: number;
  gatewayP99Ms: number;
  gatewayCpuUsPerReq: number | undefined;
}

export interface GoalCheck {
  goal: string;
  measured: string;
  met: boolean | undefined;
}

const round = (x: number | undefined, digits = 3): number | undefined =>
  x === undefined || !Number.isFinite(x) ? undefined : Number(x.toFixed(digits));

/** Pairs each gateway run with the direct run of the same mode, concurrency and rate. */
export function compare(runs: RunResult[]): Comparison[] {
  const out: Comparison[] = [];
  for (const g of runs.filter((r) => r.path === 'gateway')) {
    const d = runs.find(
      (r) => r.path === 'direct' && r.mode === g.mode && r.concurrency === g.concurrency && r.rate === g.rate,
    );
    if (!d) continue;
    out.push({
      mode: g.mode,
      concurrency: g.concurrency,
      rate: g.rate,
      directRps: d.rps,
      gatewayRps: g.rps,
      addedP50Ms: g.p50Ms - d.p50Ms,
      addedP99Ms: g.p99Ms - d.p99Ms,
      directP99Ms: d.p99Ms,
      gatewayP99Ms: g.p99Ms,
      gatewayCpuUsPerReq: g.gatewayCpuUsPerReq,
    });
  }
  return out;
}

/** One table row per run. */
export function runRows(result: BenchResult): Row[] {
  const cmp = compare(result.runs);
  return result.runs.map((r) => {
    const c =
      r.path === 'gateway'
        ? cmp.find((x) => x.mode === r.mode && x.concurrency === r.concurrency && x.rate === r.rate)
        : undefined;
    return {
      mode: r.mode,
      conc: r.concurrency,
      rate: r.rate ?? null,
      path: r.path,
      'req/s': Math.round(r.rps),
      'p50 ms': round(r.p50Ms),
      'p99 ms': round(r.p99Ms),
      '+p50 ms': round(c?.addedP50Ms),
      '+p99 ms': round(c?.addedP99Ms),
      'cpu µs/req': round(r.gatewayCpuUsPerReq, 1),
      'rss MB': round(r.gatewayRssMB, 1),
      errors: r.errors + r.non2xx,
    };
  });
}

/** The design's performance budgets, checked against what was measured (undefined = not measured). */
export function goals(result: BenchResult): GoalCheck[] {
  const cmp = compare(result.runs);
  const at32 = cmp.find((c) => c.mode === 'json' && c.concurrency === 32 && c.rate === undefined);
  const at1 = cmp.find((c) => c.mode === 'json' && c.concurrency === 1 && c.rate === undefined);
  const fixed = cmp.find((c) => c.rate !== undefined);
  const m = result.memory;
  const growth =
    m.rssLoadedMB !== undefined && m.rssEndMB !== undefined ? m.rssEndMB - m.rssLoadedMB : undefined;
  const s = result.stream;
  const checks: GoalCheck[] = [
    {
      goal: '>= 5000 req/s through the gateway at c=32 (JSON)',
      measured: at32
        ? `${Math.round(at32.gatewayRps)} req/s${at32.gatewayCpuUsPerReq ? ` (CPU ${at32.gatewayCpuUsPerReq.toFixed(0)} µs/req: ~${Math.round(1e6 / at32.gatewayCpuUsPerReq)} req/s for a whole core)` : ''}`
        : 'not run',
      met: at32 ? at32.gatewayRps >= 5000 : undefined,
    },
    {
      goal: '<= 0.3 ms added p50 at c=1 (JSON)',
      measured: at1 ? `${at1.addedP50Ms.toFixed(3)} ms` : 'not run',
      met: at1 ? at1.addedP50Ms <= 0.3 : undefined,
    },
    {
      goal: `<= 1 ms added p99 at ${fixed?.rate ?? 2000} req/s`,
      measured: fixed
        ? `${fixed.addedP99Ms.toFixed(3)} ms (p99 ${fixed.gatewayP99Ms.toFixed(3)} vs ${fixed.directP99Ms.toFixed(3)} ms direct)`
        : 'not run',
      // A negative difference means noise on the machine outweighs what the gateway adds: inconclusive.
      met: fixed && fixed.addedP99Ms >= 0 ? fixed.addedP99Ms <= 1 : undefined,
    },
    {
      goal: 'memory flat under sustained load (RSS growth < 32 MB once loaded)',
      measured:
        growth === undefined
          ? 'n/a'
          : `${m.rssStartMB?.toFixed(1)} MB warm, ${m.rssLoadedMB?.toFixed(1)} MB loaded, ${m.rssEndMB?.toFixed(1)} MB at the end`,
      met: growth === undefined ? undefined : growth < 32,
    },
    {
      goal: 'streaming passes chunks without buffering',
      measured: s
        ? `first chunk ${s.gateway.firstChunkMs.toFixed(1)} ms of ${s.gateway.totalMs.toFixed(0)} ms (direct ${s.direct.firstChunkMs.toFixed(1)} ms); median gap ${s.gateway.medianGapMs.toFixed(2)} vs ${s.direct.medianGapMs.toFixed(2)} ms`
        : 'not run',
      met: s ? streamingUnbuffered(s.direct, s.gateway) : undefined,
    },
  ];
  return checks;
}

/** Unbuffered: via the gateway the first chunk arrives in the first half of the stream and chunks stay spread. */
export function streamingUnbuffered(
  direct: { firstChunkMs: number; totalMs: number; chunks: number; medianGapMs: number },
  gateway: { firstChunkMs: number; totalMs: number; chunks: number; medianGapMs: number },
): boolean {
  return (
    gateway.chunks === direct.chunks &&
    gateway.firstChunkMs < gateway.totalMs / 2 &&
    gateway.medianGapMs > direct.medianGapMs / 2
  );
}

/** The whole result as one JSON-ready object. */
export function benchJson(result: BenchResult): Record<string, unknown> {
  return { ...result, comparisons: compare(result.runs), goals: goals(result) };
}
