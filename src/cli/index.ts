// `margin` entry point: dispatches to one file per command under ./commands, loaded on demand so that
// `margin price` never pays for the gateway's imports.
import { isMarginError } from '../errors/index.js';
import type { Command, CommandIO } from './command.js';

/** Every public command, in help order, with the module that implements it. */
const COMMANDS: Record<string, { summary: string }> = {
  serve: { summary: 'Run the metering gateway (OpenAI/Anthropic compatible)' },
  emulate: { summary: 'Run an emulated inference server (no GPU needed)' },
  plan: { summary: 'Plan cost, capacity and margin for a workload' },
  report: { summary: 'Report spend, energy and CO2e from the ledger' },
  advise: { summary: 'Rank what would cut your bill, in dollars a month' },
  price: { summary: 'Price one request: cost breakdown, energy, CO2e' },
  catalog: { summary: 'List or import models, hardware and regions' },
  keys: { summary: 'Manage gateway API keys, tenants and budgets' },
  replay: { summary: 'Replay a public traffic trace through a gateway' },
  bench: { summary: 'Benchmark the gateway against a bare upstream' },
};

const defaultIO: CommandIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return [
    'margin — inference economics: a metering gateway and a cost planner',
    '',
    'Usage: margin <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    "Run 'margin <command> --help' for a command's options.",
    '',
  ].join('\n');
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], io: CommandIO = defaultIO): Promise<number> {
  const [name, ...rest] = argv;
  // With no command the list of commands is the answer (exit 0), as with --help.
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout('margin 0.1.0\n');
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr(`margin: unknown command '${name}'. Run 'margin --help' for the list.\n`);
    return 2;
  }
  let command: Command;
  try {
    ({ command } = (await import(`./commands/${name}.js`)) as { command: Command });
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    io.stderr(`margin: '${name}' is not available in this build.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (isMarginError(err)) {
      io.stderr(`margin ${name}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
