// `margin serve` as a user runs it: a spawned process, its first log line, a request, and SIGTERM → exit 0.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { ROOT } from './helpers/paths.js';

const compiled = fileURLToPath(import.meta.url).includes(`${join('dist', 'test')}`);

function spawnServe(args: string[], cwd: string): ChildProcess {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '' };
  if (compiled)
    return spawn(process.execPath, [join(ROOT, 'bin', 'margin.js'), 'serve', ...args], { cwd, env });
  const entry = `import(${JSON.stringify(join(ROOT, 'src', 'cli', 'index.ts'))}).then(async (m) => { process.exitCode = await m.main(['serve', ...${JSON.stringify(args)}]); })`;
  const tsx = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  return spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', entry], { cwd, env });
}

function lines(child: ChildProcess): { all: string[]; waitFor(re: RegExp): Promise<string> } {
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

const exitCode = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

const dirs: string[] = [];
let emu: RunningEmulator | undefined;
after(async () => {
  await emu?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('margin serve', () => {
  it('--upstream proxies to one server; SIGTERM flushes the ledger and exits 0', async () => {
    emu = await startEmulator({ port: 0, fast: true });
    const dir = mkdtempSync(join(tmpdir(), 'margin-serve-'));
    dirs.push(dir);
    const child = spawnServe(['--upstream', emu.url, '--port', '0'], dir);
    const out = lines(child);
    const line = await out.waitFor(/listening on/);
    const url = /listening on (http:\/\/[^ ]+)/.exec(line)?.[1];
    assert.ok(url, line);
    const r = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], max_tokens: 3 }),
    });
    assert.equal(r.status, 200);
    assert.ok(r.headers.get('x-margin-cost-usd'));
    child.kill('SIGTERM');
    assert.equal(await exitCode(child), 0, out.all.join('\n'));
    assert.ok(existsSync(join(dir, 'margin.db')), 'the default SQLite ledger was written');
  });

  it('with no upstream, config or keys, starts the emulator and says so first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-serve-'));
    dirs.push(dir);
    const child = spawnServe(['--port', '0'], dir);
    const out = lines(child);
    await out.waitFor(/listening on/);
    assert.match(out.all[0] ?? '', /emulator/);
    child.kill('SIGINT');
    assert.equal(await exitCode(child), 0);
  });

  it('a bad config is a one-line error naming the field, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-serve-'));
    dirs.push(dir);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'margin.yaml'), 'models:\n  - name: x\n    provider: openia\n');
    const child = spawnServe([], dir);
    const out = lines(child);
    assert.equal(await exitCode(child), 1);
    assert.match(out.all.join('\n'), /margin\.yaml models\[0\]\.provider: expected one of/);
  });
});
