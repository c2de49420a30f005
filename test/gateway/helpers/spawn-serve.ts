// Spawns `margin serve` as a user runs it (compiled bin, or the TypeScript entry under tsx) and follows
// its log lines.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT } from './paths.js';

const compiled = fileURLToPath(import.meta.url).includes(`${join('dist', 'test')}`);

export function spawnServe(args: string[], cwd: string): ChildProcess {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '' };
  if (compiled)
    return spawn(process.execPath, [join(ROOT, 'bin', 'margin.js'), 'serve', ...args], { cwd, env });
  const entry = `import(${JSON.stringify(join(ROOT, 'src', 'cli', 'index.ts'))}).then(async (m) => { process.exitCode = await m.main(['serve', ...${JSON.stringify(args)}]); })`;
  const tsx = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  return spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', entry], { cwd, env });
}

export function lines(child: ChildProcess): { all: string[]; waitFor(re: RegExp): Promise<string> } {
  const all: string[] = [];
  let buf = '';
  const waiters: Array<{ re: RegExp; resolve: (l: string) => void }> = [];
  child.stderr?.on('data', (d: Buffer) => {
    buf += d.toString();
    let i = buf.indexOf('\n');
    while (i !== -1) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      all.push(line);
      for (const w of waiters.filter((w) => w.re.test(line))) w.resolve(line);
      i = buf.indexOf('\n');
    }
  });
  return {
    all,
    waitFor: (re) =>
      new Promise((resolve, reject) => {
        const hit = all.find((l) => re.test(l));
        if (hit) return resolve(hit);
        waiters.push({ re, resolve });
        child.once('exit', () => reject(new Error(`exited before ${re}: ${all.join('\n')}`)));
      }),
  };
}

/** The exit code (null when a signal ended it), once the process has exited. */
export const exitCode = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
