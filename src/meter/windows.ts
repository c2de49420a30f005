// Time-of-day price windows: which window (if any) prices a request that ran at a given instant, and the
// instants where a model's price may change (the scheduler plans around them). Times are UTC.
import type { PriceWindow } from '../catalog/schema.js';
import type { RequestKind } from './usage.js';

const MIN_MS = 60_000;
const DAY_MS = 86_400_000;

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const dateMs = (ymd: string): number => Date.parse(`${ymd}T00:00:00Z`);

function inForce(w: PriceWindow, at: number): boolean {
  if (w.validFrom !== undefined && at < dateMs(w.validFrom)) return false;
  if (w.validUntil !== undefined && at >= dateMs(w.validUntil)) return false;
  return true;
}

/** True when instant `at` (epoch ms) falls inside the window's daily hours (ignoring kinds). */
export function windowHolds(w: PriceWindow, at: number): boolean {
  if (!inForce(w, at)) return false;
  const d = new Date(at);
  const m = d.getUTCHours() * 60 + d.getUTCMinutes() + d.getUTCSeconds() / 60;
  const day = d.getUTCDay();
  const start = minutes(w.startUtc);
  const end = minutes(w.endUtc);
  const onDay = (x: number) => w.days === undefined || w.days.includes(x);
  if (start === end) return onDay(day);
  if (start < end) return m >= start && m < end && onDay(day);
  // Wraps past midnight: the evening part starts today, the morning part started yesterday.
  return (m >= start && onDay(day)) || (m < end && onDay((day + 6) % 7));
}

/** The first window of `windows` that applies to a `kind` request running at `at`, if any. */
export function activeWindow(
  windows: readonly PriceWindow[] | undefined,
  kind: RequestKind,
  at: number,
): PriceWindow | undefined {
  if (!windows) return undefined;
  for (const w of windows) if (w.kinds.includes(kind) && windowHolds(w, at)) return w;
  return undefined;
}

/** Instants in [from, to) where some window opens or closes (sorted, unique): a model's price may change there. */
export function windowEdges(windows: readonly PriceWindow[] | undefined, from: number, to: number): number[] {
  if (!windows?.length || to <= from) return [];
  const out = new Set<number>();
  const firstDay = Math.floor(from / DAY_MS) * DAY_MS - DAY_MS;
  for (let day = firstDay; day < to; day += DAY_MS) {
    for (const w of windows) {
      for (const hhmm of [w.startUtc, w.endUtc]) {
        const t = day + minutes(hhmm) * MIN_MS;
        if (t >= from && t < to) out.add(t);
      }
      for (const ymd of [w.validFrom, w.validUntil]) {
        if (ymd === undefined) continue;
        const t = dateMs(ymd);
        if (t >= from && t < to) out.add(t);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}
