import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DAY_MS, HOUR_MS, planRange } from '../../src/ledger/plan.js';
import { parseLedgerUrl } from '../../src/ledger/url.js';

describe('planRange', () => {
  it('covers [from, to) exactly with aligned rollup parts', () => {
    const base = Date.UTC(2026, 0, 1);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 90 * DAY_MS }),
        fc.integer({ min: 1, max: 60 * DAY_MS }),
        fc.boolean(),
        (a, len, daily) => {
          const from = base + a;
          const to = from + len;
          const parts = planRange(from, to, daily);
          assert.equal(parts[0]!.from, from);
          assert.equal(parts.at(-1)!.to, to);
          for (let i = 1; i < parts.length; i++) assert.equal(parts[i]!.from, parts[i - 1]!.to);
          for (const p of parts) {
            assert.ok(p.to > p.from);
            if (p.source === 'hourly') assert.ok(p.from % HOUR_MS === 0 && p.to % HOUR_MS === 0);
            if (p.source === 'daily') assert.ok(daily && p.from % DAY_MS === 0 && p.to % DAY_MS === 0);
            if (p.source === 'raw') assert.ok(p.to - p.from < HOUR_MS);
          }
        },
      ),
    );
  });

  it('uses only raw rows inside one hour, and nothing for an empty range', () => {
    const h = Date.UTC(2026, 0, 1, 5);
    assert.deepEqual(planRange(h + 10, h + 20), [{ source: 'raw', from: h + 10, to: h + 20 }]);
    assert.deepEqual(planRange(h, h), []);
  });

  it('reads a whole month from 30 daily rows', () => {
    const m = Date.UTC(2026, 10, 1);
    assert.deepEqual(planRange(m, m + 30 * DAY_MS), [{ source: 'daily', from: m, to: m + 30 * DAY_MS }]);
  });
});

describe('parseLedgerUrl', () => {
  it('accepts the documented forms', () => {
    assert.deepEqual(parseLedgerUrl(), { kind: 'sqlite', path: './margin.db' });
    assert.deepEqual(parseLedgerUrl('sqlite::memory:'), { kind: 'sqlite', path: ':memory:' });
    assert.deepEqual(parseLedgerUrl('/var/x.db'), { kind: 'sqlite', path: '/var/x.db' });
    assert.deepEqual(parseLedgerUrl('sqlite:///var/x.db'), { kind: 'sqlite', path: '/var/x.db' });
    const pg = parseLedgerUrl('postgresql://u:pw@127.0.0.1:5432/test?schema=ledger_1&sslmode=disable');
    assert.equal(pg.kind, 'postgres');
    if (pg.kind === 'postgres') {
      assert.equal(pg.schema, 'ledger_1');
      assert.doesNotMatch(pg.connectionString, /schema=/);
      assert.match(pg.connectionString, /sslmode=disable/);
    }
  });

  it('rejects empty, unknown schemes and unsafe schema names', () => {
    assert.throws(() => parseLedgerUrl(''), /empty/);
    assert.throws(() => parseLedgerUrl('mysql://x/y'), /unsupported ledger URL scheme/);
    assert.throws(() => parseLedgerUrl('postgres://x/y?schema=a;drop'), /invalid ledger schema/);
    assert.throws(() => parseLedgerUrl('sqlite:'), /no path/);
  });
});
