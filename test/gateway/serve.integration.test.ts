// `margin serve` as a user runs it: a spawned process, its first log line, a request, and SIGTERM → exit 0.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { exitCode, lines, spawnServe } from './helpers/spawn-serve.js';

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
    assert.match(line, /exact cache \(memory, deterministic\); prompt caching \(anthropic, openai\)/);
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

  it('with no upstream, config or keys, starts the emulator and says so first; the exact cache is on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-serve-'));
    dirs.push(dir);
    const child = spawnServe(['--port', '0'], dir);
    const out = lines(child);
    const line = await out.waitFor(/listening on/);
    assert.match(out.all[0] ?? '', /emulator/);
    const url = /listening on (http:\/\/[^ ]+)/.exec(line)?.[1];
    const ask = async () => {
      const r = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: 'Name a river' }],
          temperature: 0,
        }),
      });
      const body = (await r.json()) as { choices: Array<{ message: { content: string } }> };
      return { cache: r.headers.get('x-margin-cache'), content: body.choices[0]?.message.content };
    };
    const first = await ask();
    assert.equal(first.cache, 'miss');
    // The answer is stored once it has been sent: retry briefly rather than assume when.
    let second = await ask();
    for (let i = 0; i < 50 && second.cache !== 'exact'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      second = await ask();
    }
    assert.equal(second.cache, 'exact');
    assert.equal(second.content, first.content);
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
