// Per-entry thresholds learned from verified reuse (after vCache, 2025): each cached prompt starts at the
// calibrated global threshold and keeps its own from what is learned about reusing its answer.
// - A reported wrong reuse (POST /v1/feedback with a score < 0.5 on a request it answered) at verifier score s
//   raises the entry's threshold above s + `tighten` and ends any relaxation; `maxWrong` reports retire it.
// - Confirmed right reuse (positive feedback on a request it answered, or a near-miss below its threshold
//   that went upstream and got the same answer back) counts as evidence; after `relaxAfter` confirmations
//   and no wrong report, the entry serves down to the lowest confirmed score, never below global − `maxRelax`.

export interface EntryThresholdOptions {
  tighten: number;
  relaxAfter: number;
  maxRelax: number;
  maxWrong: number;
}

export const ENTRY_THRESHOLD_DEFAULTS: EntryThresholdOptions = {
  tighten: 0.02,
  relaxAfter: 3,
  maxRelax: 0.05,
  maxWrong: 2,
};

/** Confirmed scores kept per entry (the lowest matter; a bounded list). */
const KEEP = 16;

export class EntryThreshold {
  private wrongs = 0;
  private wrongMax = Number.NEGATIVE_INFINITY;
  private readonly confirmed: number[] = [];

  constructor(
    private readonly global: number,
    private readonly options: EntryThresholdOptions = ENTRY_THRESHOLD_DEFAULTS,
  ) {}

  /** The score a query must reach to be served this entry's answer. */
  get value(): number {
    const o = this.options;
    if (!Number.isFinite(this.global) || this.wrongs >= o.maxWrong) return Number.POSITIVE_INFINITY;
    if (this.wrongs > 0) return Math.max(this.global, this.wrongMax + o.tighten);
    if (this.confirmed.length < o.relaxAfter) return this.global;
    return Math.max(this.global - o.maxRelax, Math.min(this.global, ...this.confirmed));
  }

  /** The lowest score at which a near-miss is worth verifying (where relaxing could ever reach). */
  get floor(): number {
    return this.global - this.options.maxRelax;
  }

  /** A reuse at `score` was reported wrong. */
  wrong(score: number): void {
    this.wrongs++;
    if (score > this.wrongMax) this.wrongMax = score;
  }

  /** Reusing at `score` was confirmed right. */
  right(score: number): void {
    this.confirmed.push(score);
    this.confirmed.sort((a, b) => a - b);
    if (this.confirmed.length > KEEP) this.confirmed.pop();
  }

  /** Counts for logs and tests. */
  get stats(): { wrong: number; confirmed: number } {
    return { wrong: this.wrongs, confirmed: this.confirmed.length };
  }
}
