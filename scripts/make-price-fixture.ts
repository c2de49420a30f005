// Rebuilds test/fixtures/litellm-2026-07-24-subset.json: the entries of ../shared/prices' LiteLLM snapshot
// that price a shipped catalog model (the cross-check test reads the fixture, never ../shared).
// Usage: npx tsx scripts/make-price-fixture.ts [snapshot.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { findExternal, litellmSource } from '../src/catalog/external.js';
import { loadCatalog } from '../src/catalog/index.js';

const file = process.argv[2] ?? '../shared/prices/litellm-model-prices-2026-07-24.json';
const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const catalog = loadCatalog();
const source = litellmSource(json, file);
const keys = new Set<string>();
for (const p of catalog.prices.all) {
  const hit = findExternal(source, catalog, p.id);
  if (hit) keys.add(hit.key);
}
// Only the fields a price import reads (costs, provider, mode, token limits).
const keep = (k: string) =>
  /cost|^litellm_provider$|^mode$|^max_/.test(k) && !/image|audio|video|search/.test(k);
const subset: Record<string, unknown> = {};
for (const k of [...keys].sort()) {
  const entry = json[k] as Record<string, unknown>;
  subset[k] = Object.fromEntries(Object.entries(entry).filter(([f]) => keep(f)));
}
writeFileSync('test/fixtures/litellm-2026-07-24-subset.json', `${JSON.stringify(subset, null, 1)}\n`);
console.log(`${keys.size} entries written`);
