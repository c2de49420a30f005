import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadCatalog, loadCatalogFiles, overridesLayer, priceFromOverride } from '../../src/catalog/index.js';
import { importLiteLlm } from '../../src/catalog/litellm-import.js';
import { main } from '../../src/cli/index.js';
import { isMarginError } from '../../src/errors/index.js';
import { makeUsage, meter } from '../../src/meter/index.js';
import { repoRoot } from './repo-root.js';

const fixture = join(repoRoot(), 'test', 'fixtures', 'litellm-sample.json');
const tmp = mkdtempSync(join(tmpdir(), 'margin-catalog-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

describe('LiteLLM import', () => {
  const base = loadCatalog();
  const result = importLiteLlm(JSON.parse(readFileSync(fixture, 'utf8')), {
    file: 'x.json',
    asOf: '2026-11-29',
    base,
  });
  const byId = new Map(result.prices.map((p) => [p.id, p]));

  it('imports chat models and counts what it skips, by reason', () => {
    assert.equal(result.imported, 6);
    assert.deepEqual(result.skipped, {
      sample_spec: 1,
      'mode embedding': 1,
      'mode image_generation': 1,
      'no per-token prices': 1,
      'malformed entry': 1,
    });
  });

  it('converts per-token prices to per-million, with cache, batch, flex and long-context tiers', () => {
    const sonnet = byId.get('claude-sonnet-4-5');
    assert.ok(sonnet);
    assert.deepEqual(sonnet.price, {
      input: 3,
      output: 15,
      cachedInput: 0.3,
      cacheWrite5m: 3.75,
      cacheWrite1h: 6,
    });
    assert.deepEqual(sonnet.batch, { input: 1.5, output: 7.5 });
    assert.deepEqual(sonnet.longContext, {
      input: 6,
      output: 22.5,
      cachedInput: 0.6,
      cacheWrite5m: 7.5,
      thresholdTokens: 200000,
    });
    assert.equal(sonnet.source, 'litellm import x.json');
    assert.equal(sonnet.asOf, '2026-11-29');
    assert.equal(sonnet.tokenizer, 'claude');
    assert.deepEqual(byId.get('o4-mini')?.flex, { input: 0.55, output: 2.2, cachedInput: 0.1375 });
    const gemini = byId.get('gemini/gemini-2.5-pro');
    assert.equal(gemini?.provider, 'google');
    assert.equal(gemini?.longContext?.output, 15);
    assert.equal(byId.get('gpt-4o')?.capabilities?.vision, true);
    assert.equal(byId.get('gpt-4o')?.contextWindow, 128000);
  });

  it('borrows energy bases from the shipped catalog and reports models without one', () => {
    assert.deepEqual(byId.get('gpt-4o')?.energy, base.price('gpt-4o').energy);
    assert.deepEqual(result.withoutEnergy, ['together_ai/acme/brand-new-model']);
  });

  it("never lets another provider's listing shadow a shipped model", () => {
    const azure = byId.get('azure/gpt-4o');
    assert.ok(azure);
    assert.deepEqual(azure.aliases, []);
    const layered = loadCatalog({ prices: result.prices });
    assert.equal(layered.price('gpt-4o').provider, 'openai');
    assert.equal(layered.price('azure/gpt-4o').price.input, 2.75);
    assert.equal(layered.price('acme/brand-new-model').price.input, 0.4);
  });
});

describe('catalog overlays', () => {
  it('layers overlay files in order, later files winning', () => {
    const a = join(tmp, 'a.json');
    const b = join(tmp, 'b.json');
    const entry = { id: 'gpt-4o', provider: 'openai', price: { input: 9, output: 9 }, contextWindow: 128000 };
    writeFileSync(a, JSON.stringify({ source: 'file a', asOf: '2026-11', prices: [entry] }));
    writeFileSync(
      b,
      JSON.stringify({
        source: 'file b',
        asOf: '2026-11',
        prices: [{ ...entry, price: { input: 7, output: 7 } }],
      }),
    );
    const c = loadCatalog(...loadCatalogFiles([a, b]));
    assert.equal(c.price('gpt-4o').price.input, 7);
    assert.equal(c.price('gpt-4o').source, 'file b');
    assert.equal(loadCatalog().price('gpt-4o').price.input, 2.5, 'the shipped catalog is untouched');
  });

  it('rejects overlay entries without provenance and unreadable files, naming them', () => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        prices: [{ id: 'x', provider: 'p', price: { input: 1, output: 1 }, contextWindow: 10 }],
      }),
    );
    assert.throws(
      () => loadCatalog(...loadCatalogFiles([bad])),
      (e) => isMarginError(e) && /'x'.*source/.test(e.message),
    );
    assert.throws(
      () => loadCatalogFiles([join(tmp, 'missing.json')]),
      (e) => isMarginError(e) && /missing\.json/.test(e.message),
    );
    writeFileSync(bad, '{ not json');
    assert.throws(
      () => loadCatalogFiles([bad]),
      (e) => isMarginError(e) && /not valid JSON/.test(e.message),
    );
  });

  it('meters a private self-hosted model priced by an overlay', () => {
    const layer = overridesLayer({
      source: 'our infra cost model',
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
    });
    const c = loadCatalog(layer);
    const label = meter('my-llama', makeUsage({ inputTokens: 10_000, outputTokens: 5_000 }), {
      catalog: c,
    });
    assert.equal(label.provider, 'self-hosted');
    assert.ok(Math.abs(label.costUsd.total - 0.001) < 1e-12); // 10k × $0.05/M + 5k × $0.10/M
    assert.ok(label.energyWh > 0);
  });

  it('builds a price entry from a config price override', () => {
    const c = loadCatalog({
      prices: [
        priceFromOverride('my-qwen', 'self-hosted', { input: 0.2, output: 0.4, modelFacts: 'qwen3-32b' }),
      ],
    });
    assert.equal(c.price('my-qwen').energy?.modelFacts, 'qwen3-32b');
    assert.equal(c.price('my-qwen').price.output, 0.4);
  });
});

