// Durations as people write them: `90m`, `6h`, `2d`, `30s`, `500ms` (one number and one unit).
import { MarginError } from '../../errors/index.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a duration like `24h`; MARGIN_ERR_BAD_ARGUMENT naming `param` otherwise. */
export function parseDuration(text: string, param: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text);
  const n = m ? Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? Number.NaN) : Number.NaN;
  if (!(n > 0) || !Number.isFinite(n)) {
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `${param} must be a duration like 90m, 6h or 2d (got '${text}')`,
      { param },
    );
  }
  return n;
}
