import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COLUMNS, fromRow, toRow } from '../../src/ledger/columns.js';
import { openStore } from '../../src/ledger/index.js';
import type { LedgerRecord } from '../../src/ledger/record.js';
import { makeRecord } from './fixtures.js';

const asObject = (r: LedgerRecord) => Object.fromEntries(COLUMNS.map(([c], i) => [c, toRow(r)[i]]));

describe('ledger columns', () => {
  it('maps every field, including usage subfields, to its own column and back', () => {
    const r = makeRecord(1);
    const row = toRow(r);
    assert.equal(row.length, COLUMNS.length);
    assert.deepEqual(fromRow(asObject(r)), r);
    const o = asObject(r);
    assert.equal(o.cache_write_1h_tokens, 50);
    assert.equal(o.reasoning_tokens, 40);
    assert.equal(o.usage_kind, 'batch');
    assert.equal(o.usage_source, 'estimated');
    assert.equal(o.cost_cache_write, 0.0004);
    assert.equal(o.extra, null);
  });

  it('keeps nulls null and booleans boolean', () => {
    const r = makeRecord(2, {
      keyId: null,
      tenant: null,
      servedModel: null,
      provider: null,
      errorCode: null,
      route: null,
      ttftMs: null,
      streamed: false,
      clientAborted: true,
    });
    assert.deepEqual(fromRow(asObject(r)), r);
  });

  it('keeps fields added to LedgerRecord later in the extra column', () => {
    const r = { ...makeRecord(3), region: 'us-east', tags: ['a'] } as LedgerRecord;
    const o = asObject(r);
    assert.equal(o.extra, '{"region":"us-east","tags":["a"]}');
    assert.deepEqual(fromRow(o), r);
  });

  it('round-trips through the SQLite store exactly', async () => {
    const store = await openStore('sqlite::memory:');
    const recs = [
      makeRecord(1),
      makeRecord(2, {
        keyId: null,
        servedModel: null,
        ttftMs: null,
        status: 502,
        errorCode: 'upstream_unreachable',
      }),
      { ...makeRecord(3), extraField: 7 } as LedgerRecord,
    ];
    await store.insertBatch(recs);
    const back = await store.records({ limit: 10 });
    assert.deepEqual(
      back.sort((a, b) => a.id.localeCompare(b.id)),
      recs,
    );
    await store.close();
  });
});
