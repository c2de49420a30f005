// A Postgres outage under load, through a TCP proxy of this test's own in front of the shared server (the
// proxy is cut, never the server): `margin serve` with a Postgres ledger answers every request while the
// ledger cannot write, spools what it accepts, and writes it when Postgres is back; stopped (SIGTERM) while
// Postgres is down it exits 0 with its spool intact, and the next start writes it. 0 records lost.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { openStore } from '../../src/ledger/index.js';
import { chat, type ServeProcess, startServe } from './helpers/serve-process.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';

const PG = process.env.MARGIN_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `margin_pg_outage_${process.pid}_${randomBytes(4).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'margin-outage-pg-'));
let available = true;
let emu: RunningEmulator | undefined;
let proxy: TcpProxy | undefined;
const running: ServeProcess[] = [];

before(async () => {
  const c = new pg.Client({ connectionString: PG });
  try {
    await c.connect();
  } catch {
    available = false;
  } finally {
    await c.end().catch(() => {});
  }
});
after(async () => {
  for (const s of running) await s.stop('SIGKILL');
  await proxy?.close();
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
  if (!available) return;
  const c = new pg.Client({ connectionString: PG });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await c.end();
});

const until = async (cond: () => Promise<boolean> | boolean, what: string, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('Postgres refused under load and at SIGTERM', () => {
  it('answers every request, and every record reaches the ledger once Postgres is back', async (t) => {
    if (!available) return t.skip('no Postgres at 127.0.0.1:5432');
    emu = await startEmulator({ port: 0, fast: true });
    proxy = await startTcpProxy(new URL(PG).port ? Number(new URL(PG).port) : 5432, new URL(PG).hostname);
    const viaProxy = `${PG.replace(/@[^/]+\//, `@127.0.0.1:${proxy.port}/`)}?schema=${schema}`;
    const yaml = `models:
  - name: '*'
    provider: openai-compatible
    baseUrl: ${emu.url}
ledger:
  url: ${viaProxy}
  flushIntervalMs: 100
governance:
  keysDb: off
`;
    const start = async () => {
      const s = await startServe(dir, yaml);
      running.push(s);
      return s;
    };
    let serve = await start();
    const ids: string[] = [];
    const failed: number[] = [];
    const send = async () => {
      const r = await chat(serve.url, { model: 'gpt-4o-mini', max_tokens: 8 });
      if (r.status === 200 && r.id) ids.push(r.id);
      else failed.push(r.status);
    };
    let on = true;
    const load = () =>
      Promise.all(
        Array.from({ length: 4 }, async () => {
          while (on) await send();
        }),
      );

    // Mid-load: cut, keep serving, restore.
    let loading = load();
    await until(() => ids.length >= 30, 'load before the cut');
    await proxy.cut();
    const cutAt = ids.length;
    await until(() => ids.length >= cutAt + 60, 'load while Postgres is refused');
    await proxy.restore();
    await until(() => ids.length >= cutAt + 90, 'load after the restore');
    on = false;
    await loading;
    assert.deepEqual(failed, [], 'no request failed while the ledger could not write');

    // At SIGTERM: cut, serve some more, stop — exit 0, spool kept.
    await proxy.cut();
    on = true;
    loading = load();
    const before = ids.length;
    await until(() => ids.length >= before + 40, 'load before SIGTERM');
    on = false;
    await loading;
    assert.equal(await serve.stop(), 0);
    assert.match(serve.log.join('\n'), /unwritten; they stay in the spool/);
    assert.ok(readdirSync(join(dir, 'margin-spool')).length > 0, 'the spool survives the stop');
    await proxy.restore();
    // The next start writes what the stopped process left.
    serve = await start();
    assert.equal(await serve.stop(), 0);
    const store = await openStore(`${PG}?schema=${schema}`, false);
    try {
      const all = { from: 0, to: Number.MAX_SAFE_INTEGER };
      const rows = new Set((await store.records({ ...all, limit: 100_000 })).map((r) => r.id));
      assert.deepEqual(
        ids.filter((id) => !rows.has(id)),
        [],
        'every answered request is in the ledger',
      );
      assert.equal(rows.size, ids.length);
      assert.equal((await store.crashStats()).lostTotal, 0);
    } finally {
      await store.close();
    }
    assert.deepEqual(readdirSync(join(dir, 'margin-spool')), []);
  });
});
