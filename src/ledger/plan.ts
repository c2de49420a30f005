// Splits a report's time range into the cheapest exact sources: daily rollup for whole UTC days, hourly rollup
// for whole hours, raw rows for the partial hours at the edges.

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export type Source = 'raw' | 'hourly' | 'daily';

export interface RangePart {
  source: Source;
  from: number;
  to: number;
}

/** Exact cover of [from, to) by non-overlapping parts; `daily` false keeps hour resolution (group by hour). */
export function planRange(from: number, to: number, daily = true): RangePart[] {
  if (!(to > from)) return [];
  const parts: RangePart[] = [];
  const add = (source: Source, a: number, b: number) => {
    if (b > a) parts.push({ source, from: a, to: b });
  };
  const hStart = Math.ceil(from / HOUR_MS) * HOUR_MS;
  const hEnd = Math.floor(to / HOUR_MS) * HOUR_MS;
  if (hStart >= hEnd) {
    // No whole hour inside: raw rows, split at the one hour boundary the range may cross.
    const cut = Math.min(hStart, to);
    add('raw', from, cut);
    add('raw', cut, to);
    return parts;
  }
  add('raw', from, hStart);
  const dStart = Math.ceil(hStart / DAY_MS) * DAY_MS;
  const dEnd = Math.floor(hEnd / DAY_MS) * DAY_MS;
  if (daily && dStart < dEnd) {
    add('hourly', hStart, dStart);
    add('daily', dStart, dEnd);
    add('hourly', dEnd, hEnd);
  } else {
    add('hourly', hStart, hEnd);
  }
  add('raw', hEnd, to);
  return parts;
}
