// `margin serve --config` with every lever on, as a user runs it (a spawned process): keys from the
// default key database (./margin.db, shared with the SQLite ledger), a route name, the response cache and
// the dashboard; SIGTERM still exits 0.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { SqliteKeyStore } from '../../src/governance/index.js';
import { exitCode, lines, spawnServe } from './helpers/spawn-serve.js';

const dirs: string[] = [];
let emu: RunningEmulator | undefined;
after(async () => {
  await emu?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('margin serve with levers', () => {
  it('requires keys, routes margin/auto, caches, serves the dashboard, and stops cleanly', async () => {
    emu = await startEmulator({ port: 0, fast: true });
    const dir = mkdtempSync(join(tmpdir(), 'margin-serve-levers-'));
    dirs.push(dir);
    const store = new SqliteKeyStore(join(dir, 'margin.db'));
    const { secret } = await store.create({ tenant: 'acme' });
    const admin = (await store.create({ tenant: 'ops', admin: true })).secret;
    await store.close();
    writeFileSync(
      join(dir, 'margin.yaml'),
      [
        'models:',
        "  - name: '*'",
        '    provider: openai-compatible',
        `    baseUrl: ${emu.url}`,
        'cache:',
        '  exactCache: { maxBytes: 1000000 }',
        'router:',
        '  routes:',
        '    margin/auto: { policy: fixed, model: gpt-4o-mini }',
        '',
      ].join('\n'),
    );
    const child = spawnServe(['--port', '0'], dir);
    const out = lines(child);
    const line = await out.waitFor(/listening on/);
    assert.match(line, /API keys required \(2 active/);
    assert.match(line, /routes: margin\/auto/);
    const url = /listening on (http:\/\/[^ ]+)/.exec(line)?.[1];
    assert.ok(url, line);
    const chat = (key?: string) =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({
          model: 'margin/auto',
          messages: [{ role: 'user', content: 'hi' }],
          max_tokens: 3,
          temperature: 0,
        }),
      });
    const refused = await chat();
    assert.equal(refused.status, 401);
    await refused.text();
    const ok = await chat(secret);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('x-margin-route'), 'fixed');
    assert.equal(ok.headers.get('x-margin-model'), 'gpt-4o-mini');
    await ok.text();
    const closed = await fetch(`${url}/`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(closed.status, 403, 'the dashboard needs an admin key');
    await closed.text();
    const page = await fetch(`${url}/`, { headers: { authorization: `Bearer ${admin}` } });
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    await page.text();
    const anonymous = await fetch(`${url}/v1/models`);
    assert.equal(anonymous.status, 401);
    await anonymous.text();
    const list = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${secret}` } });
    const models = (await list.json()) as { data: Array<{ id: string }> };
    assert.ok(models.data.some((m) => m.id === 'margin/auto'));
    child.kill('SIGTERM');
    assert.equal(await exitCode(child), 0, out.all.join('\n'));
  });
});
