// Two `margin serve` processes behave as one gateway: they share one Postgres (key store and ledger, a schema
// of this test's own) and one Redis (a key prefix of its own), in front of an emulator answering ~3,000
// tokens. One $0.01 budget spent from both replicas (requests without max_tokens, 100 at a time at each,
// output capped by the key's plan) ends at most one reservation past the budget; a 60 rpm key admits at most 60 (+ refill) across both; an
// exact-cache entry stored by one is a hit on the other; every request from both lands in the one ledger.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import pg from 'pg';
import { defaultCatalog } from '../../src/catalog/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { type KeyStore, openKeyStore } from '../../src/governance/index.js';
import { openStore } from '../../src/ledger/index.js';
import { chat, type ServeProcess, startServe } from './helpers/serve-process.js';

const PG = process.env.MARGIN_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env.MARGIN_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const tag = `${process.pid}_${randomBytes(4).toString('hex')}`;
const schema = `margin_replicas_${tag}`;
const pgUrl = `${PG}?schema=${schema}`;
const prefix = `margin:test:replicas:${tag}:`;
// A cheap model, and a key whose plan caps output at 3,000 tokens (sent upstream as max_tokens), so a $0.01
// budget holds about ten worst-case reservations at once and answers use most of theirs: replicas that did
// not share the budget would each spend it.
const MODEL = 'gemini-2.0-flash-lite';
const BUDGET = 0.01;
const CAP = 3000;

let available = true;
let dir: string;
let emu: RunningEmulator | undefined;
const replicas: ServeProcess[] = [];

before(async () => {
  const c = new pg.Client({ connectionString: PG });
  const r = new Redis(REDIS, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000 });
  try {
    await c.connect();
    await r.connect();
  } catch {
    available = false;
  } finally {
    await c.end().catch(() => {});
    r.disconnect();
  }
  dir = mkdtempSync(join(tmpdir(), 'margin-replicas-'));
});

after(async () => {
  for (const r of replicas) await r.stop('SIGKILL');
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
  if (!available) return;
  const c = new pg.Client({ connectionString: PG });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await c.end();
  const r = new Redis(REDIS);
  const keys = await r.keys(`${prefix}*`);
  if (keys.length) await r.del(...keys);
  r.disconnect();
});

const config = (emuUrl: string) => `models:
  - name: '*'
    provider: openai-compatible
    baseUrl: ${emuUrl}
ledger:
  url: ${pgUrl}
  flushIntervalMs: 100
governance:
  keysDb: ${pgUrl}
  redis: ${REDIS}
  redisKeyPrefix: "${prefix}gov:"
cache:
  exactCache:
    backend: redis
    redis: { url: ${REDIS}, keyPrefix: "${prefix}cache:" }
`;

describe('two gateway replicas', () => {
  it('share one budget, one rate limit, one cache and one ledger', async (t) => {
    if (!available) return t.skip('needs Postgres at 127.0.0.1:5432 and Redis at 127.0.0.1:6379');
    emu = await startEmulator({ port: 0, fast: true, defaultOutputTokens: 3000 });
    const store = (await openKeyStore(pgUrl)) as KeyStore;
    const budgeted = await store.create({ tenant: 'acme', monthlyBudgetUsd: BUDGET, maxOutputTokens: CAP });
    const limited = await store.create({ tenant: 'beta', rateLimitRpm: 60 });
    const plain = await store.create({ tenant: 'gamma' });
    await store.close();
    const [a, b] = await Promise.all([
      startServe(join(dir, 'a'), config(emu.url)),
      startServe(join(dir, 'b'), config(emu.url)),
    ]);
    replicas.push(a!, b!);
    assert.match(a!.log.join('\n'), /limits shared through redis:\/\/127\.0\.0\.1:6379/);
    let sent = 0;
    const send = (url: string, body: Record<string, unknown>, key: string) => {
      sent++;
      return chat(url, body, key);
    };

    // 1. One $0.01 budget, requests without max_tokens: 100 at once at each replica, then rounds of 10 at
    // each until none is admitted.
    let served = 0;
    let budgetSent = 0;
    for (let round = 0; round < 30; round++) {
      const n = round === 0 ? 200 : 20;
      budgetSent += n;
      const results = await Promise.all(
        Array.from({ length: n }, (_, i) => send(i % 2 ? a!.url : b!.url, { model: MODEL }, budgeted.secret)),
      );
      const ok = results.filter((r) => r.status === 200).length;
      for (const r of results)
        if (r.status !== 200) assert.match(r.text, /insufficient_quota/, `status ${r.status}: ${r.text}`);
      served += ok;
      if (ok === 0) break;
    }
    assert.ok(served >= 3, `served ${served}`);
    // 2. A 60 rpm key: 150 requests at once across both replicas.
    const t0 = Date.now();
    const limitedResults = await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        send(i % 2 ? a!.url : b!.url, { model: MODEL, max_tokens: 5 }, limited.secret),
      ),
    );
    const refill = Math.ceil((Date.now() - t0) / 1000);
    const admitted = limitedResults.filter((r) => r.status === 200).length;
    assert.ok(admitted <= 60 + refill, `admitted ${admitted} > 60 + ${refill}`);
    assert.ok(admitted >= 55, `admitted ${admitted}`);
    // 3. An exact-cache entry stored by one replica is a hit on the other.
    const deterministic = { model: MODEL, temperature: 0, max_tokens: 20 };
    assert.equal((await send(a!.url, deterministic, plain.secret)).cache, 'miss');
    let hit: string | null = null;
    for (let i = 0; i < 50 && hit !== 'exact'; i++) {
      hit = (await send(b!.url, deterministic, plain.secret)).cache;
      if (hit !== 'exact') await new Promise((r) => setTimeout(r, 20)); // the store is after the response
    }
    assert.equal(hit, 'exact');

    // Both replicas stop cleanly; every request from both is in the one ledger.
    assert.deepEqual(await Promise.all([a!.stop(), b!.stop()]), [0, 0]);
    const ledger = await openStore(pgUrl, false);
    try {
      const all = { from: 0, to: Number.MAX_SAFE_INTEGER };
      assert.equal(await ledger.countRaw(all), sent);
      const byKey = await ledger.aggregate({ ...all, by: 'key' });
      const spent = byKey.rows.find((r) => r.group === budgeted.key.id)?.costUsd ?? 0;
      const price = defaultCatalog().price(MODEL);
      const reservation = (100 * price.price.input + CAP * price.price.output) / 1e6;
      assert.ok(spent > 0 && spent <= BUDGET + reservation, `spent $${spent} on a $${BUDGET} budget`);
      const answers = await ledger.records({ ...all, limit: 1000, filter: { key: budgeted.key.id } });
      const longest = Math.max(...answers.map((r) => r.usage.outputTokens));
      assert.ok(
        longest <= CAP && longest > CAP / 2,
        `the cap is enforced upstream: longest answer ${longest}`,
      );
      const row = byKey.rows.find((r) => r.group === budgeted.key.id);
      assert.deepEqual([row?.requests, row?.errors], [budgetSent, budgetSent - served]);
    } finally {
      await ledger.close();
    }
  });
});
