// Queueing at a replica: continuous batching with `c` slots is an M/M/c queue (Poisson arrivals, c servers,
// service time = a request's time in the batch). Erlang C gives the chance a request waits for a free slot;
// the wait, given that it waits, is exponential with rate cμ − λ. Used for the p95 time to first token.

/** One replica as a queue: slots, mean time a request holds a slot, and TTFT once it has one. */
export interface ReplicaQueue {
  /** Slots (the operating point's concurrency). */
  servers: number;
  /** Mean time a request holds a slot (prefill + decode), s; μ = 1 / serviceS. */
  serviceS: number;
  /** Time to first token once a slot is free (prefill at the operating point), s. */
  ttftS: number;
}

/** Erlang C: probability that an arrival waits, for `c` servers at offered load `a` = λ/μ Erlangs. */
export function erlangC(c: number, a: number): number {
  if (!Number.isInteger(c) || c < 1)
    throw new RangeError(`erlangC: servers must be an integer ≥ 1, got ${c}`);
  if (!(a > 0)) return 0;
  if (a >= c) return 1;
  // Erlang B by its stable recursion B(k) = a·B(k−1) / (k + a·B(k−1)), then C = B / (1 − ρ(1 − B)).
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b / (1 - (a / c) * (1 - b));
}

/** Saturation throughput of a replica, requests/s (cμ). */
export function queueCapacity(q: ReplicaQueue): number {
  return q.servers / q.serviceS;
}

/** Mean wait for a slot at arrival rate `lambda` (req/s): C / (cμ − λ); Infinity at or above capacity. */
export function meanWait(q: ReplicaQueue, lambda: number): number {
  const cap = queueCapacity(q);
  if (lambda >= cap) return Number.POSITIVE_INFINITY;
  return erlangC(q.servers, lambda * q.serviceS) / (cap - lambda);
}

/** Quantile `p` of the wait for a slot: P(W > t) = C·e^(−(cμ−λ)t) → t = ln(C/(1−p)) / (cμ − λ), or 0. */
export function waitQuantile(q: ReplicaQueue, lambda: number, p = 0.95): number {
  const cap = queueCapacity(q);
  if (lambda >= cap) return Number.POSITIVE_INFINITY;
  const c = erlangC(q.servers, lambda * q.serviceS);
  return c <= 1 - p ? 0 : Math.log(c / (1 - p)) / (cap - lambda);
}

/** Quantile `p` of TTFT at arrival rate `lambda`: the operating point's TTFT + the wait quantile. */
export function ttftQuantile(q: ReplicaQueue, lambda: number, p = 0.95): number {
  return q.ttftS + waitQuantile(q, lambda, p);
}

/**
 * Largest arrival rate (req/s) at which the `p` quantile of TTFT stays ≤ `targetS` (0 when the TTFT
 * alone misses it). The wait quantile rises with λ, so this bisects λ in [0, cμ).
 */
export function maxArrivalRate(q: ReplicaQueue, targetS: number, p = 0.95): number {
  const slack = targetS - q.ttftS;
  if (!(slack >= 0)) return 0;
  const cap = queueCapacity(q);
  let lo = 0;
  let hi = cap;
  for (let i = 0; i < 60 && hi - lo > 1e-5 * cap; i++) {
    const mid = 0.5 * (lo + hi);
    if (waitQuantile(q, mid, p) <= slack) lo = mid;
    else hi = mid;
  }
  return lo;
}
