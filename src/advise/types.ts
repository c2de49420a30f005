// The shapes `margin advise` and GET /api/advise share: one report, a ranked list of actions.
import type { Catalog } from '../catalog/catalog.js';
import type { FeedbackWithRoute, LedgerRecord } from '../ledger/index.js';

export type Confidence = 'low' | 'medium' | 'high';

/** One recommended action (the JSON the dashboard's Advice panel reads: keep these fields). */
export interface AdviseAction {
  /** Stable id, e.g. `prompt-caching:gpt-4o` (`--explain` takes it, or the rank). */
  id: string;
  /** 1 = the largest saving. */
  rank: number;
  title: string;
  /** Dollars a month the action would save on the measured traffic (central estimate). */
  usdPerMonth: number;
  /** 90% bootstrap interval of usdPerMonth. */
  usdPerMonthLow: number;
  usdPerMonthHigh: number;
  confidence: Confidence;
  /** The arithmetic, one step per line. */
  explain: string[];
  /** Kilograms of CO2e a month avoided (the lower-carbon region action; absent elsewhere). */
  co2eKgPerMonth?: number;
}

export interface AdviseReport {
  /** ISO time the report was made. */
  generatedAt: string;
  /** Window asked for, days (ending at the newest record). */
  days: number;
  /** Records read (the sample the figures come from). */
  requests: number;
  actions: AdviseAction[];
  /** Context lines: window, span, sample, what was skipped. */
  notes?: string[];
}

/** What every lever reads: the window's records (oldest first), its feedback and the catalog. */
export interface AdviseInput {
  catalog: Catalog;
  /** Records in the window, oldest first (a sample of the newest `limit` when the window holds more). */
  records: LedgerRecord[];
  feedback: FeedbackWithRoute[];
  /** Time the sample spans, days (at least one hour): monthly figures scale by 30.44 / spanDays. */
  spanDays: number;
  /** Requests per day over the span (successful and failed). */
  requestsPerDay: number;
  /** Workload fields the planner derives from the same ledger window (`storeToWorkload`), when it could. */
  workload?: Record<string, unknown>;
  /** Seed for the bootstrap (fixed: the same ledger gives the same report). */
  seed: number;
}

/** A lever's finding before ranking (rank and confidence caps are filled in by advise()). */
export type Finding = Omit<AdviseAction, 'rank'>;

export type Lever = (input: AdviseInput) => Finding[];
