import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { main } from '../../src/cli/index.js';
import { BudgetTracker, hashKey, KeyStore, RateLimiter } from '../../src/governance/index.js';

describe('key store', () => {
  it('stores only the hash and verifies the secret', () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-keys-'));
    const path = join(dir, 'k.db');
    const store = new KeyStore(path);
    const { secret, key } = store.create({ tenant: 'acme', name: 'prod', monthlyBudgetUsd: 5 });
    assert.equal(store.verify(secret)?.id, key.id);
    assert.equal(store.verify(`${secret}x`), undefined);
    assert.equal(key.id, hashKey(secret).slice(0, 12));
    store.close();
    assert.ok(!readFileSync(path).includes(Buffer.from(secret)), 'secret not on disk');
    const again = new KeyStore(path);
    again.revoke(key.id);
    assert.equal(again.verify(secret), undefined, 'revoked');
    assert.throws(() => again.revoke('nope'), /no key with id/);
    assert.throws(() => again.create({ tenant: 'bad tenant!' }), /tenant must be/);
    again.close();
  });
});

describe('budgets with reservations', () => {
  it('blocks concurrent requests that together would exceed the cap, and settles actual cost', () => {
    const store = new KeyStore(':memory:');
    const { key } = store.create({ tenant: 't', monthlyBudgetUsd: 1 });
    const b = new BudgetTracker(store, () => Date.UTC(2026, 10, 15));
    const r1 = b.reserve(key, 0.6);
    assert.throws(
      () => b.reserve(key, 0.5),
      (e: Error & { status?: number; spec?: { code: string } }) =>
        e.status === 429 && e.spec?.code === 'insufficient_quota',
    );
    b.settle(r1, 0.1);
    const r2 = b.reserve(key, 0.5);
    b.settle(r2, 0.5);
    assert.deepEqual(b.status(key.id), { spent: 0.6, reserved: 0, month: '2026-11' });
    b.close();
    assert.ok(Math.abs(store.spent(key.id, '2026-11') - 0.6) < 1e-12, 'persisted');
  });

  it('resets at the start of a month', () => {
    const store = new KeyStore(':memory:');
    const { key } = store.create({ tenant: 't', monthlyBudgetUsd: 1 });
    let now = Date.UTC(2026, 10, 30, 23);
    const b = new BudgetTracker(store, () => now);
    b.settle(b.reserve(key, 1), 1);
    assert.throws(() => b.reserve(key, 0.01));
    now = Date.UTC(2026, 11, 1, 0, 1);
    assert.doesNotThrow(() => b.reserve(key, 0.5));
    b.close();
  });
});

describe('rate limiter', () => {
  it('allows rpm requests then refuses with retry-after, refilling over time', () => {
    let now = 0;
    const rl = new RateLimiter(() => now);
    for (let i = 0; i < 3; i++) rl.take('k', 3);
    assert.throws(
      () => rl.take('k', 3),
      (e: Error & { retryAfterS?: number }) => e.retryAfterS === 20,
    );
    now = 20_000;
    assert.doesNotThrow(() => rl.take('k', 3));
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
  it('stores the admin flag and adds the column to key databases made before it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'margin-keys-')), 'old.db');
    const old = new Database(path);
    old.exec(
      'CREATE TABLE margin_keys (id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, tenant TEXT NOT NULL, name TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER, monthly_budget_usd REAL, rate_limit_rpm INTEGER)',
    );
    old
      .prepare("INSERT INTO margin_keys VALUES ('abc', ?, 'acme', '', 1, NULL, NULL, NULL)")
      .run(hashKey('mk-old'));
    old.close();
    const store = new KeyStore(path);
    assert.equal(store.verify('mk-old')?.admin, false, 'an old key is a tenant key');
    const { secret } = store.create({ tenant: 'ops', admin: true });
    assert.equal(store.verify(secret)?.admin, true);
    assert.equal(store.create({ tenant: 'acme' }).key.admin, false);
    store.close();
  });

  it('refuses caps that cannot work, at creation and on update', () => {
    const store = new KeyStore(':memory:');
    for (const rateLimitRpm of [0, -1, 1.5, Number.POSITIVE_INFINITY, Number.NaN]) {
      assert.throws(() => store.create({ tenant: 't', rateLimitRpm }), /rpm must be a whole number/);
    }
    for (const monthlyBudgetUsd of [0, -5, Number.POSITIVE_INFINITY, Number.NaN]) {
      assert.throws(() => store.create({ tenant: 't', monthlyBudgetUsd }), /budget must be a positive/);
    }
    const { key } = store.create({ tenant: 't', rateLimitRpm: 1, monthlyBudgetUsd: 0.01 });
    assert.throws(() => store.update(key.id, { rateLimitRpm: 0 }), /rpm must be/);
    assert.equal(store.update(key.id, { rateLimitRpm: null }).rateLimitRpm, null, 'none clears the cap');
    assert.equal(store.list().length, 1, 'nothing stored by refused creations');
    store.close();
  });

  it('a zero rate stored before caps were checked answers a finite retry-after', () => {
    const rl = new RateLimiter(() => 0);
    assert.throws(
      () => rl.take('k', 0),
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
    ]) {
      err.length = 0;
      assert.equal(await main(['keys', 'create', '--db', db, '--tenant', 'acme', ...bad], io), 1);
      const text = err.join('');
      assert.match(text, new RegExp(`${bad[0]} must be`));
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
  });
});
