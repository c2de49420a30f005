// Argument parsing on node:util parseArgs, with bad input turned into one-line MarginErrors.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { MarginError } from '../errors/index.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
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

/** Parses a finite number option, naming the flag on failure. */
export function numberOption(value: string | undefined, flag: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `${flag} is required`);
  }
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `${flag} must be a number (got '${value}')`);
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
