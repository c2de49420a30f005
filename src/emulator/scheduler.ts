// One timer per emulator: every tick emits whatever is due for all open streams (like an engine's decode
// step), then re-arms for the earliest next due time. No per-token or per-request timers.
import { performance } from 'node:perf_hooks';

export interface Job {
  /** Absolute due time (performance.now() ms) of the next emission. */
  due: number;
  /** Emits everything due by `now`; returns the next due time, or undefined when the job is finished. */
  fire(now: number): number | undefined;
}

export class Scheduler {
  private readonly jobs = new Set<Job>();
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Number.POSITIVE_INFINITY;

  get size(): number {
    return this.jobs.size;
  }

  add(job: Job): void {
    this.jobs.add(job);
    if (job.due < this.armedFor) this.arm(job.due);
  }

  remove(job: Job): void {
    this.jobs.delete(job);
    if (this.jobs.size === 0) this.disarm();
  }

  /** Drops every job and the timer (server close). */
  clear(): void {
    this.jobs.clear();
    this.disarm();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
  }

  private arm(due: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.armedFor = due;
    this.timer = setTimeout(() => this.tick(), Math.max(0, due - performance.now()));
  }

  private tick(): void {
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    // Half a millisecond of slack: timers fire late, never early, and a step emits everything close to due.
    const now = performance.now() + 0.5;
    let next = Number.POSITIVE_INFINITY;
    for (const job of this.jobs) {
      if (job.due <= now) {
        const due = job.fire(now);
        if (due === undefined) {
          this.jobs.delete(job);
          continue;
        }
        job.due = due;
      }
      if (job.due < next) next = job.due;
    }
    if (next !== Number.POSITIVE_INFINITY) this.arm(next);
  }
}
