// The dashboard's number formatting (the same functions run in the page, inlined by dashboard-html.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatCount,
  formatMs,
  formatPct,
  formatQty,
  formattersSource,
  formatUsd,
  formatUsdTicks,
  groupDigits,
  sigDigits,
} from '../../src/report/dashboard-format.js';

describe('dashboard money formatting', () => {
  it('shows cents from a dollar up and three significant digits below', () => {
    assert.equal(formatUsd(8.42712), '$8.43');
    assert.equal(formatUsd(1234.5), '$1,234.50');
    assert.equal(formatUsd(0.42691), '$0.427');
    assert.equal(formatUsd(0.0123), '$0.0123');
    assert.equal(formatUsd(0), '$0.00');
    assert.equal(formatUsd(-2.5), '-$2.50');
  });

  it('never shows a small non-zero spend as zero: cents, then micro-dollars', () => {
    assert.equal(formatUsd(0.0043), '0.43¢');
    assert.equal(formatUsd(0.000402), '0.0402¢');
    assert.equal(formatUsd(0.000044), '44 µ$');
    assert.equal(formatUsd(1.23e-7), '0.123 µ$');
    assert.equal(formatUsd(1e-12), '<0.001 µ$');
    for (let e = -12; e <= 4; e += 0.25) {
      const text = formatUsd(10 ** e);
      assert.doesNotMatch(text, /^\$?0(\.0+)?$/, `10^${e} shown as ${text}`);
      assert.doesNotMatch(text, /0\.0000/, `10^${e} shown as ${text}`);
      assert.match(text, /[1-9]/, `10^${e} shown as ${text}`);
    }
  });

  it('formats axis ticks with the decimals their step needs', () => {
    assert.deepEqual(formatUsdTicks([0, 0.05, 0.1, 0.15]), ['$0.00', '$0.05', '$0.10', '$0.15']);
    assert.deepEqual(formatUsdTicks([0, 5, 10]), ['$0', '$5', '$10']);
    assert.deepEqual(formatUsdTicks([0, 0.025, 0.05, 0.075]), ['$0.000', '$0.025', '$0.050', '$0.075']);
    assert.deepEqual(formatUsdTicks([0, 0.002, 0.004]), ['$0.00', '0.2¢', '0.4¢']);
  });

  it('missing values read as a dash', () => {
    assert.equal(formatUsd(null), '–');
    assert.equal(formatUsd(Number.NaN), '–');
    assert.equal(formatMs(undefined), '–');
  });
});

describe('dashboard number formatting', () => {
  it('milliseconds keep at most one decimal', () => {
    assert.equal(formatMs(0.692098999999871), '0.7');
    assert.equal(formatMs(1573.3654295094311), '1,573');
    assert.equal(formatMs(9.96), '10.0');
    for (const v of [0.01, 0.45773333897814156, 2.5678, 42.4242, 1234567.891]) {
      assert.match(formatMs(v), /^[\d,]+(\.\d)?$/, `${v} → ${formatMs(v)}`);
    }
  });

  it('counts, quantities, percentages and digit groups', () => {
    assert.equal(formatCount(2874), '2,874');
    assert.equal(formatQty(844.34, 'Wh'), '844 Wh');
    assert.equal(formatQty(1234, 'g'), '1.23 kg');
    assert.equal(formatQty(0.97561, 'g'), '0.976 g');
    assert.equal(formatPct(0.0623), '6.2%');
    assert.equal(formatPct(0.0001), '<0.1%');
    assert.equal(formatPct(0), '0.0%');
    assert.equal(groupDigits('1234567.125'), '1,234,567.125');
    assert.equal(sigDigits(0.00042691, 3), '0.000427');
    assert.equal(sigDigits(0.9999, 3), '1');
  });

  it('the inlined source defines every formatter in plain JavaScript', () => {
    const src = formattersSource();
    const fns = new Function(`${src}; return { formatUsd, formatMs };`)() as {
      formatUsd: (v: number) => string;
      formatMs: (v: number) => string;
    };
    assert.equal(fns.formatUsd(0.000044), '44 µ$');
    assert.equal(fns.formatMs(0.692098999999871), '0.7');
    assert.doesNotMatch(src, /\bexport\b|\bimport\b/);
  });
});
