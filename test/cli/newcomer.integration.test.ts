// A new user's first session, with the real binary: `margin serve` in zero-config mode on a fixed emulator
// port, a request that fails validation, `margin replay` (progress on stderr, CSV, failure reasons), then
// `margin report` — and every JSON number free of float noise.
import assert from 'node:assert/strict';
import { type ChildProcess, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { exitCode, lines, spawnServe } from '../gateway/helpers/spawn-serve.js';

const bin = fileURLToPath(new URL('../../../bin/margin.js', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'margin-newcomer-'));
const db = join(dir, 'ledger.db');
const margin = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    cwd: root,
    env: { PATH: process.env.PATH ?? '' },
  });

/** Every number in a JSON text prints with at most 12 significant digits (no `0.9824999999999999`). */
function assertNoFloatNoise(jsonText: string): void {
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'number') assert.equal(v, Number(v.toPrecision(12)), `${path} = ${v}`);
    else if (Array.isArray(v)) for (const [i, x] of v.entries()) walk(x, `${path}[${i}]`);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(JSON.parse(jsonText), '$');
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

let gateway: ChildProcess;
let log: ReturnType<typeof lines>;
let base = '';
let emulatorPort = 0;
const trace = join(dir, 'trace.csv');

before(async () => {
  const config = join(dir, 'margin.yaml');
  writeFileSync(config, `ledger:\n  url: "sqlite:${db}"\n  flushIntervalMs: 100\n`);
  const rows = Array.from(
    { length: 12 },
    (_, i) => `2023-11-16 18:17:${String(i).padStart(2, '0')}.0000000,${200 + i * 10},${5 + i}`,
  );
  writeFileSync(trace, `TIMESTAMP,ContextTokens,GeneratedTokens\n${rows.join('\n')}\n`);
  emulatorPort = await freePort();
  gateway = spawnServe(['--port', '0', '--config', config, '--emulator-port', String(emulatorPort)], dir);
  log = lines(gateway);
  const line = await log.waitFor(/gateway listening on http:\/\/127\.0\.0\.1:\d+/);
  base = `http://127.0.0.1:${/127\.0\.0\.1:(\d+)/.exec(line)![1]}`;
});

after(async () => {
  if (gateway.exitCode === null) {
    gateway.kill('SIGTERM');
    await exitCode(gateway);
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('a new user with the real binary', () => {
  it('serve --emulator-port starts the built-in emulator on that port', async () => {
    assert.ok(
      log.all.some((l) => l.includes(`built-in emulator at http://127.0.0.1:${emulatorPort}`)),
      log.all.join('\n'),
    );
    const models = await fetch(`http://127.0.0.1:${emulatorPort}/v1/models`);
    assert.equal(models.status, 200);
    await models.arrayBuffer();
  });

  it('a bad --emulator-port is a one-line error', () => {
    const r = margin('serve', '--emulator-port', '70000');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--emulator-port must be at most 65535/);
  });

  it('replay: progress on stderr, the lever table as CSV, JSON without float noise', () => {
    const target = `${base}/v1`;
    const csv = margin(
      'replay',
      trace,
      '--target',
      target,
      '--speed',
      '0',
      '--ledger',
      db,
      '--format',
      'csv',
    );
    assert.equal(csv.status, 0, csv.stderr);
    assert.match(csv.stderr, /replay: 12\/12 \(100%\), [\d.]+ req\/s, done in [\d.]+ s/);
    const rows = csv.stdout.trim().split('\n');
    assert.equal(rows[0], 'lever,requests,usd,without this lever,saved %');
    assert.match(rows[1]!, /^actual \(all levers on\),12,/);
    const json = margin('replay', trace, '--target', target, '--speed', '0', '--format', 'json');
    assert.equal(json.status, 0, json.stderr);
    assertNoFloatNoise(json.stdout);
    assert.equal(JSON.parse(json.stdout).failed, 0);
  });

  it('replay: failures are counted by reason in table mode', () => {
    const r = margin(
      'replay',
      trace,
      '--target',
      `${base}/v1`,
      '--speed',
      '0',
      '--model',
      'no-such-model',
      '--limit',
      '3',
    );
    assert.equal(r.status, 1, 'every request failed');
    assert.match(r.stdout, /3 requests \(3 failed\)/);
    assert.match(r.stdout, /failed requests by reason:/);
    assert.match(r.stdout, /\n\s+3 {2}4\d\d: .*no-such-model/);
  });

  it('report: a request that failed validation shows the model it asked for', async () => {
    const bad = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', messages: 'not a list' }),
    });
    assert.equal(bad.status, 400);
    await bad.arrayBuffer();
    gateway.kill('SIGTERM');
    assert.equal(await exitCode(gateway), 0, log.all.join('\n'));
    const r = margin('report', '--ledger', db, '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    assertNoFloatNoise(r.stdout);
    const rows = JSON.parse(r.stdout).rows as Array<{ group: string; errors: number }>;
    const failed = rows.find((x) => x.group === 'claude-sonnet-4-5');
    assert.ok(failed, JSON.stringify(rows));
    assert.equal(failed.errors, 1);
    assert.ok(!rows.some((x) => x.group === '' || x.group === null), 'no blank model');
    const table = margin('report', '--ledger', db);
    assert.match(table.stdout, /\nclaude-sonnet-4-5 /);
    const csv = margin('report', '--ledger', db, '--format', 'csv');
    assert.doesNotMatch(csv.stdout, /\d\.\d*(?:0{6,}|9{6,})\d/);
  });

  it('price and plan JSON hold no float noise', () => {
    for (const m of ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-5']) {
      const r = margin('price', '--model', m, '--input', '1234', '--output', '567', '--cached', '300');
      assert.equal(r.status, 0, r.stderr);
      const j = margin(
        'price',
        '--model',
        m,
        '--input',
        '1234',
        '--output',
        '567',
        '--cached',
        '300',
        '--format',
        'json',
      );
      assertNoFloatNoise(j.stdout);
    }
    const plan = margin('plan', 'examples/chat-assistant.yaml', '--format', 'json');
    assert.equal(plan.status, 0, plan.stderr);
    assertNoFloatNoise(plan.stdout);
  });

  it('--region far from every region suggests nothing; a near miss suggests the region', () => {
    const far = margin('price', '--model', 'gpt-4o', '--input', '1', '--output', '1', '--region', 'nowhere');
    assert.equal(far.status, 1);
    assert.match(far.stderr, /Unknown region 'nowhere'\.\n$/);
    const near = margin(
      'price',
      '--model',
      'gpt-4o',
      '--input',
      '1',
      '--output',
      '1',
      '--region',
      'us-virgina',
    );
    assert.match(near.stderr, /Did you mean: us-virginia\?/);
  });
});
