import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore } from '../../src/ledger/index.js';
import type { LedgerRecord } from '../../src/ledger/record.js';
import type { AggregateRow, GroupBy, LedgerFilter, LedgerStore } from '../../src/ledger/store.js';
import { randomRecords } from './fixtures.js';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 1, 0, 0, 0);

/** The obvious aggregation in plain JS, to check the SQL (raw + hourly + daily) against. */
function reference(
  records: LedgerRecord[],
  from: number,
  to: number,
  by: GroupBy | null,
  f: LedgerFilter = {},
) {
  const key = (r: LedgerRecord): string | null => {
    switch (by) {
      case null:
        return null;
      case 'model':
        return r.servedModel ?? r.requestedModel;
      case 'provider':
        return r.provider;
      case 'key':
        return r.keyId;
      case 'tenant':
        return r.tenant;
      case 'endpoint':
        return r.endpoint;
      case 'cache':
        return r.cache;
      case 'day':
        return new Date(r.ts).toISOString().slice(0, 10);
      case 'hour':
        return `${new Date(r.ts).toISOString().slice(0, 13)}:00Z`;
    }
  };
  const groups = new Map<string | null, Record<string, number>>();
  for (const r of records) {
    if (r.ts < from || r.ts >= to) continue;
    if (f.model !== undefined && (r.servedModel ?? r.requestedModel) !== f.model) continue;
    if (f.provider !== undefined && r.provider !== f.provider) continue;
    if (f.key !== undefined && r.keyId !== f.key) continue;
    if (f.tenant !== undefined && r.tenant !== f.tenant) continue;
    const k = key(r);
    const g = groups.get(k) ?? {};
    const add = (name: string, v: number) => {
      g[name] = (g[name] ?? 0) + v;
    };
    add('requests', 1);
    add('errors', r.status >= 400 ? 1 : 0);
    add('inputTokens', r.usage.inputTokens);
    add('cachedTokens', r.usage.cacheReadTokens);
    add('outputTokens', r.usage.outputTokens);
    add('reasoningTokens', r.usage.reasoningTokens);
    add('costUsd', r.costUsd.total);
    add('savedUsd', r.savedUsd);
    add('energyWh', r.energyWh);
    add('co2eG', r.co2eG);
    add('cacheHits', r.cache === 'exact' || r.cache === 'semantic' ? 1 : 0);
    add('estimated', r.usage.source === 'estimated' ? 1 : 0);
    add('latencySumMs', r.latencyMs);
    add('ttftCount', r.ttftMs === null ? 0 : 1);
    groups.set(k, g);
  }
  return groups;
}

function assertMatches(rows: AggregateRow[], ref: Map<string | null, Record<string, number>>, what: string) {
  assert.deepEqual(new Set(rows.map((r) => r.group)), new Set(ref.keys()), `${what}: groups`);
  for (const row of rows) {
    const want = ref.get(row.group)!;
    for (const [k, v] of Object.entries(want)) {
      const got = row[k as keyof AggregateRow] as number;
      assert.ok(
        Math.abs(got - v) <= 1e-9 * Math.max(1, Math.abs(v)),
        `${what} ${row.group} ${k}: ${got} vs ${v}`,
      );
    }
  }
}

async function loaded(records: LedgerRecord[]): Promise<LedgerStore> {
  const store = await openStore('sqlite::memory:');
  // Uneven batches so that rollup rows are created by one batch and updated by later ones.
  for (let i = 0, n = 1; i < records.length; i += n, n = (n * 7 + 3) % 900 || 1) {
    await store.insertBatch(records.slice(i, i + n));
  }
  return store;
}

describe('rollups', () => {
  const records = randomRecords(6000, 42, START, 4 * 24 * HOUR);

  it('answer every grouping exactly like raw aggregation, on aligned and unaligned ranges', async () => {
    const store = await loaded(records);
    const ranges: Array<[number, number, string]> = [
      [START, START + 4 * 24 * HOUR, 'whole days'],
      [START + 17 * 60_000 + 5, START + 3 * 24 * HOUR + 2 * HOUR + 999, 'unaligned multi-day'],
      [START + HOUR + 1000, START + HOUR + 40 * 60_000, 'inside one hour'],
      [START + 5 * HOUR, START + 29 * HOUR + 123, 'hours across midnight'],
    ];
    for (const [from, to, name] of ranges) {
      for (const by of [
        null,
        'model',
        'provider',
        'key',
        'tenant',
        'day',
        'hour',
        'endpoint',
        'cache',
      ] as const) {
        const res = await store.aggregate({ from, to, by });
        assertMatches(res.rows, reference(records, from, to, by), `${name} by ${by}`);
      }
    }
    const whole = await store.aggregate({ from: START, to: START + 4 * 24 * HOUR, by: 'model' });
    assert.equal(whole.usedRollup, true);
    assert.equal(whole.rawRowsScanned, 0);
    await store.close();
  });

  it('applies filters, including null key/tenant', async () => {
    const store = await loaded(records);
    const from = START + 333_333;
    const to = START + 2 * 24 * HOUR + 4444;
    const filters: LedgerFilter[] = [
      { model: 'gpt-4o' },
      { provider: 'anthropic' },
      { key: 'key-b', tenant: 'acme' },
      { key: null },
      { tenant: null, model: 'gemini-2.5-pro' },
    ];
    for (const f of filters) {
      const res = await store.aggregate({ from, to, by: 'model', filter: f });
      assertMatches(res.rows, reference(records, from, to, 'model', f), JSON.stringify(f));
    }
    await store.close();
  });

  it('does not count a duplicate id twice (rows or rollups)', async () => {
    const store = await loaded(records);
    const again = await store.insertBatch(records.slice(0, 100));
    assert.equal(again.inserted, 0);
    const res = await store.aggregate({ from: START, to: START + 4 * 24 * HOUR, by: null });
    assert.equal(res.rows[0]!.requests, records.length);
    assert.equal(await store.countRaw({ from: START, to: START + 4 * 24 * HOUR }), records.length);
    await store.close();
  });
});
