// Limits shared by replicas through Redis (two RedisLimits on one key store stand for two gateway
// processes): one budget and one requests/min bucket for both, reservations of a dead replica freed by their
// lease, and a Redis outage (an own redis-server, killed and restarted) served with local limits, said once,
// then reconciled. The shared Redis is used under a random prefix, cleaned up after.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { LocalLimits, SpendBook, SqliteKeyStore } from '../../src/governance/index.js';
import { RedisLimits } from '../../src/governance/limits/redis.js';
import { hasRedisServer, type OwnRedis, startOwnRedis } from './helpers/redis-server.js';

const SHARED = process.env.MARGIN_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const prefix = `margin:test:${process.pid}:${randomBytes(4).toString('hex')}:`;
let available = true;
let admin: Redis;
const opened: Array<{ close(): Promise<void> }> = [];

before(async () => {
  admin = new Redis(SHARED, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000 });
  try {
    await admin.connect();
  } catch {
    available = false;
  }
});
after(async () => {
  for (const o of opened.splice(0)) await o.close();
  if (available) {
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.del(...keys);
  }
  admin.disconnect();
});

function replica(store: SqliteKeyStore, url: string, logs: string[] = [], leaseMs = 60_000) {
  const spend = new SpendBook(store, () => {}, Date.now, 50);
  const local = new LocalLimits(spend);
  const limits = new RedisLimits({ url, keyPrefix: prefix, spend, local, log: (l) => logs.push(l), leaseMs });
  opened.push({
    close: async () => {
      await limits.close();
      await spend.close();
    },
  });
  return { spend, local, limits };
}

async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const refusedWith = (code: string) => (e: Error & { spec?: { code: string } }) => e.spec?.code === code;

describe('limits shared through Redis', () => {
  it('one budget for two replicas: a reservation on one is seen by the other', async (t) => {
    if (!available) return t.skip('no Redis at 127.0.0.1:6379');
    const store = new SqliteKeyStore(':memory:');
    const { key } = await store.create({ tenant: 't', monthlyBudgetUsd: 1 });
    const a = replica(store, SHARED);
    const b = replica(store, SHARED);
    assert.ok((await a.limits.ready()) && (await b.limits.ready()));
    const ha = await a.limits.admit(key, 0.6, 0);
    await assert.rejects(b.limits.admit(key, 0.5, 0), refusedWith('insufficient_quota'));
    ha.settle(0.1, 0);
    await until(async () => {
      try {
        (await b.limits.admit(key, 0.5, 0)).settle(0.5, 0);
        return true;
      } catch {
        return false;
      }
    }, "b's admission after a's settlement");
    // b's settlement may still be in flight (then counted as reserved): what is left is $0.40 either way.
    await assert.rejects(a.limits.admit(key, 0.41, 0), /\(\$0\.4000 left\)/);
    // Spend reaches the key store from both replicas.
    await a.spend.flush();
    await b.spend.flush();
    const month = a.spend.month();
    assert.ok(Math.abs(((await store.spent([key.id], month)).get(key.id) ?? 0) - 0.6) < 1e-12);
  });

  it('concurrent admissions on two replicas never reserve past the budget', async (t) => {
    if (!available) return t.skip('no Redis at 127.0.0.1:6379');
    const store = new SqliteKeyStore(':memory:');
    const { key } = await store.create({ tenant: 't', monthlyBudgetUsd: 0.01 });
    const a = replica(store, SHARED);
    const b = replica(store, SHARED);
    await a.limits.ready();
    await b.limits.ready();
    const tries = Array.from({ length: 200 }, (_, i) =>
      (i % 2 ? a : b).limits.admit(key, 0.001, 0).then(
        () => 1,
        () => 0,
      ),
    );
    const admitted = (await Promise.all(tries)).reduce((x: number, y) => x + y, 0);
    assert.equal(admitted, 10);
  });

  it('one requests/min bucket for two replicas', async (t) => {
    if (!available) return t.skip('no Redis at 127.0.0.1:6379');
    const store = new SqliteKeyStore(':memory:');
    const { key } = await store.create({ tenant: 't', rateLimitRpm: 6 });
    const a = replica(store, SHARED);
    const b = replica(store, SHARED);
    await a.limits.ready();
    await b.limits.ready();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).limits.takeRequest(key)),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 6);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.ok(refusedWith('rate_limit_exceeded')(refused.reason));
    assert.equal(refused.reason.retryAfterS, 10);
  });

  it("a dead replica's reservation is freed when its lease runs out", async (t) => {
    if (!available) return t.skip('no Redis at 127.0.0.1:6379');
    const store = new SqliteKeyStore(':memory:');
    const { key } = await store.create({ tenant: 't', monthlyBudgetUsd: 1 });
    const dead = replica(store, SHARED, [], 300);
    const live = replica(store, SHARED, [], 300);
    await dead.limits.ready();
    await live.limits.ready();
    const held = await live.limits.admit(key, 0.2, 0); // renewed while it runs
    await dead.limits.admit(key, 0.7, 0);
    await dead.limits.close(); // dies mid-request: no settlement, no renewal
    await assert.rejects(live.limits.admit(key, 0.5, 0), refusedWith('insufficient_quota'));
    await new Promise((r) => setTimeout(r, 600));
    (await live.limits.admit(key, 0.5, 0)).settle(0, 0);
    await assert.rejects(live.limits.admit(key, 0.85, 0), /\$0\.2000 reserved/, 'the live hold was renewed');
    held.settle(0, 0);
  });
});

