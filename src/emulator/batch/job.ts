// The clock of one emulated batch: when it is validated, when each line is done, when it finalises, expires
// or is cancelled. Times are computed once at creation from the modelled provider time (scaled by
// `batchTimeScale`) and the engine time of each line; the state at any moment is derived from them, so no
// timers run and a closed emulator leaves nothing behind.

/** Modelled provider time, seconds (before scaling). */
export const MODEL_S = {
  /** Checking the input file. */
  validate: 60,
  /** Waiting for capacity before the first line runs. */
  queue: 1800,
  /** Writing the output files after the last line. */
  finalize: 60,
  /** From a cancel request to `cancelled`. */
  cancel: 60,
  /** The completion window (`24h`). */
  window: 86_400,
} as const;

/** Lines the emulated engine runs at once for a batch. */
export const BATCH_CONCURRENCY = 64;

export type JobPhase =
  | 'validating'
  | 'failed'
  | 'in_progress'
  | 'finalizing'
  | 'completed'
  | 'expired'
  | 'cancelling'
  | 'cancelled';

export interface JobPlan {
  /** Epoch ms. */
  createdAt: number;
  /** Engine seconds of each line (time to first token + decode), in input order. */
  engineS: readonly number[];
  /** `batchTimeScale`. */
  scale: number;
  /** Validation fails (an invalid file, or the injected whole-batch failure). */
  fails: boolean;
  /** Injected expiry: the lines after the first half never finish inside the window. */
  expires: boolean;
  /** Include the validation step (OpenAI); Anthropic batches start processing at once. */
  validates: boolean;
}

export class BatchJob {
  readonly createdAt: number;
  readonly validatedAt: number;
  readonly expiresAt: number;
  /** Epoch ms each line is done (Infinity: never inside the window). */
  readonly doneAt: readonly number[];
  /** When the last line is done, or Infinity when the window ends first. */
  readonly finishAt: number;
  readonly finalizedAt: number;
  readonly fails: boolean;
  private readonly scale: number;
  cancelAt: number | undefined;
  cancelledAt: number | undefined;

  constructor(p: JobPlan) {
    const ms = (s: number) => s * 1000 * p.scale;
    this.scale = p.scale;
    this.fails = p.fails;
    this.createdAt = p.createdAt;
    this.validatedAt = p.createdAt + (p.validates ? ms(MODEL_S.validate) : 0);
    this.expiresAt = p.createdAt + ms(MODEL_S.window);
    const start = this.validatedAt + ms(MODEL_S.queue);
    const n = p.engineS.length;
    const concurrency = Math.max(1, Math.min(n, BATCH_CONCURRENCY));
    const keep = p.expires ? Math.ceil(n / 2) : n;
    let cumulative = 0;
    this.doneAt = p.engineS.map((s, i) => {
      cumulative += s;
      const at = start + ms(cumulative / concurrency);
      return i < keep && at <= this.expiresAt ? at : Number.POSITIVE_INFINITY;
    });
    const last = n === 0 ? start : Math.max(...this.doneAt);
    this.finishAt = p.fails ? Number.POSITIVE_INFINITY : last;
    this.finalizedAt = this.finishAt + ms(MODEL_S.finalize);
  }

  /** The batch's state at `now` (epoch ms). */
  phase(now: number): JobPhase {
    if (this.fails) return now < this.validatedAt ? 'validating' : 'failed';
    if (this.cancelAt !== undefined && this.cancelledAt !== undefined)
      return now < this.cancelledAt ? 'cancelling' : 'cancelled';
    if (now < this.validatedAt) return 'validating';
    if (this.finishAt <= this.expiresAt) {
      if (now < this.finishAt) return 'in_progress';
      return now < this.finalizedAt ? 'finalizing' : 'completed';
    }
    return now < this.expiresAt ? 'in_progress' : 'expired';
  }

  /** Whether line `i` has its answer at `now` (lines stop at a cancel request and at the window's end). */
  isDone(i: number, now: number): boolean {
    if (this.fails) return false;
    const cutoff = Math.min(now, this.cancelAt ?? Number.POSITIVE_INFINITY, this.expiresAt);
    return (this.doneAt[i] ?? Number.POSITIVE_INFINITY) <= cutoff;
  }

  /** True once nothing changes any more. */
  terminal(now: number): boolean {
    const p = this.phase(now);
    return p === 'completed' || p === 'failed' || p === 'expired' || p === 'cancelled';
  }

  /** Requests cancellation at `now`; false when the batch can no longer be cancelled. */
  cancel(now: number): boolean {
    const p = this.phase(now);
    if (p !== 'validating' && p !== 'in_progress') return false;
    this.cancelAt = now;
    this.cancelledAt = now + MODEL_S.cancel * 1000 * this.scale;
    return true;
  }

  /** When the batch reached its current terminal phase (epoch ms), for `*_at` fields. */
  endedAt(now: number): number | undefined {
    switch (this.phase(now)) {
      case 'completed':
        return this.finalizedAt;
      case 'failed':
        return this.validatedAt;
      case 'expired':
        return this.expiresAt;
      case 'cancelled':
        return this.cancelledAt;
      default:
        return undefined;
    }
  }
}
