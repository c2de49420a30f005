import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { defaultCatalog, envCatalogPaths } from '../../src/catalog/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'margin-env-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('MARGIN_CATALOG', () => {
  it('splits the path list and ignores empty parts', () => {
    assert.deepEqual(envCatalogPaths({ MARGIN_CATALOG: `a.json${delimiter}${delimiter} b.json ` }), [
      'a.json',
      'b.json',
    ]);
    assert.deepEqual(envCatalogPaths({}), []);
  });

  it('is layered onto defaultCatalog()', () => {
    const file = join(tmp, 'private.json');
    writeFileSync(
      file,
      JSON.stringify({
        source: 'env test',
        asOf: '2026-11',
        prices: [
          {
            id: 'my-llama',
            provider: 'self-hosted',
            price: { input: 0.05, output: 0.1 },
            contextWindow: 131072,
            energy: { modelFacts: 'llama-3.1-8b' },
          },
        ],
      }),
    );
    process.env.MARGIN_CATALOG = file;
    try {
      const c = defaultCatalog();
      assert.equal(c.price('my-llama').provider, 'self-hosted');
      assert.equal(c.price('gpt-4o').price.input, 2.5);
    } finally {
      delete process.env.MARGIN_CATALOG;
    }
  });
});
