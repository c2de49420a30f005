// Sizes one self-hosted replica for a p95 TTFT target: for each candidate concurrency (slots) the physics
// gives the TTFT and the time a request holds a slot; the M/M/c queue (fleet/queueing.ts) then gives the
// largest arrival rate whose p95 TTFT meets the target. The concurrency with the largest such rate wins.
// Done once per option, so the hourly fleet loop only divides by the result.
import { maxArrivalRate, type ReplicaQueue } from '../fleet/queueing.js';
import {
  type Deployment,
  type Infeasible,
  isInfeasible,
  type OperatingPoint,
  type PhysicsWorkload,
  type PlannerPhysics,
} from '../physics-port.js';

/** The TTFT quantile the latency target is read as. */
export const TTFT_QUANTILE = 0.95;
/** Planned utilisation when the workload gives no TTFT target and no targetUtilisation (stated default). */
export const DEFAULT_UTILISATION = 0.8;

export interface SizedReplica {
  op: OperatingPoint;
  queue: ReplicaQueue;
  /** Largest arrival rate per replica whose p95 TTFT meets the target; undefined without a target. */
  p95Rps?: number;
  /** Arrival rate per replica the fleet is sized at: the p95 rate, capped by targetUtilisation × capacity. */
  sizingRps: number;
  sizedBy: 'p95 TTFT' | 'targetUtilisation';
  /** Concurrencies evaluated. */
  tried: number;
}

/** The queue a replica forms at an operating point: slots = concurrency, service = slots / throughput. */
export function queueOf(op: OperatingPoint): ReplicaQueue {
  const servers = Math.max(1, Math.floor(op.concurrency));
  return { servers, serviceS: servers / op.requestsPerS, ttftS: op.ttftS };
}

/** Concurrencies 1…hi, about 20% apart (every integer at the low end), hi included. */
function grid(hi: number): number[] {
  const out: number[] = [];
  for (let c = 1; c < hi; c = Math.max(c + 1, Math.round(c * 1.2))) out.push(c);
  out.push(hi);
  return out;
}

/**
 * The operating point and per-replica arrival rate that keep p95 TTFT ≤ the target (and TPOT ≤ its
 * target), capped by `targetUtilisation` × capacity when given; without a TTFT target, the physics'
 * best operating point at `targetUtilisation` (default 0.8) of its capacity.
 */
export function sizeReplica(
  physics: PlannerPhysics,
  d: Deployment,
  w: PhysicsWorkload,
  targets: { ttftS?: number; tpotS?: number },
  targetUtilisation: number | undefined,
): SizedReplica | Infeasible {
  const best = physics.bestOperatingPoint(d, w, targets);
  if (isInfeasible(best)) return best;
  const T = targets.ttftS;
  if (T === undefined) {
    return {
      op: best,
      queue: queueOf(best),
      sizingRps: (targetUtilisation ?? DEFAULT_UTILISATION) * best.requestsPerS,
      sizedBy: 'targetUtilisation',
      tried: 1,
    };
  }
  // The physics' best point has the largest concurrency whose mean TTFT meets T; larger ones miss it.
  const hi = Math.max(1, Math.floor(best.concurrency));
  const cap = targetUtilisation ?? 1;
  const seen = new Map<number, { op: OperatingPoint; p95: number; sizing: number } | null>();
  let top = 0;
  const at = (c: number) => {
    if (seen.has(c)) return seen.get(c);
    const op = c === hi ? best : physics.operatingPoint(d, { ...w, concurrency: c });
    let v: { op: OperatingPoint; p95: number; sizing: number } | null = null;
    const ok =
      !isInfeasible(op) &&
      op.requestsPerS > 0 &&
      op.ttftS <= T &&
      (targets.tpotS === undefined || op.tpotS <= targets.tpotS);
    // The p95 rate is below capacity, so a point whose capped capacity cannot beat the best is skipped.
    if (ok && cap * op.requestsPerS > top) {
      const p95 = maxArrivalRate(queueOf(op), T, TTFT_QUANTILE);
      const sizing = Math.min(p95, cap * op.requestsPerS);
      v = { op, p95, sizing };
      if (sizing > top) top = sizing;
    }
    seen.set(c, v);
    return v;
  };
  const g = grid(hi);
  // Largest concurrency first: its capacity is the highest, so most smaller ones are pruned unsolved.
  for (let i = g.length - 1; i >= 0; i--) at(g[i] ?? 1);
  let k = 0;
  for (let i = 0; i < g.length; i++) if ((at(g[i] ?? 1)?.sizing ?? 0) > (at(g[k] ?? 1)?.sizing ?? 0)) k = i;
  // Refine between the neighbours of the best grid point (ternary search, the rate is unimodal there),
  // down to ~3% of the concurrency: the rate is flat near its peak, so finer steps gain < 0.1%.
  let lo = g[Math.max(0, k - 1)] ?? 1;
  let up = g[Math.min(g.length - 1, k + 1)] ?? hi;
  const rate = (c: number) => at(c)?.sizing ?? 0;
  while (up - lo > Math.max(3, up / 32)) {
    const m1 = lo + Math.floor((up - lo) / 3);
    const m2 = up - Math.floor((up - lo) / 3);
    if (rate(m1) < rate(m2)) lo = m1;
    else up = m2;
  }
  if (up - lo <= 3) for (let c = lo; c <= up; c++) rate(c);
  else rate(Math.round((lo + up) / 2));
  let chosen: { op: OperatingPoint; p95: number; sizing: number } | undefined;
  for (const v of seen.values()) if (v && (!chosen || v.sizing > chosen.sizing)) chosen = v;
  if (!chosen || !(chosen.sizing > 0)) {
    return {
      feasible: false,
      reason: `no arrival rate keeps p95 TTFT ≤ ${T} s (TTFT at concurrency 1 is ${best.ttftS.toFixed(3)} s)`,
    };
  }
  return {
    op: chosen.op,
    queue: queueOf(chosen.op),
    p95Rps: chosen.p95,
    sizingRps: chosen.sizing,
    sizedBy: chosen.sizing < chosen.p95 ? 'targetUtilisation' : 'p95 TTFT',
    tried: seen.size,
  };
}
