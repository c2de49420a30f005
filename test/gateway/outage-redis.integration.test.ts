// A Redis outage under load (an own redis-server on a free port, SIGKILLed and restarted, never the shared
// one): `margin serve` sharing its limits there keeps answering every request with local limits, says so
// once in the log and in /metrics, and when Redis is back reconciles the key's spend and shares limits again.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { SqliteKeyStore } from '../../src/governance/index.js';
import { hasRedisServer, type OwnRedis, startOwnRedis } from '../governance/helpers/redis-server.js';
import { chat, type ServeProcess, startServe } from './helpers/serve-process.js';

const dir = mkdtempSync(join(tmpdir(), 'margin-outage-redis-'));
let emu: RunningEmulator | undefined;
let own: OwnRedis | undefined;
let serve: ServeProcess | undefined;
after(async () => {
  await serve?.stop('SIGKILL');
  await own?.stop();
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

const until = async (cond: () => Promise<boolean> | boolean, what: string, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('Redis killed and restarted under load', () => {
  it('fails no request, says so once, and shares limits again with the spend reconciled', async (t) => {
    if (!hasRedisServer()) return t.skip('redis-server is not installed');
    own = await startOwnRedis();
    emu = await startEmulator({ port: 0, fast: true });
    const keys = new SqliteKeyStore(join(dir, 'keys.db'));
    const user = await keys.create({ tenant: 'acme', monthlyBudgetUsd: 100, rateLimitRpm: 100_000 });
    const admin = await keys.create({ tenant: 'ops', admin: true });
    await keys.close();
    serve = await startServe(
      dir,
      `models:
  - name: '*'
    provider: openai-compatible
    baseUrl: ${emu.url}
ledger:
  url: sqlite:./ledger.db
governance:
  keysDb: ./keys.db
  redis: ${own.url}
`,
    );
    const metric = async () => {
      const r = await fetch(`${serve!.url}/metrics`, {
        headers: { authorization: `Bearer ${admin.secret}` },
      });
      return /^margin_shared_limits_up (\d)$/m.exec(await r.text())?.[1];
    };
    assert.equal(await metric(), '1');
    const statuses: number[] = [];
    let running = true;
    const load = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (running) {
          const r = await chat(serve!.url, { model: 'gpt-4o-mini', max_tokens: 8 }, user.secret);
          statuses.push(r.status);
        }
      }),
    );
    await until(() => statuses.length >= 20, 'load before the outage');
    await own.kill();
    const before = statuses.length;
    await until(() => statuses.length >= before + 40, 'load during the outage');
    assert.equal(await metric(), '0', 'the outage shows in /metrics');
    await own.start(); // empty: every shared counter is gone
    await until(async () => (await metric()) === '1', 'shared limits to resume');
    const after = statuses.length;
    await until(() => statuses.length >= after + 20, 'load after the outage');
    running = false;
    await load;
    assert.deepEqual(
      statuses.filter((s) => s !== 200),
      [],
      'no request failed',
    );
    const log = serve.log.join('\n');
    assert.equal(log.match(/Redis .* unreachable/g)?.length, 1, log);
    assert.equal(log.match(/reachable again; reconciled 1 key budget/g)?.length, 1, log);
    // The key's spend is back in Redis (from the key store) and its reservations go through Redis again.
    const r = new Redis(own.url);
    try {
      const month = new Date().toISOString().slice(0, 7);
      const hash = `margin:gov:{${user.key.id}}:budget:${month}`;
      await until(async () => Number(await r.hget(hash, 'spent')) > 0, 'the reconciled spend');
    } finally {
      r.disconnect();
    }
    assert.equal(await serve.stop(), 0);
  });
});
