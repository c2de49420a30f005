// Readers for the public request-level traces (Azure LLM 2023, Mooncake FAST'25, BurstGPT), detected from
// the file's header. Malformed rows are counted and skipped, never silently turned into zeros.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { MarginError } from '../errors/index.js';
import type { Trace, TraceFormat, TraceRequest } from './types.js';

const MOONCAKE_BLOCK_TOKENS = 512;

function intField(v: unknown): number | undefined {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return undefined;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  return Number.isFinite(n) && n >= 0 ? Math.round(n) : undefined;
}

/** Detects the trace format from the first line. */
export function detectFormat(firstLine: string): TraceFormat {
  const l = firstLine.trim();
  if (l.startsWith('{')) return 'mooncake';
  if (/^TIMESTAMP,ContextTokens,GeneratedTokens/i.test(l)) return 'azure';
  if (/^Timestamp,.*Request tokens,Response tokens/i.test(l)) return 'burstgpt';
  throw new MarginError(
    'MARGIN_ERR_BAD_ARGUMENT',
    `unrecognised trace format (header '${l.slice(0, 60)}'); expected Azure LLM 2023 CSV, Mooncake JSONL or BurstGPT CSV`,
  );
}

/** Parses trace text of any supported format, sorted by arrival. */
export function parseTrace(text: string): Trace {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  const format = detectFormat(firstLine);
  const requests: TraceRequest[] = [];
  let skipped = 0;
  let firstSkipReason: string | undefined;
  const skip = (why: string) => {
    skipped++;
    firstSkipReason ??= why;
  };
  if (format === 'mooncake') {
    for (const [i, line] of text.split('\n').entries()) {
      if (line.trim() === '') continue;
      let o: Record<string, unknown>;
      try {
        o = JSON.parse(line) as Record<string, unknown>;
      } catch {
        skip(`line ${i + 1}: not JSON`);
        continue;
      }
      const t = intField(o['timestamp']);
      const input = intField(o['input_length']);
      const output = intField(o['output_length']);
      if (t === undefined || input === undefined || output === undefined) {
        skip(`line ${i + 1}: missing timestamp/input_length/output_length`);
        continue;
      }
      const hashIds = Array.isArray(o['hash_ids'])
        ? (o['hash_ids'] as unknown[]).map(Number).filter(Number.isFinite)
        : undefined;
      requests.push({ tMs: t, inputTokens: input, outputTokens: output, ...(hashIds ? { hashIds } : {}) });
    }
  } else {
    const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Array<
      Record<string, string>
    >;
    let t0: number | undefined;
    for (const [i, r] of rows.entries()) {
      if (format === 'azure') {
        const ts = Date.parse(`${(r['TIMESTAMP'] ?? '').replace(' ', 'T').slice(0, 23)}Z`);
        const input = intField(r['ContextTokens']);
        const output = intField(r['GeneratedTokens']);
        if (!Number.isFinite(ts) || input === undefined || output === undefined) {
          skip(`row ${i + 2}: bad TIMESTAMP/ContextTokens/GeneratedTokens`);
          continue;
        }
        t0 ??= ts;
        requests.push({ tMs: ts - t0, inputTokens: input, outputTokens: output });
        continue;
      }
      const ts = Number(r['Timestamp']);
      const input = intField(r['Request tokens']);
      const output = intField(r['Response tokens']);
      if (!Number.isFinite(ts) || input === undefined || output === undefined) {
        skip(`row ${i + 2}: bad Timestamp/Request tokens/Response tokens`);
        continue;
      }
      t0 ??= ts;
      const session = r['Session ID'];
      requests.push({
        tMs: Math.round((ts - t0) * 1000),
        inputTokens: input,
        outputTokens: output,
        ...(r['Model'] ? { model: r['Model'] } : {}),
        ...(session ? { sessionId: session } : {}),
        ...(output === 0 ? { failed: true } : {}),
      });
    }
  }
  requests.sort((a, b) => a.tMs - b.tMs);
  return {
    format,
    requests,
    skipped,
    ...(format === 'mooncake' ? { blockTokens: MOONCAKE_BLOCK_TOKENS } : {}),
    ...(firstSkipReason ? { firstSkipReason } : {}),
  };
}

/** Reads a trace file; a missing or unreadable file is a one-line error. */
export function readTrace(path: string): Trace {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `cannot read trace '${path}': ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  if (text.trim() === '') throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `trace '${path}' is empty`);
  return parseTrace(text);
}
