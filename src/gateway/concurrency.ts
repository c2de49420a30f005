// Measured concurrency of an upstream: the time-average number of its requests in flight over the last
// minute, from each finished request's start and end (Little's law: L = Σ busy time / window). Sixty
// one-second buckets; recording a request touches only the buckets it overlaps.

const BUCKET_MS = 1000;
const BUCKETS = 60;

export class ConcurrencyGauge {
  private readonly busy = new Float64Array(BUCKETS);
  /** Absolute bucket number each slot currently holds (a slot is reused once it falls out of the window). */
  private readonly slotOf = new Float64Array(BUCKETS).fill(-1);

  /** The slot holding `bucket`, or -1 when a newer bucket holds it (the old one is out of every window). */
  private slot(bucket: number): number {
    const i = bucket % BUCKETS;
    const held = this.slotOf[i] ?? -1;
    if (held > bucket) return -1;
    if (held !== bucket) {
      this.slotOf[i] = bucket;
      this.busy[i] = 0;
    }
    return i;
  }

  /** Records one request that ran from `startMs` to `endMs` (epoch ms). */
  record(startMs: number, endMs: number): void {
    if (!(endMs > startMs)) return;
    const from = Math.max(startMs, endMs - BUCKETS * BUCKET_MS);
    for (let b = Math.floor(from / BUCKET_MS); b * BUCKET_MS < endMs; b++) {
      const overlap = Math.min(endMs, (b + 1) * BUCKET_MS) - Math.max(from, b * BUCKET_MS);
      const i = overlap > 0 ? this.slot(b) : -1;
      if (i >= 0) this.busy[i] = (this.busy[i] ?? 0) + overlap;
    }
  }

  /** Requests in flight on average over the minute before `nowMs` (at least 1: the request being priced). */
  current(nowMs: number): number {
    const last = Math.floor(nowMs / BUCKET_MS);
    let sum = 0;
    for (let b = last - BUCKETS + 1; b <= last; b++) {
      const i = b % BUCKETS;
      if (b >= 0 && this.slotOf[i] === b) sum += this.busy[i] ?? 0;
    }
    // The window: the 59 whole seconds before this one, and this one up to now.
    const span = (BUCKETS - 1) * BUCKET_MS + (nowMs - last * BUCKET_MS);
    return Math.max(1, sum / span);
  }
}
