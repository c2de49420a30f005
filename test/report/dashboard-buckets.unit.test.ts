// bucket=auto: the series' bucket size follows the range, and points cover whole buckets.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore } from '../../src/ledger/index.js';
import { bucketSeries, bucketStart, chooseBucket, parseBucket } from '../../src/report/buckets.js';
import { makeRecord } from '../ledger/fixtures.js';

const H = 3_600_000;
const D = 24 * H;

describe('bucket=auto', () => {
  it('chooses the bucket from the range', () => {
    assert.equal(chooseBucket(24 * H), '1h');
    assert.equal(chooseBucket(7 * D), '1h');
    assert.equal(chooseBucket(30 * D), '6h');
    assert.equal(chooseBucket(90 * D), '12h');
    assert.equal(chooseBucket(180 * D), '1d');
    assert.equal(chooseBucket(5 * 365 * D), '7d');
  });

  it('parses named buckets and aliases, and refuses unknown or too-fine ones', () => {
    const week = { from: 0, to: 7 * D };
    assert.equal(parseBucket(null, week), '1h');
    assert.equal(parseBucket('auto', week), '1h');
    assert.equal(parseBucket('hour', week), '1h');
    assert.equal(parseBucket('day', week), '1d');
    assert.equal(parseBucket('6h', week), '6h');
    assert.throws(() => parseBucket('5m', week), /bucket must be auto\|hour\|day/);
    assert.throws(() => parseBucket('1h', { from: 0, to: 400 * D }), /more than 2000 points/);
  });

  it('starts buckets on whole UTC hours, days and Monday weeks', () => {
    const t = Date.UTC(2026, 11, 4, 13, 27); // a Friday
    assert.equal(bucketStart(t, '1h'), Date.UTC(2026, 11, 4, 13));
    assert.equal(bucketStart(t, '6h'), Date.UTC(2026, 11, 4, 12));
    assert.equal(bucketStart(t, '1d'), Date.UTC(2026, 11, 4));
    assert.equal(bucketStart(t, '7d'), Date.UTC(2026, 10, 30)); // Monday
  });

  it('sums hours into 6-hour buckets over whole buckets, zero-filled', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      const day = Date.UTC(2026, 10, 2);
      await store.insertBatch([
        makeRecord(1, { ts: day + 1 * H }),
        makeRecord(2, { ts: day + 5 * H }),
        makeRecord(3, { ts: day + 7 * H, status: 500 }),
        makeRecord(4, { ts: day + 30 * H }),
      ]);
      // The range starts mid-bucket (03:00): the first point still covers 00:00–06:00.
      const s = await bucketSeries(store, { from: day + 3 * H, to: day + 2 * D }, '6h');
      assert.equal(s.bucketMs, 6 * H);
      assert.equal(s.points.length, 8);
      assert.equal(s.points[0]!.ts, day);
      assert.deepEqual(
        s.points.map((p) => p.requests),
        [2, 1, 0, 0, 0, 1, 0, 0],
      );
      assert.equal(s.points[1]!.errors, 1);
      const daily = await bucketSeries(store, { from: day, to: day + 2 * D }, '1d');
      assert.deepEqual(
        daily.points.map((p) => [p.t, p.requests]),
        [
          ['2026-11-02', 3],
          ['2026-11-03', 1],
        ],
      );
    } finally {
      await store.close();
    }
  });
});
