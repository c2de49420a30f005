import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRange, parseTime } from '../../src/report/range.js';

const NOW = Date.UTC(2026, 10, 15, 12, 30);

describe('report ranges', () => {
  it('parses relative durations back from now', () => {
    assert.equal(parseTime('7d', NOW), NOW - 7 * 86_400_000);
    assert.equal(parseTime('24h', NOW), NOW - 86_400_000);
    assert.equal(parseTime('30m', NOW), NOW - 1_800_000);
    assert.equal(parseTime('2w', NOW), NOW - 14 * 86_400_000);
    assert.equal(parseTime('1.5h', NOW), NOW - 5_400_000);
    assert.equal(parseTime('now', NOW), NOW);
  });

  it('parses ISO dates as UTC midnight and date-times as UTC unless an offset is given', () => {
    assert.equal(parseTime('2026-11-01', NOW), Date.UTC(2026, 10, 1));
    assert.equal(parseTime('2026-11-01T13:00', NOW), Date.UTC(2026, 10, 1, 13));
    assert.equal(parseTime('2026-11-01T13:00:05Z', NOW), Date.UTC(2026, 10, 1, 13, 0, 5));
    assert.equal(parseTime('2026-11-01T13:00+02:00', NOW), Date.UTC(2026, 10, 1, 11));
  });

  it('defaults to the last 30 days and checks order', () => {
    assert.deepEqual(parseRange({}, NOW), { from: NOW - 30 * 86_400_000, to: NOW });
    assert.deepEqual(parseRange({ since: '2026-11-01', until: '2026-11-02' }, NOW), {
      from: Date.UTC(2026, 10, 1),
      to: Date.UTC(2026, 10, 2),
    });
    assert.throws(() => parseRange({ since: '1d', until: '2d' }, NOW), /--since .* must be before --until/);
  });

  it('rejects bad text naming the flag', () => {
    for (const bad of ['7', 'd7', '7y', '-3d', '2026-13-01', '2026-02-30', 'yesterday', '']) {
      assert.throws(() => parseTime(bad, NOW, '--since'), /--since must be a duration/, bad);
    }
    assert.throws(() => parseRange({ until: 'soon' }, NOW), /--until must be/);
  });
});
