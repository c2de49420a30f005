import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { after, describe, it } from 'node:test';
import { RedisBackend } from '../../src/cache/exact/redis.js';
import { createWarner } from '../../src/cache/warn.js';
import { contentOf, entry } from './helpers.js';

const prefix = `margin-test:${randomUUID()}:`;

/** A port that nothing listens on (bound, then released). */
async function deadPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('RedisBackend against the real server', () => {
  const backend = new RedisBackend({ url: 'redis://127.0.0.1:6379', keyPrefix: prefix });
  after(async () => {
    const keys = await backend.redis.keys(`${prefix}*`);
    if (keys.length) await backend.redis.del(...keys);
    await backend.close();
  });

  it('round-trips an entry under the prefix with a PX TTL', async () => {
    assert.equal(await backend.ready(), true);
    await backend.set('k1', entry('hello'), 60_000);
    const got = await backend.get('k1');
    assert.equal(contentOf(got), 'hello');
    const ttl = await backend.redis.pttl(`${prefix}k1`);
    assert.ok(ttl > 50_000 && ttl <= 60_000, `pttl ${ttl}`);
    await backend.delete('k1');
    assert.equal(await backend.get('k1'), undefined);
  });

  it('expires entries', async () => {
    await backend.set('short', entry(), 30);
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(await backend.get('short'), undefined);
  });

  it('treats a corrupt stored value as a miss', async () => {
    await backend.redis.set(`${prefix}bad`, '{"not":"an entry"}');
    assert.equal(await backend.get('bad'), undefined);
  });
});

describe('RedisBackend with Redis down', () => {
  it('misses, drops writes, never throws, and warns once', async () => {
    const logs: string[] = [];
    const backend = new RedisBackend({
      url: `redis://127.0.0.1:${await deadPort()}`,
      keyPrefix: prefix,
      warner: createWarner((m) => logs.push(m), 60_000),
    });
    try {
      assert.equal(await backend.ready(300), false);
      for (let i = 0; i < 20; i++) {
        assert.equal(await backend.get(`k${i}`), undefined);
        await backend.set(`k${i}`, entry(), 1000);
      }
      await new Promise((r) => setTimeout(r, 300)); // let reconnect attempts fail too
      assert.equal(logs.length, 1, logs.join('\n'));
      assert.match(logs[0] ?? '', /Redis unavailable/);
    } finally {
      await backend.close();
    }
  });
});
