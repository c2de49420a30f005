// The one output rounding: every JSON and CSV number at most 12 significant digits, so binary float noise
// never reaches a user, while sub-cent money keeps its digits.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outputNumber, outputNumbers, toCsv, toJson } from '../../src/report/format.js';

describe('output numbers', () => {
  it('drops float noise and keeps real digits', () => {
    assert.equal(outputNumber(0.9824999999999999), 0.9825);
    assert.equal(outputNumber(0.1 + 0.2), 0.3);
    assert.equal(outputNumber(0.008379999999999999), 0.00838);
    assert.equal(outputNumber(0.00000075), 0.00000075);
    assert.equal(outputNumber(1234567.891), 1234567.891);
    assert.equal(outputNumber(42), 42);
    assert.ok(Number.isNaN(outputNumber(Number.NaN)));
  });

  it('JSON and CSV go through it; nested structures too', () => {
    const value = { usd: 0.9824999999999999, rows: [{ usd: 0.1 + 0.2 }], name: 'x' };
    assert.equal(toJson(value, true), '{"usd":0.9825,"rows":[{"usd":0.3}],"name":"x"}\n');
    assert.deepEqual(outputNumbers(value), { usd: 0.9825, rows: [{ usd: 0.3 }], name: 'x' });
    assert.equal(toCsv([{ usd: 0.1 + 0.2, tiny: 0.00000075 }]), 'usd,tiny\n0.3,7.5e-7\n');
  });
});
