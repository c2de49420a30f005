import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { main } from '../../src/cli/index.js';
import {
  hashKey,
  type KeyStore,
  LocalLimits,
  SpendBook,
  SqliteKeyStore,
  TokenBuckets,
} from '../../src/governance/index.js';

describe('key store', () => {
  it('stores only the hash and verifies the secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-keys-'));
    const path = join(dir, 'k.db');
    const store = new SqliteKeyStore(path);
    const { secret, key } = await store.create({ tenant: 'acme', name: 'prod', monthlyBudgetUsd: 5 });
    assert.equal((await store.verify(secret))?.id, key.id);
    assert.equal(await store.verify(`${secret}x`), undefined);
    assert.equal(key.id, hashKey(secret).slice(0, 12));
    await store.close();
    assert.ok(!readFileSync(path).includes(Buffer.from(secret)), 'secret not on disk');
    const again = new SqliteKeyStore(path);
    await again.revoke(key.id);
    assert.equal(await again.verify(secret), undefined, 'revoked');
    await assert.rejects(again.revoke('nope'), /no key with id/);
    await assert.rejects(again.create({ tenant: 'bad tenant!' }), /tenant must be/);
    await again.close();
  });
});

const NOV = Date.UTC(2026, 10, 15);
const month = '2026-11';

function limits(store: KeyStore, now: () => number = () => NOV) {
  const spend = new SpendBook(store, (err) => assert.fail(err), now, 3_600_000);
  return { spend, local: new LocalLimits(spend, now) };
}

describe('budgets with reservations (one process)', () => {
  it('blocks concurrent requests that together would exceed the cap, and settles actual cost', async () => {
    const store = new SqliteKeyStore(':memory:');
    const { key } = await store.create({ tenant: 't', monthlyBudgetUsd: 1 });
    const { spend, local } = limits(store);
    const r1 = await local.admit(key, 0.6, 0);
    await assert.rejects(
      local.admit(key, 0.5, 0),
      (e: Error & { status?: number; spec?: { code: string } }) =>
        e.status === 429 && e.spec?.code === 'insufficient_quota',
    );
    r1.settle(0.1, 0);
    const r2 = await local.admit(key, 0.5, 0);
    r2.settle(0.5, 0);
    r2.settle(0.5, 0); // settled once only
    await assert.rejects(local.admit(key, 0.41, 0), /\$0\.6000 spent/);
    await spend.close();
    assert.ok(Math.abs(((await store.spent([key.id], month)).get(key.id) ?? 0) - 0.6) < 1e-12, 'persisted');
  });

  it('resets at the start of a month', async () => {
    const store = new SqliteKeyStore(':memory:');
    const { key } = await store.create({ tenant: 't', monthlyBudgetUsd: 1 });
    let now = Date.UTC(2026, 10, 30, 23);
    const { spend, local } = limits(store, () => now);
    (await local.admit(key, 1, 0)).settle(1, 0);
    await assert.rejects(local.admit(key, 0.01, 0));
    now = Date.UTC(2026, 11, 1, 0, 1);
    await local.admit(key, 0.5, 0);
    await spend.close();
  });

  it('reads back what other processes sharing the key store spent', async () => {
    const store = new SqliteKeyStore(':memory:');
    const { key } = await store.create({ tenant: 't', monthlyBudgetUsd: 1 });
    const { spend, local } = limits(store);
    (await local.admit(key, 0.1, 0)).settle(0.1, 0);
    await store.addSpend([{ keyId: key.id, month, usd: 0.5 }]); // another replica's flush
    await spend.flush();
    assert.equal(await spend.spent(key.id, month), 0.6);
    await assert.rejects(local.admit(key, 0.45, 0), /\$0\.6000 spent/);
    await spend.close();
  });

  it('a tokens/min limit takes the prompt at admission and the rest at settlement', async () => {
    const store = new SqliteKeyStore(':memory:');
    const { key } = await store.create({ tenant: 't', rateLimitTpm: 1000 });
    let now = NOV;
    const { spend, local } = limits(store, () => now);
    const h = await local.admit(key, 0, 300);
    h.settle(0, 900); // 300 prompt + 600 output: 100 left
    await assert.rejects(
      local.admit(key, 0, 300),
      (e: Error & { retryAfterS?: number }) => e.retryAfterS === 12,
    );
    now += 12_000; // 200 refilled
    await local.admit(key, 0, 300);
    await spend.close();
  });
});

describe('token buckets', () => {
  it('allows rpm requests then refuses with retry-after, refilling over time', () => {
    let now = 0;
    const b = new TokenBuckets(() => now);
    for (let i = 0; i < 3; i++) b.take('k', 3, 1, 'requests', 'k');
    assert.throws(
      () => b.take('k', 3, 1, 'requests', 'k'),
      (e: Error & { retryAfterS?: number }) => e.retryAfterS === 20,
    );
    now = 20_000;
    assert.doesNotThrow(() => b.take('k', 3, 1, 'requests', 'k'));
  });
});

