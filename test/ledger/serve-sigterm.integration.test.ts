// `margin serve` with the default SQLite ledger (written from its writer thread): N concurrent requests,
// SIGTERM at once, exit 0, and exactly N rows in the ledger file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { openStore } from '../../src/ledger/index.js';
import { spawnServe } from '../gateway/helpers/spawn-serve.js';

const dirs: string[] = [];
let emu: RunningEmulator | undefined;
after(async () => {
  await emu?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('margin serve and the ledger writer thread', () => {
  it('SIGTERM right after N requests: exit 0 and exactly N rows in the ledger', async () => {
    emu = await startEmulator({ port: 0, fast: true });
    const dir = mkdtempSync(join(tmpdir(), 'margin-serve-sigterm-'));
    dirs.push(dir);
    const child = spawnServe(['--upstream', emu.url, '--port', '0'], dir);
    let log = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr?.on('data', (d) => {
        log += d;
        const m = /listening on (http:\/\/[^ ]+)/.exec(log);
        if (m) resolve(m[1]!);
      });
      void exited.then(() => reject(new Error(`serve exited before listening:\n${log}`)));
    });
    const N = 300;
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < N) {
          next++;
          const r = await fetch(`${url}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              model: 'gpt-4o',
              messages: [{ role: 'user', content: 'hi' }],
              max_tokens: 3,
            }),
          });
          assert.equal(r.status, 200);
          await r.arrayBuffer();
        }
      }),
    );
    child.kill('SIGTERM');
    assert.equal(await exited, 0, log);
    assert.match(log, /margin: stopped/);
    const store = await openStore(`sqlite:${join(dir, 'margin.db')}`, false);
    try {
      assert.equal(await store.countRaw({ from: 0, to: Number.MAX_SAFE_INTEGER }), N);
      assert.deepEqual(await store.crashStats(), { lostOnLastCrash: 0, lostTotal: 0, crashedSessions: 0 });
    } finally {
      await store.close();
    }
  });
});
