// Argument parsing on node:util parseArgs, with bad input turned into one-line MarginErrors.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { MarginError } from '../errors/index.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `--input -5` → `--input=-5`: node's parseArgs refuses a value that starts with a dash ("argument is
 * ambiguous"), so a negative number never reaches the option's own check, which says what is wrong with it.
 */
function joinNegativeValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    const opt = a.startsWith('--') ? options[a.slice(2)] : undefined;
    if (opt?.type === 'string' && next !== undefined && /^-(\d|\.\d|Infinity)/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

export function parseCommandArgs<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals, strict: true });
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', msg ?? 'bad arguments');
  }
}

/** Parses a non-negative integer option, naming the flag on failure. */
export function intOption(value: string | undefined, flag: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `${flag} is required`);
  }
  if (!/^\d+$/.test(value.trim().replace(/_/g, ''))) {
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `${flag} must be a non-negative integer (got '${value}')`,
    );
  }
  return Number(value.trim().replace(/_/g, ''));
}

/** Parses a finite number option (at least `min` when given), naming the flag on failure. */
export function numberOption(
  value: string | undefined,
  flag: string,
  fallback?: number,
  min?: number,
): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `${flag} is required`);
  }
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `${flag} must be a number (got '${value}')`);
  }
  if (min !== undefined && n < min) {
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `${flag} must be at least ${min} (got '${value}')`);
  }
  return n;
}

export const FORMATS = ['table', 'json', 'csv', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export function formatOption(
  value: string | undefined,
  allowed: readonly Format[] = ['table', 'json', 'csv'],
): Format {
  const f = (value ?? 'table') as Format;
  if (!allowed.includes(f)) {
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `--format must be one of ${allowed.join('|')} (got '${value}')`,
    );
  }
  return f;
}