describe('margin keys', () => {
  it('creates, lists and revokes', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'margin-keys-')), 'k.db');
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: () => {} };
    assert.equal(
      await main(['keys', 'create', '--db', db, '--tenant', 'acme', '--budget-usd', '10', '--rpm', '60'], io),
      0,
    );
    assert.match(out[0]!, /^mk-/);
    out.length = 0;
    assert.equal(await main(['keys', 'list', '--db', db, '--format', 'json'], io), 0);
    const rows = JSON.parse(out.join(''));
    assert.equal(rows[0].tenant, 'acme');
    assert.equal(rows[0].budgetUsd, 10);
    assert.equal(await main(['keys', 'revoke', rows[0].id, '--db', db], io), 0);
    const err: string[] = [];
    assert.equal(
      await main(['keys', 'create', '--db', db], { stdout: () => {}, stderr: (t) => err.push(t) }),
      1,
    );
    assert.match(err.join(''), /--tenant is required/);
  });
});

describe('admin keys and caps', () => {
  it('stores the admin flag and adds the newer columns to key databases made before them', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'margin-keys-')), 'old.db');
    const old = new Database(path);
    old.exec(
      'CREATE TABLE margin_keys (id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, tenant TEXT NOT NULL, name TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER, monthly_budget_usd REAL, rate_limit_rpm INTEGER)',
    );
    old
      .prepare("INSERT INTO margin_keys VALUES ('abc', ?, 'acme', '', 1, NULL, NULL, NULL)")
      .run(hashKey('mk-old'));
    old.close();
    const store = new SqliteKeyStore(path);
    const oldKey = await store.verify('mk-old');
    assert.equal(oldKey?.admin, false, 'an old key is a tenant key');
    assert.equal(oldKey?.rateLimitTpm, null);
    assert.equal(oldKey?.maxOutputTokens, null);
    const { secret } = await store.create({ tenant: 'ops', admin: true });
    assert.equal((await store.verify(secret))?.admin, true);
    assert.equal((await store.create({ tenant: 'acme' })).key.admin, false);
    await store.close();
  });

  it('refuses caps that cannot work, at creation and on update', async () => {
    const store = new SqliteKeyStore(':memory:');
    for (const rateLimitRpm of [0, -1, 1.5, Number.POSITIVE_INFINITY, Number.NaN]) {
      await assert.rejects(store.create({ tenant: 't', rateLimitRpm }), /rpm must be a whole number/);
    }
    for (const monthlyBudgetUsd of [0, -5, Number.POSITIVE_INFINITY, Number.NaN]) {
      await assert.rejects(store.create({ tenant: 't', monthlyBudgetUsd }), /budget must be a positive/);
    }
    await assert.rejects(store.create({ tenant: 't', rateLimitTpm: 0 }), /tpm \(tokens per minute\) must be/);
    await assert.rejects(store.create({ tenant: 't', maxOutputTokens: 2.5 }), /maxOutputTokens must be/);
    const { key } = await store.create({ tenant: 't', rateLimitRpm: 1, monthlyBudgetUsd: 0.01 });
    await assert.rejects(store.update(key.id, { rateLimitRpm: 0 }), /rpm must be/);
    assert.equal(
      (await store.update(key.id, { rateLimitRpm: null })).rateLimitRpm,
      null,
      'none clears the cap',
    );
    assert.equal((await store.update(key.id, { maxOutputTokens: 64 })).maxOutputTokens, 64);
    assert.equal((await store.list()).length, 1, 'nothing stored by refused creations');
    await store.close();
  });

  it('a zero rate stored before caps were checked answers a finite retry-after', () => {
    const b = new TokenBuckets(() => 0);
    assert.throws(
      () => b.take('k', 0, 1, 'requests', 'k'),
      (e: Error & { retryAfterS?: number }) => e.retryAfterS === 60,
    );
  });

  it('margin keys create --admin, and --rpm 0 is a one-line error with exit 1', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'margin-keys-')), 'k.db');
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
    assert.equal(await main(['keys', 'create', '--db', db, '--tenant', 'ops', '--admin'], io), 0);
    assert.match(err.join(''), /created admin key/);
    for (const bad of [
      ['--rpm', '0'],
      ['--budget-usd', '0'],
      ['--budget-usd', 'Infinity'],
      ['--tpm', '0'],
      ['--max-output-tokens', '0'],
    ]) {
      err.length = 0;
      assert.equal(await main(['keys', 'create', '--db', db, '--tenant', 'acme', ...bad], io), 1);
      const text = err.join('');
      assert.match(text, new RegExp(`${bad[0]}( \\(tokens per minute\\))? must be`));
      assert.equal(text.trim().split('\n').length, 1, text);
    }
    out.length = 0;
    assert.equal(await main(['keys', 'list', '--db', db, '--format', 'json'], io), 0);
    const rows = JSON.parse(out.join(''));
    assert.deepEqual(
      rows.map((r: { tenant: string; admin: boolean }) => [r.tenant, r.admin]),
      [['ops', true]],
    );
    err.length = 0;
    assert.equal(await main(['keys', 'set', rows[0].id, '--db', db, '--rpm', '0'], io), 1);
    assert.match(err.join(''), /--rpm must be a whole number/);
    out.length = 0;
    assert.equal(
      await main(['keys', 'set', rows[0].id, '--db', db, '--tpm', '6000', '--max-output-tokens', '256'], io),
      0,
    );
    assert.match(out.join(''), /6000 tpm limit, output cap 256/);
  });
});
