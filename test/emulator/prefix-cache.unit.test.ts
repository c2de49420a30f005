import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PrefixCache } from '../../src/emulator/prefix-cache.js';

const seq = (n: number, seed = 0) => Array.from({ length: n }, (_, i) => (i * 31 + seed) % 50_000);

describe('emulated prompt cache', () => {
  it('caches the longest seen prefix in 128-token steps above 1,024 tokens', () => {
    const c = new PrefixCache();
    const a = seq(3000);
    assert.equal(c.automatic(a), 0, 'first sight');
    const b = [...a.slice(0, 2100), ...seq(900, 7)];
    assert.equal(c.automatic(b), 2048);
    assert.equal(c.automatic(seq(1000)), 0, 'below the minimum');
  });

  it('explicit breakpoints write then read', () => {
    const c = new PrefixCache();
    const t = seq(5000);
    assert.deepEqual(c.explicit(t, 4000), { read: 0, write: 4000 });
    assert.deepEqual(c.explicit(t, 4000), { read: 4000, write: 0 });
    assert.deepEqual(c.explicit(t, 500), { read: 0, write: 0 });
  });

  it('stays bounded', () => {
    const c = new PrefixCache(10);
    c.automatic(seq(4096));
    c.automatic(seq(4096, 3));
    assert.equal(c.automatic(seq(4096)), 0, 'evicted');
  });
});
