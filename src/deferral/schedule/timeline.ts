// Time arithmetic of the scheduler: the instants where a job's price, carbon intensity or load may change
// (hour boundaries and price-window edges), time-weighted averages of piecewise-constant signals over a
// run, and the candidate start times whose set provably contains the optimum. All times are epoch ms, UTC.
import type { PriceWindow } from '../../catalog/schema.js';
import { windowEdges } from '../../meter/windows.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** Hour of the week, 0 = Sunday 00:00–01:00 UTC … 167 = Saturday 23:00 UTC. */
export function hourOfWeek(at: number): number {
  const d = new Date(at);
  return d.getUTCDay() * 24 + d.getUTCHours();
}

/**
 * Sorted unique instants in (from, to) where a signal may change: every UTC hour boundary (carbon profiles
 * and load curves are hourly) and every edge of the price windows.
 */
export function breakpoints(from: number, to: number, windows: readonly PriceWindow[] | undefined): number[] {
  if (!(to > from)) return [];
  const out = new Set<number>();
  for (let t = Math.floor(from / HOUR_MS) * HOUR_MS + HOUR_MS; t < to; t += HOUR_MS) out.add(t);
  for (const t of windowEdges(windows, from, to)) if (t > from) out.add(t);
  return [...out].sort((a, b) => a - b);
}

/**
 * A piecewise-constant signal over [from, to] (constant between consecutive breakpoints) with its running
 * integral, so the mean over any run inside the range costs one binary search.
 */
export class StepSignal {
  private readonly xs: number[];
  private readonly vs: number[];
  private readonly cum: number[];

  constructor(
    private readonly from: number,
    private readonly to: number,
    points: readonly number[],
    f: (t: number) => number,
  ) {
    this.xs = [from];
    for (const p of points) if (p > from && p < to) this.xs.push(p);
    this.vs = this.xs.map(f);
    this.cum = [0];
    for (let i = 1; i < this.xs.length; i++) {
      this.cum.push(
        (this.cum[i - 1] ?? 0) + (this.vs[i - 1] ?? 0) * ((this.xs[i] ?? 0) - (this.xs[i - 1] ?? 0)),
      );
    }
  }

  /** Value at `t` (clamped to the range). */
  at(t: number): number {
    return this.vs[this.segment(t)] ?? 0;
  }

  /** Time-weighted mean over [a, b) inside the range; a zero-length run takes the value at `a`. */
  mean(a: number, b: number): number {
    if (!(b > a)) return this.at(a);
    return (this.integral(b) - this.integral(a)) / (b - a);
  }

  private integral(t: number): number {
    const x = Math.min(Math.max(t, this.from), this.to);
    const i = this.segment(x);
    return (this.cum[i] ?? 0) + (this.vs[i] ?? 0) * (x - (this.xs[i] ?? this.from));
  }

  /** Index of the segment holding `t`: the last breakpoint ≤ t. */
  private segment(t: number): number {
    let lo = 0;
    let hi = this.xs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.xs[mid] ?? 0) <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/**
 * Candidate start times in [earliest, latest] for a run of `durationMs`: `earliest`, `latest`, and every
 * start where the run begins or ends on a breakpoint. Between two such starts the run's average of any
 * piecewise-constant signal is linear in the start, so its minimum over [earliest, latest] is one of them.
 */
export function candidateStarts(
  earliest: number,
  latest: number,
  durationMs: number,
  points: readonly number[],
): number[] {
  if (latest < earliest) return [];
  const buf: number[] = [earliest];
  // Points are sorted: only those in [earliest, latest + duration] can give a start in range.
  for (let i = firstAtOrAfter(points, earliest); i < points.length; i++) {
    const p = points[i] as number;
    if (p > latest + durationMs) break;
    if (p > earliest && p <= latest) buf.push(p);
    const q = p - durationMs;
    if (q > earliest && q <= latest) buf.push(q);
  }
  if (latest > earliest) buf.push(latest);
  const sorted = Float64Array.from(buf).sort();
  const out: number[] = [];
  for (const x of sorted) if (out.length === 0 || out[out.length - 1] !== x) out.push(x);
  return out;
}

/** Index of the first sorted value ≥ t. */
function firstAtOrAfter(xs: readonly number[], t: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] ?? 0) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
