// `margin serve` with a bad ledger.url, meter.region, router model file or Redis URL: one line naming the
// config field, exit 1, and nothing started first (no emulator line, no listener), as a user would see it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../../bin/margin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'margin-config-errors-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `margin serve --config <yaml>` (no provider keys: the emulator would be the upstream). */
function serve(yaml: string): Promise<{ code: number | null; stderr: string }> {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'serve', '--config', file, '--port', '0'], { cwd: dir, env });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
      if (/listening on/.test(stderr)) child.kill('SIGTERM'); // a bug: it started; stop it, the test fails
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('margin serve config errors', () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      'ledger.url',
      'ledger:\n  url: "mysql://u:pw@db/x"\n',
      /config ledger\.url: unsupported ledger URL scheme/,
    ],
    [
      'ledger.url (missing folder)',
      'ledger:\n  url: "sqlite:./no/such/folder/m.db"\n',
      /config ledger\.url: the folder of '\.\/no\/such\/folder\/m\.db' does not exist/,
    ],
    ['meter.region', 'meter:\n  region: mars-north-1\n', /config meter\.region: .*mars-north-1/],
    [
      'router model file',
      'router:\n  routes:\n    margin/auto:\n      policy: learned\n      modelFile: ./missing-router.json\n      candidates:\n        - { model: gpt-4o, reference: gpt-4o }\n        - { model: gpt-4o-mini, reference: gpt-4o-mini }\n',
      /config router\.routes\.margin\/auto\.modelFile: router model '\.\/missing-router\.json': file not found/,
    ],
    [
      'governance.redis',
      'governance:\n  redis: "http://127.0.0.1:6379"\n',
      /governance\.redis: must be a redis/,
    ],
    [
      'cache.exactCache.redis.url',
      'cache:\n  exactCache:\n    backend: redis\n    redis: { url: "nope://x" }\n',
      /config cache\.exactCache\.redis\.url: must be a redis:\/\/ or rediss:\/\/ URL/,
    ],
  ];
  for (const [what, yaml, re] of cases) {
    it(`a bad ${what}: one line naming the field, exit 1, no emulator started`, async () => {
      const r = await serve(yaml);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, re);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /emulator|listening/);
      assert.ok(!r.stderr.includes(':pw@'), 'the password is redacted');
    });
  }
});
