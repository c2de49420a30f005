// Child processes of the bench (emulator, gateway): spawned with the same Node flags as this process (so it
// also works under tsx), optionally pinned to CPU cores with taskset; each prints one JSON line with its URL.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Child {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

let tasksetOk: boolean | undefined;

/** True when `taskset` can be run here. */
export function hasTaskset(): boolean {
  tasksetOk ??= spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status === 0;
  return tasksetOk;
}

/** Path of a sibling entry script, with this module's own extension (.ts under tsx, .js compiled). */
function entry(name: string): string {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return fileURLToPath(new URL(`./${name}${ext}`, import.meta.url));
}

/** Starts `child-<name>` with a JSON argument; resolves once it printed `{"url":…}`. */
export function startChild(name: 'emulator' | 'gateway', arg: unknown, cpus?: string): Promise<Child> {
  const nodeArgs = [...process.execArgv, entry(`child-${name}`), JSON.stringify(arg)];
  const pinned = cpus !== undefined && hasTaskset();
  const proc: ChildProcess = pinned
    ? spawn('taskset', ['-c', cpus, process.execPath, ...nodeArgs], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, nodeArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const fail = (why: string) => {
      proc.kill('SIGKILL');
      reject(
        new Error(
          `bench ${name} process ${why}${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`,
        ),
      );
    };
    const timer = setTimeout(() => fail('did not start within 20 s'), 20_000);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      fail(`exited with code ${code}`);
    });
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      proc.removeAllListeners('exit');
      proc.stdout?.removeAllListeners('data');
      proc.stdout?.resume();
      let url: string;
      try {
        url = (JSON.parse(out.slice(0, nl)) as { url: string }).url;
      } catch {
        return fail(`printed an unexpected first line: ${out.slice(0, nl)}`);
      }
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      resolve({
        pid: proc.pid ?? 0,
        url,
        async stop() {
          if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
          const killer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}
