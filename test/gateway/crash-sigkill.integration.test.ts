// SIGKILL under load: every answer a client saw complete is in the ledger after the restart (the record is
// spooled before the response's last byte) or counted as lost — and with the spool none is lost.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { openStore } from '../../src/ledger/index.js';
import { chat, type ServeProcess, startServe } from './helpers/serve-process.js';

const dir = mkdtempSync(join(tmpdir(), 'margin-sigkill-'));
let emu: RunningEmulator | undefined;
const running: ServeProcess[] = [];
after(async () => {
  for (const s of running) await s.stop('SIGKILL');
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SIGKILL mid-load', () => {
  it('client-seen successes = ledger rows + counted losses after the restart (losses 0)', async () => {
    emu = await startEmulator({ port: 0, fast: true });
    const yaml = `models:
  - name: '*'
    provider: openai-compatible
    baseUrl: ${emu.url}
governance:
  keysDb: off
`;
    const serve = await startServe(dir, yaml);
    running.push(serve);
    const seen: string[] = [];
    let stop = false;
    const load = Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        while (!stop) {
          try {
            const r = await chat(serve.url, { model: 'gpt-4o-mini', max_tokens: 8, stream: i % 2 === 0 });
            if (r.status === 200 && r.id) seen.push(r.id); // the whole body was read: the client saw it complete
          } catch {
            return; // the connection died with the process
          }
        }
      }),
    );
    while (seen.length < 200) await new Promise((r) => setTimeout(r, 10));
    serve.child.kill('SIGKILL');
    await serve.stop();
    stop = true;
    await load;
    // The restart writes the dead process's spool, then stops cleanly.
    const again = await startServe(dir, yaml);
    running.push(again);
    assert.equal(await again.stop(), 0);
    const store = await openStore(`sqlite:${join(dir, 'margin.db')}`, false);
    try {
      const rows = new Set(
        (await store.records({ from: 0, to: Number.MAX_SAFE_INTEGER, limit: 1_000_000 })).map((r) => r.id),
      );
      const { lostTotal } = await store.crashStats();
      const missing = seen.filter((id) => !rows.has(id));
      assert.equal(missing.length, lostTotal, 'every client-seen success is a ledger row or a counted loss');
      assert.deepEqual([missing.length, lostTotal], [0, 0], 'with the spool nothing is lost');
    } finally {
      await store.close();
    }
  });
});
