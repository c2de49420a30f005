import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCacheConfig } from '../../src/cache/config.js';
import { decideExact, isDeterministic, parseCacheDirective } from '../../src/cache/policy.js';
import { isMarginError } from '../../src/errors/index.js';

const cfg = parseCacheConfig({
  exactCache: { ttlS: 60, models: { 'gpt-x': { mode: 'always', ttlS: 5 }, secret: { mode: 'off' } } },
}).exactCache;
const det = { model: 'm', messages: [], temperature: 0 };
const hot = { model: 'm', messages: [], temperature: 0.7 };

describe('determinism rule', () => {
  it('is deterministic at temperature 0 or with a seed', () => {
    assert.equal(isDeterministic(det), true);
    assert.equal(isDeterministic({ ...hot, seed: 3 }), true);
    assert.equal(isDeterministic(hot), false);
    assert.equal(isDeterministic({ model: 'm' }), false);
  });
});

describe('decideExact', () => {
  it('caches deterministic requests by default and skips the rest', () => {
    assert.deepEqual(
      [decideExact(det, 'm', undefined, cfg).lookup, decideExact(det, 'm', undefined, cfg).store],
      [true, true],
    );
    const d = decideExact(hot, 'm', undefined, cfg);
    assert.deepEqual([d.lookup, d.store], [false, false]);
    assert.equal(decideExact(det, 'm', undefined, cfg).ttlMs, 60_000);
  });
  it('honours the x-margin-cache directives', () => {
    const ns = decideExact(det, 'm', 'no-store', cfg);
    assert.deepEqual([ns.lookup, ns.store], [false, false]);
    const nc = decideExact(det, 'm', 'no-cache', cfg);
    assert.deepEqual([nc.lookup, nc.store], [false, true]);
    const f = decideExact(hot, 'm', 'force', cfg);
    assert.deepEqual([f.lookup, f.store], [true, true]);
  });
  it('applies per-model config, with off beating force', () => {
    const a = decideExact(hot, 'gpt-x', undefined, cfg);
    assert.deepEqual([a.lookup, a.store, a.ttlMs], [true, true, 5000]);
    const off = decideExact(det, 'secret', 'force', cfg);
    assert.deepEqual([off.lookup, off.store], [false, false]);
  });
  it('does nothing when disabled', () => {
    const disabled = parseCacheConfig({ exactCache: { enabled: false } }).exactCache;
    assert.equal(decideExact(det, 'm', 'force', disabled).lookup, false);
  });
});

describe('parseCacheDirective', () => {
  it('parses known values and rejects others naming the header', () => {
    assert.equal(parseCacheDirective(' No-Store '), 'no-store');
    assert.equal(parseCacheDirective(undefined), undefined);
    assert.equal(parseCacheDirective(['force']), 'force');
    assert.throws(
      () => parseCacheDirective('maybe'),
      (e) => isMarginError(e) && e.param === 'x-margin-cache' && e.status === 400,
    );
  });
});

describe('parseCacheConfig', () => {
  it('fills defaults', () => {
    const c = parseCacheConfig();
    assert.equal(c.exactCache.backend, 'memory');
    assert.equal(c.semanticCache.enabled, false);
    assert.equal(c.semanticCache.targetWrongHitRate, 0.02);
    assert.equal(c.exactCache.enabled, true);
    assert.equal(c.exactCache.mode, 'deterministic');
    assert.equal(c.promptCaching.anthropic, 'auto');
    assert.equal(c.promptCaching.openai, 'auto');
  });
  it('names the bad field', () => {
    assert.throws(() => parseCacheConfig({ exactCache: { maxBytes: -1 } }), /exactCache\.maxBytes/);
    assert.throws(
      () => parseCacheConfig({ semanticCache: { targetWrongHitRate: 2 } }),
      /semanticCache\.targetWrongHitRate/,
    );
    assert.throws(
      () => parseCacheConfig({ promptCaching: { anthropic: 'yes' } }),
      /promptCaching\.anthropic/,
    );
    assert.throws(() => parseCacheConfig({ exactCache: { bogus: 1 } }), /exactCache/);
  });
});