describe('margin catalog (in-process CLI)', () => {
  it('lists models as JSON with provenance', async () => {
    const { io, out } = capture();
    assert.equal(await main(['catalog', 'models', '--format', 'json'], io), 0);
    const rows = JSON.parse(out.join('')) as Array<{ id: string; source: string; asOf: string }>;
    assert.ok(rows.length >= 40);
    assert.ok(rows.every((r) => r.source && r.asOf));
  });

  it('lists hardware, regions and facts as CSV and tables', async () => {
    for (const what of ['hardware', 'regions', 'facts']) {
      const { io, out } = capture();
      assert.equal(await main(['catalog', what, '--format', 'csv'], io), 0);
      assert.ok(out.join('').split('\n').length > 16, what);
    }
    const { io, out } = capture();
    assert.equal(await main(['catalog', 'models', '--provider', 'anthropic'], io), 0);
    assert.match(out.join(''), /claude-sonnet-4-5 +anthropic +3 +15 +0\.3 +3\.75 +6/);
  });

  it('imports a LiteLLM file into an overlay file', async () => {
    const outPath = join(tmp, 'overlay.json');
    const { io, out } = capture();
    assert.equal(await main(['catalog', 'import', fixture, '--out', outPath], io), 0);
    assert.match(out.join(''), /Imported 6 price entries/);
    assert.match(out.join(''), /Skipped 5 \(/);
    const overlay = JSON.parse(readFileSync(outPath, 'utf8')) as { source: string; prices: unknown[] };
    assert.match(overlay.source, /^litellm import /);
    assert.equal(overlay.prices.length, 6);
    const c = loadCatalog(...loadCatalogFiles([outPath]));
    assert.equal(c.price('claude-sonnet-4-5').price.cacheWrite1h, 6);
  });

  it('fails with one line on bad input', async () => {
    for (const argv of [
      ['catalog'],
      ['catalog', 'gpus'],
      ['catalog', 'models', '--format', 'xml'],
      ['catalog', 'import', join(tmp, 'nope.json')],
    ]) {
      const { io, err } = capture();
      assert.equal(await main(argv, io), 1, argv.join(' '));
      assert.equal(err.join('').trim().split('\n').length, 1);
    }
  });
});
