// Report time ranges from user text: relative ('7d', '24h', '30m', '2w', 'now') or absolute (ISO date/time, UTC).
import { MarginError } from '../errors/index.js';
import type { TimeRange } from '../ledger/store.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

/** One point in time: a duration before `now`, 'now', or an ISO date (UTC midnight) / date-time (UTC unless offset given). */
export function parseTime(value: string, now: number, flag = '--since'): number {
  const v = value.trim();
  if (v === 'now') return now;
  const rel = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(v);
  if (rel) return now - Number(rel[1]) * UNIT_MS[rel[2]!]!;
  if (ISO_DATE.test(v) || ISO_TIME.test(v)) {
    const text = ISO_DATE.test(v) ? `${v}T00:00:00Z` : /Z|[+-]\d{2}:\d{2}$/.test(v) ? v : `${v}Z`;
    const t = Date.parse(text);
    if (Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === text.slice(0, 10)) return t;
    if (Number.isFinite(t) && !ISO_DATE.test(v)) return t;
  }
  throw new MarginError(
    'MARGIN_ERR_BAD_ARGUMENT',
    `${flag} must be a duration like 7d, 24h, 30m or a date like 2026-11-01 (got '${value}')`,
    { param: flag },
  );
}

/** [since, until) from option text; since defaults to 30 days back, until to now. */
export function parseRange(
  opts: { since?: string | undefined; until?: string | undefined },
  now = Date.now(),
): TimeRange {
  const from = parseTime(opts.since ?? '30d', now, '--since');
  const to = opts.until === undefined ? now : parseTime(opts.until, now, '--until');
  if (!(from < to)) {
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `--since (${new Date(from).toISOString()}) must be before --until (${new Date(to).toISOString()})`,
      { param: '--since' },
    );
  }
  return { from, to };
}
