import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Catalog, loadCatalog } from '../../src/catalog/index.js';
import { isMarginError } from '../../src/errors/index.js';

const entry = {
  id: 'my-model',
  provider: 'test',
  price: { input: 1, output: 2 },
  contextWindow: 8192,
  energy: { activeParamsB: 7 },
  source: 'unit test',
  asOf: '2026-11',
};

function catalogError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(isMarginError(err), 'expected a MarginError');
    assert.equal(err.code, 'MARGIN_ERR_CATALOG');
    return err.message;
  }
  assert.fail('expected the catalog to reject the entry');
}

describe('catalog schema validation', () => {
  it('rejects a price entry without a source and names the entry and field', () => {
    const { source: _drop, ...noSource } = entry;
    const msg = catalogError(() => new Catalog().add({ prices: [noSource as typeof entry] }));
    assert.match(msg, /my-model/);
    assert.match(msg, /source/);
  });

  it('rejects hardware, facts and region entries without a source', () => {
    const c = loadCatalog();
    const { source: _h, ...hw } = c.device('h100-sxm');
    assert.match(
      catalogError(() => new Catalog().add({ hardware: [{ ...hw, id: 'x-gpu' } as never] })),
      /x-gpu.*source/,
    );
    const { source: _m, ...facts } = c.model('llama-3.1-8b');
    assert.match(
      catalogError(() => new Catalog().add({ models: [facts as never] })),
      /llama-3\.1-8b.*source/,
    );
    const { source: _r, ...region } = c.region('world');
    assert.match(
      catalogError(() => new Catalog().add({ regions: [region as never] })),
      /world.*source/,
    );
  });

  it('rejects a bad asOf date', () => {
    const msg = catalogError(() => new Catalog().add({ prices: [{ ...entry, asOf: 'last week' }] }));
    assert.match(msg, /asOf/);
    catalogError(() => new Catalog().add({ prices: [{ ...entry, asOf: '2026/11/01' }] }));
  });

  it('rejects negative prices and unknown fields', () => {
    catalogError(() => new Catalog().add({ prices: [{ ...entry, price: { input: -1, output: 2 } }] }));
    catalogError(() => new Catalog().add({ prices: [{ ...entry, inputPrice: 3 } as typeof entry] }));
  });

  it('accepts a valid entry', () => {
    const c = new Catalog().add({ prices: [entry] });
    assert.equal(c.price('MY-MODEL').id, 'my-model');
  });
});
