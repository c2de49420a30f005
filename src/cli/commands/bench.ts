// `margin bench`: the gateway against a bare upstream (the fast emulator), figures per path and concurrency.
import { benchJson, goals, runRows } from '../../bench/report.js';
import { type Mode, runBench } from '../../bench/runner.js';
import { MarginError } from '../../errors/index.js';
import { renderRows, toJson } from '../../report/format.js';
import { formatOption, intOption, numberOption, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';

const help = `Usage: margin bench [options]

Starts the emulator in fast mode (zero delay) and the gateway (metering and a SQLite ledger on, pinned to
one core with taskset where available) in child processes, drives the upstream directly and through the
gateway with autocannon at each concurrency, JSON and streaming, alternating which path goes first, then
runs both at a fixed request rate and probes streaming pass-through with a slow emulator. Prints req/s,
p50/p99 latency, the latency the gateway adds, its CPU time per request and its memory. 127.0.0.1 only.

Options:
  --duration S        seconds per run (default 5; the default plan takes about 80 s)
  --concurrency LIST  connections per run (default 1,32,128)
  --json              JSON (non-streaming) requests only
  --stream            streaming requests only
  --rate N            fixed-rate run at N req/s for the added p99 (default 2000; 0 skips it)
  --output-tokens N   tokens per response (default 32)
  --no-pin            do not pin processes to cores
  --no-probe          skip the streaming pass-through probe
  --no-spool          gateway without its ledger spool (what the spool costs: compare with a default run)
  --keys              every gateway request carries an API key with a budget and a requests/min limit
  --redis URL         with --keys: those limits shared through this Redis (own key prefix, removed
                      keys expire): what the shared counters cost per request
  --format F          table | json | csv (default table; csv: one row per run)
`;

function listOption(value: string | undefined, flag: string, fallback: number[]): number[] {
  if (value === undefined) return fallback;
  const list = value.split(',').map((s) => intOption(s.trim(), flag));
  if (list.length === 0 || list.some((n) => n < 1 || n > 10_000)) {
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `${flag} takes integers between 1 and 10000 (got '${value}')`,
    );
  }
  return list;
}

export const command: Command = {
  name: 'bench',
  summary: 'Benchmark the gateway against a bare upstream',
  help,
  async run(argv, io) {
    const { values: v } = parseCommandArgs(argv, {
      duration: { type: 'string' },
      concurrency: { type: 'string' },
      json: { type: 'boolean' },
      stream: { type: 'boolean' },
      rate: { type: 'string' },
      'output-tokens': { type: 'string' },
      'no-pin': { type: 'boolean' },
      'no-probe': { type: 'boolean' },
      'no-spool': { type: 'boolean' },
      keys: { type: 'boolean' },
      redis: { type: 'string' },
      format: { type: 'string' },
    });
    const format = formatOption(v.format, ['table', 'json', 'csv']);
    const durationS = numberOption(v.duration, '--duration', 5);
    if (durationS < 0.5 || durationS > 60) {
      throw new MarginError(
        'MARGIN_ERR_BAD_ARGUMENT',
        `--duration must be between 0.5 and 60 seconds (got '${v.duration}')`,
      );
    }
    const modes: Mode[] =
      v.json && !v.stream ? ['json'] : v.stream && !v.json ? ['stream'] : ['json', 'stream'];
    const outputTokens = intOption(v['output-tokens'], '--output-tokens', 32);
    if (outputTokens < 1)
      throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', '--output-tokens must be at least 1');
    const result = await runBench({
      durationS,
      concurrencies: listOption(v.concurrency, '--concurrency', [1, 32, 128]),
      modes,
      rate: intOption(v.rate, '--rate', 2000),
      outputTokens,
      pin: !v['no-pin'],
      streamProbe: !v['no-probe'],
      spool: !v['no-spool'],
      keys: v.keys === true || v.redis !== undefined,
      ...(v.redis !== undefined ? { redis: v.redis } : {}),
      log: (line) => io.stderr(`bench: ${line}\n`),
    });
    if (format === 'json') {
      io.stdout(toJson(benchJson(result), true));
      return 0;
    }
    if (format === 'csv') {
      io.stdout(renderRows(runRows(result), 'csv'));
      return 0;
    }
    const env = result.environment;
    io.stdout(
      `margin bench: ${env.cpus} CPUs, gateway ${env.pinned ? `pinned to core ${env.gatewayCpu}` : 'not pinned'}, ${env.durationS} s per run, Node ${env.node}; ledger spool ${env.spool ? 'on' : 'off'}, API keys ${env.keys}\n`,
    );
    io.stdout(renderRows(runRows(result), 'table'));
    io.stdout('\n');
    io.stdout(
      renderRows(
        goals(result).map((g) => ({
          goal: g.goal,
          measured: g.measured,
          met: g.met === undefined ? 'n/a' : g.met ? 'yes' : 'NO',
        })),
        'table',
      ),
    );
    return 0;
  },
};
