// advise() on a SQLite ledger: the planner run on the measured workload for self-hosting, and no money
// found in a flat ledger.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { advise } from '../../src/advise/index.js';
import { loadCatalog } from '../../src/catalog/index.js';
import { openStore } from '../../src/ledger/index.js';
import { call, flat, T0 } from './fixtures.js';

const catalog = loadCatalog();

describe('advise: self-hosting break-even (planner on the ledger workload)', () => {
  it('recommends a self-hosted fleet when the measured API bill is large, and says by how much', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      // 2,000 gpt-4o calls in an hour (48,000/day), $0.01 each: about $14,600 a month.
      const recs = Array.from({ length: 2000 }, (_, i) =>
        call(
          i,
          'gpt-4o',
          { inputTokens: 2000, outputTokens: 500 },
          { ts: T0 + i * 1800, prefixHashes: [`h${i}`] },
        ),
      );
      await store.insertBatch(recs);
      const rep = await advise(store, { catalog, days: 30 });
      const sh = rep.actions.find((a) => a.id === 'self-host');
      assert.ok(sh, JSON.stringify(rep.actions.map((a) => a.title)));
      assert.ok(sh.usdPerMonth > 0, sh.title);
      const text = sh.explain.join('\n');
      const bill = Number(/metered API spend \$([\d,.]+)\/month/.exec(text)?.[1]?.replace(/,/g, ''));
      const fleet = Number(/ = \$([\d,.]+)\/month \(\d+ replica/.exec(text)?.[1]?.replace(/,/g, ''));
      // The saving is the bill minus the planner's fleet cost (both rounded to whole dollars in the text).
      assert.ok(Math.abs(sh.usdPerMonth - (bill - fleet)) <= 1.5, `${sh.usdPerMonth} vs ${bill} − ${fleet}`);
      assert.ok(sh.confidence !== 'high');
      assert.ok(sh.usdPerMonthLow <= sh.usdPerMonth && sh.usdPerMonth <= sh.usdPerMonthHigh);
    } finally {
      await store.close();
    }
  });

  it('finds no dollars in a flat ledger', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      await store.insertBatch(flat());
      const rep = await advise(store, { catalog, days: 30 });
      assert.equal(rep.requests, 500);
      assert.deepEqual(
        rep.actions.filter((a) => a.usdPerMonth > 0).map((a) => a.id),
        [],
      );
    } finally {
      await store.close();
    }
  });
});
