// Cross-checks the shipped prices against two independent price databases: a LiteLLM-derived fixture
// (test/fixtures/litellm-2026-07-24-subset.json, the entries of ../shared/prices' 2026-07-24 LiteLLM snapshot
// that price a catalog model, rebuilt by scripts/make-price-fixture.ts) and the data bundled in
// @pydantic/genai-prices. Every disagreement must be listed and explained in src/catalog/data/
// known-differences.ts, and every explanation there must still be needed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compareCatalog, comparedCount, type Disagreement } from '../../src/catalog/compare.js';
import { KNOWN_DIFFERENCES } from '../../src/catalog/data/known-differences.js';
import { bundledGenaiPrices, type ExternalSource, litellmSource } from '../../src/catalog/external.js';
import { loadCatalog } from '../../src/catalog/index.js';
import { repoRoot } from './repo-root.js';

// A fixed date: retirements scheduled by then are out of the comparison, whatever day the test runs.
const NOW = new Date('2026-12-04T00:00:00Z');
const catalog = loadCatalog();
const fixture = join(repoRoot(), 'test/fixtures/litellm-2026-07-24-subset.json');
const litellm = litellmSource(JSON.parse(readFileSync(fixture, 'utf8')), 'litellm-2026-07-24-subset.json');

const show = (d: Disagreement) => `${d.id} ${d.field}: catalog ${d.catalog}, ${d.otherKey} ${d.other}`;

function check(source: ExternalSource, kind: 'litellm' | 'genai-prices', atLeast: number): void {
  const found = compareCatalog(catalog, source, NOW);
  const unexplained = found.filter((d) => d.known === undefined);
  assert.deepEqual(unexplained.map(show), [], `unexplained differences with ${source.label}`);
  const stale = KNOWN_DIFFERENCES.filter(
    (k) => k.source === kind && !found.some((d) => d.id === k.id && d.field === k.field),
  );
  assert.deepEqual(stale, [], 'explanations for differences that no longer exist');
  const compared = comparedCount(catalog, source);
  assert.ok(compared >= atLeast, `only ${compared} catalog models found in ${source.label}`);
}

describe('catalog prices against other price databases', () => {
  it('LiteLLM (2026-07-24 snapshot fixture): every difference is a known, explained one', () => {
    check(litellm, 'litellm', 70);
  });

  it('@pydantic/genai-prices (bundled data): every difference is a known, explained one', async () => {
    check(await bundledGenaiPrices(NOW), 'genai-prices', 70);
  });

  it('a changed price is caught (the check can fail)', () => {
    const bumped = loadCatalog({
      prices: [{ ...catalog.price('gpt-4o'), price: { input: 2.6, output: 10 } }],
    });
    const found = compareCatalog(bumped, litellm, NOW).filter((d) => d.id === 'gpt-4o');
    assert.deepEqual(
      found.map((d) => [d.field, d.catalog, d.other]),
      [
        ['input', 2.6, 2.5],
        ['cachedInput', undefined, 1.25],
      ],
    );
  });
});
