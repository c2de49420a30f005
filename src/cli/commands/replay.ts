// `margin replay`: replays a public trace through a gateway and prints what each cost lever saved.
import { defaultCatalog } from '../../catalog/index.js';
import { MarginError } from '../../errors/index.js';
import { openStore } from '../../ledger/index.js';
import type { LedgerRecord } from '../../ledger/record.js';
import { renderRows, toJson } from '../../report/format.js';
import { leverSavings } from '../../report/savings.js';
import { readTrace } from '../../traces/read.js';
import { type ReplayResult, replayTrace } from '../../traces/replay.js';
import { formatOption, intOption, numberOption, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';

const help = `Usage: margin replay <trace-file> --target <gateway-url> [options]

Replays a public LLM trace (Azure LLM 2023 CSV, Mooncake JSONL, BurstGPT CSV) through a gateway with
timing scaled, then prints the cost with and without each lever (exact cache, semantic cache, prompt
caching, routing) from the gateway's ledger. Mooncake prompts share text exactly where the trace's
hash_ids share prefix blocks; BurstGPT sessions re-send earlier turns.

Options:
  --target <url>          gateway base URL (e.g. http://127.0.0.1:8787/v1)
  --model <name>          model (or virtual route) to request (default gpt-4o-mini)
  --speed N               time compression (default 60: an hour in a minute; 0 = as fast as possible)
  --limit N               requests to send (default 500)
  --concurrency N         most requests in flight (default 32)
  --max-input-tokens N    cap prompt length (default 32000)
  --api-key <key>         bearer key for the gateway
  --ledger <url|path>     the gateway's ledger, for the per-lever breakdown (e.g. ./margin.db)
  --baseline-model <id>   model requests would use without routing (for the routing saving)
  --format <f>            table | json | csv (default table)

Progress (done/total, rate, ETA) goes to stderr while it runs, at most once a second. Failed requests are
counted by reason (HTTP status and the gateway's message) under the table; JSON holds them as 'failures'.
`;

/** Progress lines on stderr at most once a second (and at the end): done/total, rate and time left. */
export function progressReporter(write: (text: string) => void, now: () => number = Date.now) {
  const t0 = now();
  let last = t0;
  return (done: number, total: number) => {
    const t = now();
    if (done < total && t - last < 1000) return;
    last = t;
    const s = (t - t0) / 1000;
    const rate = s > 0 ? done / s : 0;
    const eta = rate > 0 ? Math.ceil((total - done) / rate) : null;
    const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
    write(
      `replay: ${done}/${total} (${pct}%), ${rate.toFixed(1)} req/s, ${done === total ? `done in ${s.toFixed(1)} s` : `ETA ${eta === null ? '?' : `${eta} s`}`}\n`,
    );
  };
}

/** Failed requests counted by reason, most frequent first. */
export function failureReasons(results: ReplayResult[]): Array<{ reason: string; requests: number }> {
  const counts = new Map<string, number>();
  for (const r of results) {
    if (r.status > 0 && r.status < 400) continue;
    const reason = r.error ?? (r.status > 0 ? String(r.status) : 'no response');
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts]
    .map(([reason, requests]) => ({ reason, requests }))
    .sort((a, b) => b.requests - a.requests || a.reason.localeCompare(b.reason));
}

async function readRecords(ledgerUrl: string, ids: Set<string>, from: number): Promise<LedgerRecord[]> {
  const store = await openStore(ledgerUrl, false);
  try {
    // The gateway writes its ledger in batches (1 s by default): poll until every replayed id is there.
    let found: LedgerRecord[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      const recs = await store.records({
        from: from - 1000,
        to: Date.now() + 1000,
        limit: ids.size * 2 + 1000,
      });
      found = recs.filter((r) => ids.has(r.id));
      if (found.length >= ids.size) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    return found;
  } finally {
    await store.close();
  }
}

export const command: Command = {
  name: 'replay',
  summary: 'Replay a public traffic trace through a gateway',
  help,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        target: { type: 'string' },
        model: { type: 'string' },
        speed: { type: 'string' },
        limit: { type: 'string' },
        concurrency: { type: 'string' },
        'max-input-tokens': { type: 'string' },
        'api-key': { type: 'string' },
        ledger: { type: 'string' },
        'baseline-model': { type: 'string' },
        format: { type: 'string' },
      },
      true,
    );
    const file = positionals[0];
    if (!file)
      throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', 'a trace file is required (see margin replay --help)');
    if (!values.target)
      throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', '--target is required (the gateway base URL)');
    try {
      new URL(values.target);
    } catch {
      throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `--target is not a URL: '${values.target}'`);
    }
    const format = formatOption(values.format, ['table', 'json', 'csv']);
    const speed = numberOption(values.speed, '--speed', 60, 0);
    const trace = readTrace(file);
    const started = Date.now();
    const results = await replayTrace(trace, {
      target: values.target,
      model: values.model ?? 'gpt-4o-mini',
      speed: speed === 0 ? Number.POSITIVE_INFINITY : speed,
      limit: intOption(values.limit, '--limit', 500),
      concurrency: Math.max(1, intOption(values.concurrency, '--concurrency', 32)),
      maxInputTokens: intOption(values['max-input-tokens'], '--max-input-tokens', 32_000),
      ...(values['api-key'] ? { apiKey: values['api-key'] } : {}),
      onProgress: progressReporter(io.stderr),
    });
    const ok = results.filter((r) => r.status > 0 && r.status < 400).length;
    const failed = results.length - ok;
    const headerCost = results.reduce((a, r) => a + r.costUsd, 0);
    const summary: Record<string, unknown> = {
      trace: file,
      format: trace.format,
      requests: results.length,
      ok,
      failed,
      firstError: results.find((r) => r.error || r.status >= 400)?.error ?? null,
      failures: failureReasons(results),
      actualUsd: headerCost,
    };
    const exit = failed > 0 && ok === 0 ? 1 : 0;
    const failureLines = () => {
      const f = summary['failures'] as ReturnType<typeof failureReasons>;
      if (f.length === 0) return;
      io.stdout(`failed requests by reason:\n${renderRows(f.slice(0, 10), 'table', ['requests', 'reason'])}`);
      if (f.length > 10) io.stdout(`(${f.length - 10} more reasons in --format json)\n`);
    };
    if (values.ledger) {
      const ids = new Set(results.map((r) => r.requestId).filter((x): x is string => !!x));
      const records = await readRecords(values.ledger, ids, started);
      const report = leverSavings(records, defaultCatalog(), values['baseline-model']);
      Object.assign(summary, { ledgerRecords: records.length, savings: report });
      if (format !== 'json') {
        const rows = [
          {
            lever: 'actual (all levers on)',
            requests: report.requests,
            usd: report.actualUsd,
            'without this lever': null,
            'saved %': null,
          },
          ...report.levers.map((l) => ({
            lever: l.lever,
            requests: l.requests,
            usd: l.savedUsd,
            'without this lever': report.actualUsd + l.savedUsd,
            'saved %': report.withoutAnyUsd > 0 ? (100 * l.savedUsd) / report.withoutAnyUsd : 0,
          })),
          {
            lever: 'no levers at all',
            requests: report.requests,
            usd: report.withoutAnyUsd,
            'without this lever': null,
            'saved %': null,
          },
        ];
        if (format === 'csv') {
          io.stdout(renderRows(rows, 'csv'));
          return exit;
        }
        io.stdout(
          `${trace.format} trace ${file}: ${results.length} requests (${failed} failed), ${records.length} found in the ledger\n`,
        );
        io.stdout(renderRows(rows, 'table'));
        failureLines();
        return exit;
      }
    } else if (format === 'csv') {
      const row = { requests: results.length, ok, failed, metered_usd: headerCost };
      io.stdout(renderRows([row], 'csv'));
      return exit;
    } else if (format === 'table') {
      io.stdout(
        `${trace.format} trace ${file}: ${results.length} requests (${failed} failed), $${headerCost.toFixed(6)} metered\n`,
      );
      failureLines();
      io.stdout('pass --ledger <the gateway ledger> for the per-lever breakdown\n');
      return exit;
    }
    io.stdout(toJson(summary, true));
    return exit;
  },
};
