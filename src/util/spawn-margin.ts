// Runs the `margin` CLI (bin/margin.js) as a child process and waits for the log line that carries its URL:
// how evaluations put a real `margin serve` / `margin emulate` in front of each other.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface MarginChild {
  url: string;
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  log(): string;
  /** SIGTERM, then SIGKILL after 10 s; resolves when it has exited. */
  stop(): Promise<void>;
}

function binPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'bin', 'margin.js'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('bin/margin.js not found above this module');
    dir = up;
  }
  return join(dir, 'bin', 'margin.js');
}

/** Starts `margin <args>` in `cwd`; resolves with the first URL captured by `ready` (its group 1). */
export function spawnMargin(
  args: readonly string[],
  ready: RegExp,
  opts: { cwd?: string; timeoutMs?: number } = {},
): Promise<MarginChild> {
  const child = spawn(process.execPath, [binPath(), ...args], {
    cwd: opts.cwd ?? process.cwd(),
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      child.kill('SIGKILL');
      reject(new Error(`margin ${args[0]} ${why}: ${log.trim().split('\n').slice(-3).join(' | ')}`));
    };
    const timer = setTimeout(() => fail('did not start in time'), opts.timeoutMs ?? 60_000);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      fail(`exited with code ${code}`);
    };
    child.once('exit', onExit);
    const onData = (d: Buffer) => {
      log = (log + d.toString()).slice(-20_000);
      const m = ready.exec(log);
      if (!m?.[1]) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve({
        url: m[1],
        child,
        log: () => log,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(killer);
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
}
