import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { loadCatalog } from '../../src/catalog/index.js';
import { isMarginError } from '../../src/errors/index.js';
import { repoRoot } from './repo-root.js';

const c = loadCatalog();
// A committed projection of ../shared/calibration/measurements.csv: npm test never reads ../shared.
const measurementNames = join(repoRoot(), 'test', 'fixtures', 'calibration', 'measurement-names.csv');
const readCsv = (path: string) =>
  parse(readFileSync(path, 'utf8'), { columns: true, comment: '#' }) as Array<Record<string, string>>;

function unknown(fn: () => unknown, code: string): string {
  try {
    fn();
  } catch (err) {
    assert.ok(isMarginError(err));
    assert.equal(err.code, code);
    return err.message;
  }
  assert.fail('expected an error');
}

describe('shipped catalog', () => {
  it('has the promised breadth', () => {
    assert.ok(c.prices.all.length >= 40, `prices: ${c.prices.all.length}`);
    assert.ok(c.models.all.length >= 15, `facts: ${c.models.all.length}`);
    assert.ok(c.hardware.all.length >= 15, `hardware: ${c.hardware.all.length}`);
    assert.ok(c.regions.all.length >= 15, `regions: ${c.regions.all.length}`);
    const providers = new Set(c.prices.all.map((p) => p.provider));
    for (const p of [
      'openai',
      'anthropic',
      'google',
      'deepseek',
      'mistral',
      'xai',
      'together',
      'groq',
      'fireworks',
    ]) {
      assert.ok(providers.has(p), `no ${p} prices`);
    }
  });

  it('gives every price entry a resolvable energy basis', () => {
    for (const p of c.prices.all) {
      assert.ok(p.energy, `${p.id} has no energy basis`);
      if (p.energy.modelFacts)
        assert.ok(c.models.find(p.energy.modelFacts), `${p.id}: ${p.energy.modelFacts}`);
      else assert.ok(p.energy.activeParamsB, `${p.id}: neither modelFacts nor activeParamsB`);
      if (p.energy.estimated) assert.ok(p.energy.note, `${p.id}: estimated basis without a note`);
    }
  });

  it('has no alias shared by two entries of one table', () => {
    for (const table of [c.prices, c.models, c.hardware, c.regions]) {
      const owner = new Map<string, string>();
      for (const e of table.all) {
        for (const k of [e.id, ...e.aliases].map((s) => s.toLowerCase())) {
          const prev = owner.get(k);
          assert.ok(prev === undefined || prev === e.id, `'${k}' names both ${prev} and ${e.id}`);
          owner.set(k, e.id);
        }
      }
    }
  });

  it('resolves dated snapshots, provider prefixes and case', () => {
    assert.equal(c.price('gpt-4o-2024-08-06').id, 'gpt-4o');
    assert.equal(c.price('openai/gpt-4o').id, 'gpt-4o');
    assert.equal(c.price('GPT-4o').id, 'gpt-4o');
    assert.equal(c.price('claude-sonnet-4-5-20250929').id, 'claude-sonnet-4-5');
    assert.equal(c.price('anthropic/claude-3-5-haiku-20241022').id, 'claude-3-5-haiku');
    assert.equal(c.price('gemini/gemini-2.5-pro').id, 'gemini-2.5-pro');
    assert.equal(c.price('meta-llama/Llama-3.3-70B-Instruct-Turbo').id, 'together/llama-3.3-70b');
    assert.equal(c.price('groq/llama-3.3-70b').id, 'groq/llama-3.3-70b-versatile');
    assert.equal(c.model('meta-llama/Llama-3.1-8B-Instruct').id, 'llama-3.1-8b');
    assert.equal(c.device('H100 SXM5 80GB').id, 'h100-sxm');
    assert.equal(c.region('us-east-1').id, 'us-virginia');
    assert.equal(c.region('europe-west4').id, 'netherlands');
  });

  it('names close matches for unknown ids', () => {
    assert.match(
      unknown(() => c.price('gpt-4-o'), 'MARGIN_ERR_UNKNOWN_MODEL'),
      /Did you mean: .*gpt-4o/,
    );
    assert.match(
      unknown(() => c.price('claude-sonet-4-5'), 'MARGIN_ERR_UNKNOWN_MODEL'),
      /claude-sonnet-4-5/,
    );
    assert.match(
      unknown(() => c.device('h100-sxmm'), 'MARGIN_ERR_UNKNOWN_HARDWARE'),
      /h100-sxm/,
    );
    assert.match(
      unknown(() => c.region('norwy'), 'MARGIN_ERR_UNKNOWN_REGION'),
      /norway/,
    );
  });

  it('keeps dense figures and derived cache prices consistent', () => {
    for (const h of c.hardware.all) {
      if (h.tflops.fp8)
        assert.ok(h.tflops.fp8 <= h.tflops.bf16 * 2.05, `${h.id}: fp8 looks like a sparse figure`);
      assert.ok(h.interconnect.maxGroup >= 1);
    }
    // Haiku 3 and Opus 5.5 list their own cache prices (0.12× write / 0.05× read).
    const exceptions = new Set(['claude-3-haiku', 'claude-opus-5-5']);
    for (const p of c.prices.all.filter((x) => x.provider === 'anthropic' && !exceptions.has(x.id))) {
      assert.equal(p.price.cachedInput, Math.round(p.price.input * 0.1 * 1e6) / 1e6, p.id);
      assert.equal(p.price.cacheWrite5m, Math.round(p.price.input * 1.25 * 1e6) / 1e6, p.id);
      assert.equal(p.price.cacheWrite1h, p.price.input * 2, p.id);
      assert.equal(p.batch?.input, p.price.input / 2, p.id);
    }
  });

  it('resolves every accelerator and model named in the calibration measurements', () => {
    const rows = readCsv(measurementNames);
    assert.ok(rows.length > 10);
    const strip = (s: string) => s.replace(/\s*\(.*\)\s*$/, '').trim();
    for (const r of rows) {
      const hw = r.hardware ?? '';
      assert.ok(c.hardware.find(hw) ?? c.hardware.find(strip(hw)), `hardware '${hw}'`);
      const model = r.model ?? '';
      assert.ok(c.models.find(model) ?? c.models.find(strip(model)), `model '${model}'`);
    }
  });
});
