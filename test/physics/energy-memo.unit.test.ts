import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../src/catalog/index.js';
import { requestEnergy } from '../../src/physics/index.js';

describe('requestEnergy memo', () => {
  const hardware = defaultCatalog().device('h100-sxm');
  const basis = { activeParamsB: 70, totalParamsB: 70, hardware, precision: 'fp8' as const };

  it('a repeated call equals a fresh computation, and callers cannot alter the memo', () => {
    const tokens = { prefillTokens: 321, cachedTokens: 17, outputTokens: 45 };
    const first = requestEnergy(basis, tokens);
    first.itWh = -1;
    const again = requestEnergy(basis, tokens);
    // A distinct hardware object (same spec) gets its own reference deployment and memo: computed afresh.
    const fresh = requestEnergy({ ...basis, hardware: { ...hardware } }, tokens);
    assert.ok(again.itWh > 0);
    assert.deepEqual(again, fresh);
  });

  it('keys every token count separately', () => {
    const a = requestEnergy(basis, { prefillTokens: 1, cachedTokens: 23, outputTokens: 9 });
    const b = requestEnergy(basis, { prefillTokens: 12, cachedTokens: 3, outputTokens: 9 });
    const c = requestEnergy(basis, { prefillTokens: 1, cachedTokens: 23, outputTokens: 10 });
    assert.notEqual(a.itWh, b.itWh);
    assert.notEqual(a.itWh, c.itWh);
  });
});
