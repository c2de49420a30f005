// `npm start` as the README runs it: SIGTERM to the npm process stops the gateway too (npm forwards the
// signal to its script, so the script must be the server itself, not a shell waiting on it) and frees the port.
// The build step (prestart) is skipped with --ignore-scripts: this suite runs from an already built dist/.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { exitCode, lines } from '../gateway/helpers/spawn-serve.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'margin-npm-start-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });

describe('npm start', () => {
  it('stops with its server on SIGTERM', async () => {
    const config = join(dir, 'margin.yaml');
    writeFileSync(config, `ledger:\n  url: "sqlite:${join(dir, 'ledger.db')}"\n`);
    // npm_execpath is npm's own CLI when the suite runs under `npm test`.
    const npm = process.env.npm_execpath;
    const args = ['start', '--ignore-scripts', '--silent', '--', '--port', '0', '--config', config];
    const child = npm
      ? spawn(process.execPath, [npm, ...args], { cwd: root, env: { PATH: process.env.PATH ?? '' } })
      : spawn('npm', args, { cwd: root, env: { PATH: process.env.PATH ?? '' } });
    const log = lines(child);
    const line = await log.waitFor(/gateway listening on http:\/\/127\.0\.0\.1:\d+/);
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(line)![1]);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200);
    child.kill('SIGTERM');
    assert.equal(await exitCode(child), 0, log.all.join('\n'));
    assert.ok(
      log.all.some((l) => /margin: stopped/.test(l)),
      `the server shut down itself:\n${log.all.join('\n')}`,
    );
    assert.equal(await refused(port), true, 'nothing listens on the port after npm exits');
  });
});
