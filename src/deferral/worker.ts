// The deferral worker: a loop (an unref'd timer; `tick()` can be driven by hand with a simulated clock) that
// plans each new job with the scheduler (one plan per group of lines with the same resolved model), runs due
// live lines through the gateway's own request path with bounded concurrency, hands provider-batch groups to
// the upstream's batch adapter and splits their results back, ends jobs, and delivers webhooks. Everything
// it needs is injected (store, clock, scheduler, line runner, adapters), so it runs the same in tests.
import type { ChatRequest } from '../protocols/canonical.js';
import type { ProviderBatchAdapter, ProviderBatchLineOut } from '../providers/batch-types.js';
import type { UpstreamTarget } from '../providers/types.js';
import type {
  Assignment,
  ClaimedLine,
  Job,
  JobStore,
  LineResult,
  LineRow,
  PlannedGroup,
} from './store/types.js';
import type { ScheduleMode, SchedulePlan, ScheduleRequest } from './types.js';

/** Where a group of lines goes: the upstream facts the scheduler reads, and its batch adapter if any. */
export interface GroupTarget {
  /** Lines with the same key are planned and run together. */
  key: string;
  provider: string;
  /** Catalog price id (after routing), null when unpriced or unknown. */
  priceId: string | null;
  region: string;
  selfHosted: boolean;
  batch?: { adapter: ProviderBatchAdapter; target: UpstreamTarget; turnaroundMs: number };
}

/** How a live run ended: a result to record, or "try again later" (a rate limit before the deadline). */
export type LiveOutcome = { result: LineResult } | { retryAt: number };

export interface WorkerDeps {
  store: JobStore;
  now: () => number;
  /** The scheduler (src/deferral/schedule's planJob with its signals bound). */
  plan: (req: ScheduleRequest) => SchedulePlan;
  /** Upstream of a model name as a line asks for it; undefined = not a model the gateway serves. */
  resolve: (job: Job, model: string) => GroupTarget | undefined;
  /** Runs one line through the live request path. */
  runLive: (job: Job, line: ClaimedLine, group: PlannedGroup | undefined) => Promise<LiveOutcome>;
  /** The line's request in canonical form (provider batches), or an error message. */
  toCanonical: (job: Job, request: unknown) => ChatRequest;
  /** Meters and records (ledger) one provider-batch result; returns the result in the client's protocol. */
  recordBatchLine: (job: Job, line: LineRow, group: PlannedGroup, out: ProviderBatchLineOut) => LineResult;
  /** Delivers a finished job's webhook; throws when the receiver did not take it. */
  deliver?: (job: Job) => Promise<void>;
  /** A unique id of this process (it owns the claims it takes). */
  owner: string;
  concurrency: number;
  leaseMs: number;
  tickMs: number;
  log: (line: string) => void;
}

const CALLBACK_MAX_ATTEMPTS = 8;
const CALLBACK_BASE_MS = 2000;
const CALLBACK_MAX_MS = 10 * 60_000;
/** Planning estimates when a line does not say: output tokens, and seconds per live call. */
const DEFAULT_OUTPUT_TOKENS = 256;
const LIVE_CALL_MS = 3000;

const modelOf = (request: unknown): string => {
  const m = (request as { model?: unknown } | null)?.model;
  return typeof m === 'string' ? m : '';
};

/** Rough token estimates of a line for planning (the meter prices what actually ran). */
function estimate(request: unknown): { input: number; output: number } {
  const r = (request ?? {}) as Record<string, unknown>;
  const out = r.max_completion_tokens ?? r.max_tokens ?? r.max_output_tokens;
  return {
    input: Math.ceil(JSON.stringify(r).length / 4),
    output: typeof out === 'number' && out > 0 ? Math.min(out, 4096) : DEFAULT_OUTPUT_TOKENS,
  };
}

export class DeferralWorker {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private readonly running = new Map<string, Promise<void>>();
  private readonly jobs = new Map<string, Job>();
  private readonly cancelSent = new Set<string>();
  private stopped = false;

  constructor(private readonly d: WorkerDeps) {}

  start(): void {
    if (this.timer || this.stopped) return;
    const loop = () => {
      this.timer = setTimeout(() => {
        this.tick()
          .catch((err: unknown) => this.d.log(`margin deferral: ${err instanceof Error ? err.message : err}`))
          .finally(() => {
            if (!this.stopped) loop();
          });
      }, this.d.tickMs);
      this.timer.unref();
    };
    loop();
  }

