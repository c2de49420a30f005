import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
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
