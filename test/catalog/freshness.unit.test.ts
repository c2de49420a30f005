// Catalog freshness: retirement flags, no floating `-latest` alias pinned to an old model, cached-input
// prices wherever a provider caches prompts, the staleness policy, and GPU offers that name real entries.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/index.js';
import {
  ageDays,
  isStale,
  maxAgeFromEnv,
  priceWarnings,
  staleClause,
  staleSummary,
} from '../../src/catalog/staleness.js';
import { isMarginError } from '../../src/errors/index.js';

const c = loadCatalog();
const NOW = new Date('2026-12-04T00:00:00Z');
const policy = { maxAgeDays: 180, now: NOW };

describe('catalog freshness', () => {
  it('flags the models their providers retired, with the date and a replacement in the catalog', () => {
    for (const [id, date] of [
      ['gemini-3-pro-preview', '2026-03-09'],
      ['deepseek-chat', '2026-07-24'],
      ['deepseek-reasoner', '2026-07-24'],
      ['claude-3-7-sonnet', '2026-02-19'],
      ['gemini-2.0-flash', '2026-06-01'],
      ['grok-4', '2026-05-15'],
    ] as const) {
      const p = c.price(id);
      assert.equal(p.lifecycle?.retired, date, id);
      const replacement = p.lifecycle?.replacement;
      assert.ok(
        replacement && c.prices.find(replacement),
        `${id}: replacement ${replacement} not in the catalog`,
      );
      assert.match(priceWarnings(p, policy)[0] ?? '', new RegExp(`retired .* on ${date}`), id);
    }
    for (const p of c.prices.all) {
      const r = p.lifecycle?.replacement;
      if (r) assert.ok(c.prices.find(r), `${p.id}: replacement ${r} not in the catalog`);
    }
  });

  it('prices DeepSeek as V4.1 Flash / V4 Pro (2026), not the retired V3.2 names', () => {
    assert.equal(c.price('deepseek-v4-flash').id, 'deepseek-flash');
    const flash = c.price('deepseek-flash');
    assert.ok(flash.asOf >= '2026-10');
    assert.equal(flash.energy?.totalParamsB, 284);
  });

  it('pins no floating -latest alias (gemini-flash-latest, mistral-large-latest, ...) to a fixed model', () => {
    const floating =
      /^(gemini-(flash|flash-lite|pro)|mistral-(large|medium|small)|codestral|grok-4(-fast)?)-latest$/;
    for (const p of c.prices.all) {
      for (const a of p.aliases) assert.ok(!floating.test(a), `${p.id} carries the floating alias ${a}`);
      // Version-pinned ones (claude-3-7-sonnet-latest) may stay, but never on a model that is still current
      // while a newer one of its name exists: each must name its own version.
      for (const a of p.aliases.filter((x) => x.endsWith('-latest'))) {
        assert.ok(a.startsWith(p.id) || a.startsWith(p.id.replace(/\./g, '-')), `${p.id}: ${a}`);
      }
    }
  });

  it('lists a cached-input price for every model whose provider caches prompts', () => {
    for (const p of c.prices.all) {
      if (p.capabilities.promptCaching)
        assert.ok(p.price.cachedInput !== undefined, `${p.id}: no cachedInput`);
    }
  });

  it('is current to 2026: every served model of the main providers re-checked this year', () => {
    for (const p of c.prices.all) {
      if (p.lifecycle?.retired) continue;
      if (['openai', 'anthropic', 'google', 'deepseek', 'mistral', 'xai'].includes(p.provider)) {
        assert.ok(p.asOf >= '2026', `${p.id}: as of ${p.asOf}`);
      }
    }
  });

  it('ages a YYYY-MM figure from the end of its month and flags what is older than the limit', () => {
    assert.equal(ageDays('2026-11', NOW), 4);
    assert.equal(ageDays('2026-06-01', NOW), 186);
    assert.equal(isStale('2026-06-07', policy), false);
    assert.equal(isStale('2026-06-01', policy), true);
    const old = { ...c.price('gpt-4o'), asOf: '2025-11' };
    assert.match(
      priceWarnings(old, policy).join('\n'),
      /price of gpt-4o is as of 2025-11 \(369 days old, limit 180\)/,
    );
    const summary = staleSummary(loadCatalog({ prices: [old] }), policy);
    assert.ok(summary.stale >= 1);
    assert.match(staleClause(summary, policy), /older than 180 days, oldest 2025-/);
  });

  it('reads the age limit from MARGIN_CATALOG_MAX_AGE_DAYS and refuses nonsense', () => {
    assert.equal(maxAgeFromEnv({}), 180);
    assert.equal(maxAgeFromEnv({ MARGIN_CATALOG_MAX_AGE_DAYS: '30' }), 30);
    assert.throws(
      () => maxAgeFromEnv({ MARGIN_CATALOG_MAX_AGE_DAYS: '-3' }),
      (e) => isMarginError(e) && /MARGIN_CATALOG_MAX_AGE_DAYS/.test(e.message),
    );
  });

  it('ties every GPU offer to catalog hardware and a catalog region (or global)', () => {
    assert.ok(c.offers.all.length >= 60);
    const providers = new Set(c.offers.all.map((o) => o.provider));
    for (const p of ['aws', 'azure', 'gcp', 'coreweave', 'lambda', 'crusoe', 'vast', 'runpod', 'modal']) {
      assert.ok(providers.has(p), `no ${p} offers`);
    }
    for (const o of c.offers.all) {
      assert.ok(c.hardware.find(o.hardware), `${o.id}: hardware ${o.hardware}`);
      assert.ok(o.region === 'global' || c.regions.find(o.region), `${o.id}: region ${o.region}`);
    }
    const commitments = new Set(c.offers.all.map((o) => o.commitment));
    assert.deepEqual([...commitments].sort(), ['1y', '3y', 'on-demand', 'spot']);
    assert.ok(c.device('trainium2') && c.device('inferentia2'));
  });

  it("prices the seed's other inference providers (Cerebras, SambaNova, Replicate, Baseten)", () => {
    const providers = new Set(c.prices.all.map((p) => p.provider));
    for (const p of ['cerebras', 'sambanova', 'replicate', 'baseten'])
      assert.ok(providers.has(p), `no ${p} prices`);
    assert.ok(!providers.has('anyscale'), 'Anyscale Endpoints were discontinued in 2024');
  });
});