  /** Asks for a tick soon (a job was accepted or cancelled). */
  poke(): void {
    if (this.stopped) return;
    setImmediate(() => {
      this.tick().catch((err: unknown) => this.d.log(`margin deferral: ${err}`));
    });
  }

  /** Stops the loop and waits for lines in flight (their results are recorded). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    await this.idle();
  }

  /** Resolves when no line is running in this process. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /** Lines this process is running now. */
  inFlight(): number {
    return this.running.size;
  }

  /** One pass: plan, submit, poll, run due lines, end jobs, deliver webhooks. Never runs twice at once. */
  tick(): Promise<void> {
    this.ticking ??= this.pass().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async pass(): Promise<void> {
    const { store } = this.d;
    const now = this.d.now();
    if (this.running.size > 0) await store.renew(this.d.owner, now + this.d.leaseMs);
    const open = await store.openJobs();
    if (open.length === 0) {
      // Idle: no write (the store may share the ledger's SQLite file); only webhooks may still be due.
      await this.deliverDue();
      return;
    }
    this.jobs.clear();
    for (const job of open) this.jobs.set(job.id, job);
    for (const job of open) if (job.status === 'queued') await this.planJob(job, now);
    for (const job of open) {
      const current = this.jobs.get(job.id) ?? job;
      if (current.status === 'in_progress') await this.submitDue(current, now);
      if (current.status === 'cancelling') await this.cancelProviderBatches(current);
    }
    await this.pollBatches();
    await this.claimLive(now);
    for (const job of open) await this.finish(job.id);
    await this.deliverDue();
  }

  private readonly planning = new Map<string, Promise<void>>();

  /** Plans a queued job now (its lines get their group, mode and start); one planning per job at a time. */
  async planById(jobId: string): Promise<Job | undefined> {
    const job = await this.d.store.getJob(jobId);
    if (job?.status === 'queued') await this.planJob(job, this.d.now());
    return this.d.store.getJob(jobId);
  }

  private planJob(job: Job, now: number): Promise<void> {
    let p = this.planning.get(job.id);
    if (!p) {
      p = this.planLines(job, now).finally(() => this.planning.delete(job.id));
      this.planning.set(job.id, p);
    }
    return p;
  }

  private async planLines(job: Job, now: number): Promise<void> {
    const fresh = await this.d.store.getJob(job.id);
    if (fresh?.status !== 'queued') return;
    const lines = await this.d.store.unplanned(job.id);
    const byKey = new Map<string, { target: GroupTarget | undefined; model: string; lines: LineRow[] }>();
    for (const l of lines) {
      const model = modelOf(l.request);
      const target = this.d.resolve(job, model);
      const key = target?.key ?? `unknown:${model}`;
      let g = byKey.get(key);
      if (!g) {
        g = { target, model, lines: [] };
        byKey.set(key, g);
      }
      g.lines.push(l);
    }
    const groups: PlannedGroup[] = [...(job.plan?.groups ?? [])];
    const assignments: Assignment[] = [];
    for (const [key, g] of byKey) {
      const group = this.planGroup(job, key, g.model, g.target, g.lines, now);
      groups.push(group);
      for (const l of g.lines)
        assignments.push({ idx: l.idx, group: key, mode: group.mode, notBefore: group.startAt });
    }
    await this.d.store.setPlan(job.id, { groups }, assignments, now);
    const planned = await this.d.store.getJob(job.id);
    if (planned) this.jobs.set(job.id, planned);
  }

  private planGroup(
    job: Job,
    key: string,
    model: string,
    target: GroupTarget | undefined,
    lines: readonly LineRow[],
    now: number,
  ): PlannedGroup {
    const base = { key, model, lines: lines.length };
    if (!target) {
      // Not a model this gateway serves: each line fails at once through the live path (model_not_found).
      const zero = { usd: 0, co2eG: 0 };
      return {
        ...base,
        provider: 'none',
        priceId: null,
        mode: 'now',
        startAt: now,
        finishBy: now,
        reason: `'${model}' is not a model this gateway serves; its lines fail at once.`,
        late: false,
        expected: zero,
        immediate: zero,
      };
    }
    if (target.priceId === null) {
      // Unpriced (an unknown price, a route): no cheaper time or tier to find — run at once.
      const zero = { usd: 0, co2eG: 0 };
      return {
        ...base,
        provider: target.provider,
        priceId: null,
        mode: 'now',
        startAt: now,
        finishBy: now,
        reason: `No catalog price for '${model}': nothing cheaper to wait for; runs at once.`,
        late: false,
        expected: zero,
        immediate: zero,
      };
    }
    let inputTokens = 0;
    let outputTokens = 0;
    for (const l of lines) {
      const e = estimate(l.request);
      inputTokens += e.input;
      outputTokens += e.output;
    }
    const req: ScheduleRequest = {
      now,
      deadline: job.deadline,
      objective: job.objective,
      priceId: target.priceId,
      provider: target.provider,
      region: target.region,
      lines: lines.length,
      inputTokens,
      outputTokens,
      runMs: Math.ceil(lines.length / this.d.concurrency) * LIVE_CALL_MS,
      ...(target.batch ? { providerBatch: { turnaroundMs: target.batch.turnaroundMs } } : {}),
      ...(target.selfHosted ? { selfHosted: true } : {}),
    };
    let plan: SchedulePlan;
    try {
      plan = this.d.plan(req);
    } catch (err) {
      const zero = { usd: 0, co2eG: 0 };
      plan = {
        mode: 'now',
        startAt: now,
        finishBy: now + req.runMs,
        expected: zero,
        immediate: zero,
        reason: `The scheduler failed (${err instanceof Error ? err.message : err}); running at once.`,
        late: false,
      };
    }
    // A provider batch needs an adapter; without one the group runs live at the planned start.
    const mode: ScheduleMode = plan.mode === 'provider-batch' && !target.batch ? 'now' : plan.mode;
    return {
      ...base,
      provider: target.provider,
      priceId: target.priceId,
      mode,
      startAt: Math.max(now, Math.min(plan.startAt, job.deadline)),
      finishBy: plan.finishBy,
      reason: plan.reason,
      late: plan.late,
      expected: plan.expected,
      immediate: plan.immediate,
    };
  }

  private groupOf(job: Job, key: string | null): PlannedGroup | undefined {
    return job.plan?.groups.find((g) => g.key === key);
  }

  private async claimLive(now: number): Promise<void> {
    const free = this.d.concurrency - this.running.size;
    if (free <= 0) return;
    const claimed = await this.d.store.claimLive(now, free, this.d.owner, this.d.leaseMs);
    for (const line of claimed) {
      const k = `${line.jobId}:${line.idx}`;
      const p = this.runLine(line).finally(() => this.running.delete(k));
      this.running.set(k, p);
    }
  }

  private async jobOf(id: string): Promise<Job | undefined> {
    const j = this.jobs.get(id) ?? (await this.d.store.getJob(id));
    if (j) this.jobs.set(id, j);
    return j;
  }

  private async runLine(line: ClaimedLine): Promise<void> {
    const job = await this.jobOf(line.jobId);
    if (!job) return;
    let outcome: LiveOutcome;
    try {
      outcome = await this.d.runLive(job, line, this.groupOf(job, line.group));
    } catch (err) {
      // The gateway itself could not be reached (shutting down): leave the claim to lapse and re-run.
      this.d.log(
        `margin deferral: line ${line.customId} of ${job.id} did not run: ${err instanceof Error ? err.message : err}`,
      );
      return;
    }
    const now = this.d.now();
    if ('retryAt' in outcome) {
      await this.d.store.release(job.id, line.idx, line.token, Math.min(outcome.retryAt, job.deadline));
      return;
    }
    const ok = outcome.result.status >= 200 && outcome.result.status < 300;
    await this.d.store.complete(job.id, line.idx, line.token, ok ? 'done' : 'failed', outcome.result, now);
    await this.finish(job.id);
  }

  /** Submits due provider-batch groups of a job (claimed first, so a crash before the id is kept re-submits). */
  private async submitDue(job: Job, now: number): Promise<void> {
    for (const group of job.plan?.groups ?? []) {
      if (group.mode !== 'provider-batch' || group.startAt > now) continue;
      const target = this.d.resolve(job, group.model);
      if (!target?.batch) continue;
      const lines = await this.d.store.claimGroup(job.id, group.key, now, this.d.owner, this.d.leaseMs);
      if (lines.length === 0) continue;
      const ins = [];
      const bad: ClaimedLine[] = [];
      for (const l of lines) {
        try {
          ins.push({ customId: l.customId, request: this.d.toCanonical(job, l.request) });
        } catch {
          bad.push(l);
        }
      }
      // Lines the canonical form cannot express run live instead (their claim lapses back to the queue).
      for (const l of bad) await this.d.store.release(job.id, l.idx, l.token, now);
      if (ins.length === 0) continue;
      try {
        const { providerBatchId } = await target.batch.adapter.submit(ins, target.batch.target);
        const good = lines.filter((l) => !bad.includes(l)).map((l) => l.idx);
        await this.d.store.setProviderBatch(job.id, good, providerBatchId);
      } catch (err) {
        this.d.log(
          `margin deferral: provider batch for ${job.id}/${group.key} not accepted (${err instanceof Error ? err.message : err}); running its lines live`,
        );
        for (const l of lines) if (!bad.includes(l)) await this.d.store.release(job.id, l.idx, l.token, now);
        // Fall back to live: the group's lines become `now` lines.
        await this.d.store.setPlan(
          job.id,
          { groups: (job.plan?.groups ?? []).map((g) => (g.key === group.key ? { ...g, mode: 'now' } : g)) },
          lines.map((l) => ({ idx: l.idx, group: group.key, mode: 'now', notBefore: now })),
          now,
        );
      }
    }
  }

  private async pollBatches(): Promise<void> {
    for (const b of await this.d.store.providerBatches()) {
      const job = await this.jobOf(b.jobId);
      const group = job && this.groupOf(job, b.group);
      const target = job && group ? this.d.resolve(job, group.model) : undefined;
      if (!job || !group || !target?.batch) continue;
      const { adapter, target: upstream } = target.batch;
      try {
        const state = await adapter.poll(b.providerBatchId, upstream);
        if (state.status === 'in_progress') continue;
        const results = state.status === 'failed' ? [] : await adapter.results(b.providerBatchId, upstream);
        const byId = new Map(results.map((r) => [r.customId, r]));
        const now = this.d.now();
        for (const line of await this.d.store.batchLines(job.id, b.providerBatchId)) {
          const out = byId.get(line.customId);
          if (!out && state.status === 'cancelled') {
            await this.d.store.complete(
              job.id,
              line.idx,
              null,
              'cancelled',
              { status: 499, body: null, requestId: null },
              now,
            );
            continue;
          }
          const res: ProviderBatchLineOut = out ?? {
            customId: line.customId,
            ok: false,
            error: {
              status: 502,
              message: `The provider batch ended ${state.status} without this line's result.`,
              type: undefined,
              code: state.status === 'expired' ? 'batch_expired' : 'batch_line_missing',
              kind: 'api_error',
            },
          };
          const result = this.d.recordBatchLine(job, line, group, res);
          await this.d.store.complete(job.id, line.idx, null, res.ok ? 'done' : 'failed', result, now);
        }
        await this.finish(job.id);
      } catch (err) {
        this.d.log(
          `margin deferral: polling provider batch ${b.providerBatchId}: ${err instanceof Error ? err.message : err}`,
        );
      }
    }
  }

  private async cancelProviderBatches(job: Job): Promise<void> {
    for (const b of await this.d.store.providerBatches()) {
      if (b.jobId !== job.id || this.cancelSent.has(b.providerBatchId)) continue;
      const group = this.groupOf(job, b.group);
      const target = group ? this.d.resolve(job, group.model) : undefined;
      if (!target?.batch) continue;
      this.cancelSent.add(b.providerBatchId);
      await target.batch.adapter.cancel(b.providerBatchId, target.batch.target).catch((err: unknown) => {
        this.d.log(`margin deferral: cancelling ${b.providerBatchId}: ${err}`);
      });
    }
  }

  private async finish(jobId: string): Promise<void> {
    const ended = await this.d.store.finishIfDone(jobId, this.d.now());
    if (ended) {
      this.jobs.delete(jobId);
      if (ended.callbackUrl) await this.deliverDue();
    }
  }

  private delivering = false;

  /** Webhooks of ended jobs that are due: delivered, or retried with exponential backoff, then given up. */
  private async deliverDue(): Promise<void> {
    const deliver = this.d.deliver;
    if (!deliver || this.delivering) return;
    this.delivering = true;
    try {
      for (const job of await this.d.store.dueCallbacks(this.d.now())) {
        const attempts = job.callback.attempts + 1;
        try {
          await deliver(job);
          await this.d.store.setCallback(job.id, {
            state: 'delivered',
            attempts,
            nextAt: null,
            lastError: null,
          });
        } catch (err) {
          const msg = err instanceof Error ? err.message : String(err);
          const giveUp = attempts >= CALLBACK_MAX_ATTEMPTS;
          const wait = Math.min(CALLBACK_BASE_MS * 2 ** (attempts - 1), CALLBACK_MAX_MS);
          await this.d.store.setCallback(job.id, {
            state: giveUp ? 'failed' : 'pending',
            attempts,
            nextAt: giveUp ? null : this.d.now() + wait,
            lastError: msg,
          });
          if (giveUp) this.d.log(`margin deferral: webhook for ${job.id} failed ${attempts} times: ${msg}`);
        }
      }
    } finally {
      this.delivering = false;
    }
  }
}
