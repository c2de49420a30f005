// Contracts of the deferral module (issue 10): a job of one or more lines (a provider-style batch, or one
// live request marked `x-margin-defer`), the scheduler's plan for it, and the signals the plan reads.
// The store and worker (src/deferral/store, src/deferral/worker.ts), the scheduler (src/deferral/schedule)
// and the provider batch adapters (src/providers/*/batch.ts) meet here.
import type { ChatRequest } from '../protocols/canonical.js';

export type DeferralObjective = 'cost' | 'carbon' | 'balanced';

/** How a job (or part of it) is run. */
export type ScheduleMode =
  /** Run at once through the live path: nothing cheaper or cleaner is reachable before the deadline. */
  | 'now'
  /** Forward the lines as the provider's own batch (OpenAI / Anthropic / Gemini batch APIs, ~50% off). */
  | 'provider-batch'
  /** Wait for an off-peak price window of the provider (catalog `windows`), then run live. */
  | 'price-window'
  /** Run live in the lowest-carbon hour of the upstream's region before the deadline. */
  | 'low-carbon'
  /** Self-hosted upstream: run in its lowest-load (ledger load curve) hours. */
  | 'self-hosted-low-load';

/** What the scheduler needs to know about a job; all of its lines share one model and upstream. */
export interface ScheduleRequest {
  /** Epoch ms. */
  now: number;
  /** Epoch ms: the accepted deadline by which every line must have finished. */
  deadline: number;
  objective: DeferralObjective;
  /** Catalog price id the lines are metered at (after routing), e.g. `openai/gpt-4o-mini`. */
  priceId: string;
  /** Provider name of the upstream (catalog provider, e.g. `openai`, `anthropic`, `gemini`, `deepseek`). */
  provider: string;
  /** Catalog region of the upstream, for carbon intensity. */
  region: string;
  lines: number;
  /** Estimated totals over all lines. */
  inputTokens: number;
  outputTokens: number;
  /** The upstream accepts provider batches (adapter present and configured); with its turnaround bound. */
  providerBatch?: { turnaroundMs: number };
  /** Self-hosted upstream (priced by GPU time): run in its quiet hours. */
  selfHosted?: boolean;
  /** Estimated time to run all lines live, once started (ms). */
  runMs: number;
}

export interface ScheduleEstimate {
  usd: number;
  co2eG: number;
}

export interface SchedulePlan {
  mode: ScheduleMode;
  /** Epoch ms at which to start (submit the provider batch, or start running live). */
  startAt: number;
  /** Latest finish the plan allows for (≤ deadline unless `late`). */
  finishBy: number;
  /** Expected cost and emissions of the plan, and of running everything at once (the counterfactual). */
  expected: ScheduleEstimate;
  immediate: ScheduleEstimate;
  /** One sentence a user can read: why this mode and start time (and why a deadline cannot be met). */
  reason: string;
  /** True when no feasible schedule meets the deadline: the job runs at once and `reason` says why. */
  late: boolean;
}

/** Hourly signals; a user file or URL may replace the built-in carbon profiles. */
export interface CarbonProfile {
  region: string;
  /** gCO2e/kWh by [dayOfWeek 0=Sunday..6][hourUtc 0..23]. */
  gPerKwh: number[][];
  source: string;
  asOf: string;
}

/** One line of a job as the store keeps it. */
export interface JobLine {
  /** Caller's id (`custom_id`), unique within the job. */
  customId: string;
  /** The request in canonical form, with `model` as the client sent it. */
  request: ChatRequest;
}