describe('Redis outage (own redis-server)', () => {
  let own: OwnRedis | undefined;
  after(async () => own?.stop());

  it('serves with local limits, says so once, restores held reservations and reconciles spend', async (t) => {
    if (!hasRedisServer()) return t.skip('redis-server is not installed');
    own = await startOwnRedis();
    const store = new SqliteKeyStore(':memory:');
    const { key } = await store.create({ tenant: 't', monthlyBudgetUsd: 1, rateLimitRpm: 1000 });
    const logs: string[] = [];
    const r = replica(store, own.url, logs);
    assert.ok(await r.limits.ready());
    (await r.limits.admit(key, 0.1, 0)).settle(0.1, 0);
    await own.kill();
    await until(() => !r.limits.up, 'the outage to be noticed');
    // Served locally: no request fails while Redis is down.
    for (let i = 0; i < 5; i++) await r.limits.takeRequest(key);
    const during = await r.limits.admit(key, 0.3, 0); // held across the outage
    (await r.limits.admit(key, 0.2, 0)).settle(0.2, 0);
    await assert.rejects(
      r.limits.admit(key, 0.45, 0),
      refusedWith('insufficient_quota'),
      'local budget holds',
    );
    assert.equal(logs.filter((l) => /unreachable/.test(l)).length, 1, logs.join('\n'));
    await r.spend.flush();
    await own.start(); // empty: Redis lost every counter
    await until(() => r.limits.up, 'shared limits to resume', 10_000);
    assert.equal(logs.filter((l) => /reachable again/.test(l)).length, 1, logs.join('\n'));
    const fresh = new Redis(own.url);
    try {
      const hash = `${prefix}{${key.id}}:budget:${r.spend.month()}`;
      assert.ok(
        Math.abs(Number(await fresh.hget(hash, 'spent')) - 0.3) < 1e-9,
        'spent reconciled from the store',
      );
      assert.equal(Number(await fresh.hget(hash, 'reserved')), 0.3, 'the reservation held across the outage');
      during.settle(0.05, 0);
      await until(async () => Number(await fresh.hget(hash, 'reserved')) === 0, 'the settlement');
      assert.ok(Math.abs(Number(await fresh.hget(hash, 'spent')) - 0.35) < 1e-9);
    } finally {
      fresh.disconnect();
    }
  });
});
