// The key-store contract, run against both adapters (SQLite file and Postgres in a schema of its own), and
// `margin keys --db postgres://…` against the store the gateway reads.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { main } from '../../src/cli/index.js';
import { type KeyStore, openKeyStore } from '../../src/governance/index.js';

const BASE = process.env.MARGIN_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `margin_keys_test_${process.pid}_${randomBytes(4).toString('hex')}`;
const pgUrl = `${BASE}?schema=${schema}`;
const dir = mkdtempSync(join(tmpdir(), 'margin-keystores-'));

let pgAvailable = true;
before(async () => {
  const c = new pg.Client({ connectionString: BASE });
  try {
    await c.connect();
  } catch {
    pgAvailable = false;
  } finally {
    await c.end().catch(() => {});
  }
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (!pgAvailable) return;
  const c = new pg.Client({ connectionString: BASE });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await c.end();
});

const adapters: Array<[string, () => string]> = [
  ['sqlite', () => join(dir, 'keys.db')],
  ['postgres', () => pgUrl],
];

for (const [kind, url] of adapters) {
  describe(`${kind} key store`, () => {
    it('creates, verifies by hash, updates caps, revokes and books spend', async (t) => {
      if (kind === 'postgres' && !pgAvailable) return t.skip('no Postgres at 127.0.0.1:5432');
      const store = (await openKeyStore(url())) as KeyStore;
      assert.equal(store.kind, kind);
      try {
        const { secret, key } = await store.create({
          tenant: 'acme',
          name: 'prod',
          monthlyBudgetUsd: 5,
          rateLimitRpm: 60,
          rateLimitTpm: 10_000,
          maxOutputTokens: 512,
          admin: true,
        });
        const seen = await store.verify(secret);
        assert.deepEqual(seen, key);
        assert.equal(typeof seen?.createdAt, 'number');
        assert.equal(await store.verify(`${secret}x`), undefined);
        const other = await store.create({ tenant: 'beta' });
        assert.deepEqual(
          (await store.list()).map((k) => [k.tenant, k.admin, k.monthlyBudgetUsd]),
          [
            ['acme', true, 5],
            ['beta', false, null],
          ],
        );
        const changed = await store.update(key.id, { monthlyBudgetUsd: null, maxOutputTokens: 64 });
        assert.deepEqual(
          [changed.monthlyBudgetUsd, changed.rateLimitRpm, changed.rateLimitTpm, changed.maxOutputTokens],
          [null, 60, 10_000, 64],
        );
        await assert.rejects(store.update(key.id, { rateLimitRpm: 0 }), /rpm must be/);
        await assert.rejects(store.get('nope'), /no key with id 'nope'/);
        await store.addSpend([
          { keyId: key.id, month: '2026-11', usd: 0.25 },
          { keyId: key.id, month: '2026-11', usd: 0.5 },
          { keyId: other.key.id, month: '2026-12', usd: 1 },
        ]);
        await store.addSpend([{ keyId: key.id, month: '2026-11', usd: 0.25 }]);
        const spent = await store.spent([key.id, other.key.id, 'unknown'], '2026-11');
        assert.deepEqual(
          [...spent],
          [
            [key.id, 1],
            [other.key.id, 0],
            ['unknown', 0],
          ],
        );
        assert.ok((await store.revoke(key.id)).revokedAt !== null);
        assert.equal(await store.verify(secret), undefined);
      } finally {
        await store.close();
      }
    });
  });
}

describe('margin keys --db postgres://…', () => {
  it('creates and lists keys in the Postgres store, and names the option on a bad URL', async (t) => {
    if (!pgAvailable) return t.skip('no Postgres at 127.0.0.1:5432');
    const url = `${BASE}?schema=${schema}_cli`;
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) };
    try {
      assert.equal(await main(['keys', 'create', '--db', url, '--tenant', 'acme', '--rpm', '60'], io), 0);
      assert.match(out[0] ?? '', /^mk-/);
      const store = (await openKeyStore(url)) as KeyStore;
      assert.equal((await store.verify((out[0] ?? '').trim()))?.rateLimitRpm, 60);
      await store.close();
      out.length = 0;
      assert.equal(await main(['keys', 'list', '--db', url, '--format', 'json'], io), 0);
      assert.equal(JSON.parse(out.join(''))[0].tenant, 'acme');
      err.length = 0;
      assert.equal(
        await main(['keys', 'list', '--db', 'postgres://x@127.0.0.1:1/db?schema=bad-name'], io),
        1,
      );
      assert.match(err.join(''), /invalid --db schema name/);
    } finally {
      const c = new pg.Client({ connectionString: BASE });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}_cli" CASCADE`);
      await c.end();
    }
  });
});
