// Worst-case reservations (lifecycle stage 4b): what Meterer.worstCaseUsd prices and how capOutput bounds a
// body's output fields.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../src/catalog/index.js';
import { parseConfig } from '../../src/config/index.js';
import { capOutput } from '../../src/gateway/handlers/reserve.js';
import { Meterer } from '../../src/gateway/metering.js';
import { ModelTable } from '../../src/gateway/models.js';

async function table() {
  const config = parseConfig({
    models: [
      { name: 'gpt-4o', provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:1/v1' },
      { name: 'claude-sonnet-4-5', provider: 'anthropic', baseUrl: 'http://127.0.0.1:1' },
      { name: 'local-thing', provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:1/v1' },
    ],
  });
  const catalog = defaultCatalog();
  const models = await ModelTable.build(config, catalog, {});
  return { models, meterer: new Meterer(catalog, 'world', 'h100-sxm', () => {}) };
}

describe('worst-case reservation', () => {
  it("prices the model's output limit when no max is given, the given max otherwise", async () => {
    const { models, meterer } = await table();
    const gpt = models.resolve('gpt-4o')!;
    // gpt-4o: $2.5 / $10 per million, 16,384 output tokens at most.
    assert.ok(Math.abs(meterer.worstCaseUsd(gpt, 1000, undefined) - (1000 * 2.5 + 16384 * 10) / 1e6) < 1e-12);
    assert.ok(Math.abs(meterer.worstCaseUsd(gpt, 1000, 100) - (1000 * 2.5 + 100 * 10) / 1e6) < 1e-12);
    // A max above the model's limit cannot be produced: the limit is what is reserved.
    assert.equal(meterer.worstCaseUsd(gpt, 1000, 1e9), meterer.worstCaseUsd(gpt, 1000, undefined));
    // A prompt near the context window leaves less room than the output limit.
    assert.ok(
      Math.abs(meterer.worstCaseUsd(gpt, 120000, undefined) - (120000 * 2.5 + 8000 * 10) / 1e6) < 1e-12,
    );
    assert.equal(meterer.worstCaseUsd(models.resolve('local-thing')!, 1000, undefined), 0);
  });

  it('prices the prompt at the dearest input rate (a 1-hour cache write for Claude)', async () => {
    const { models, meterer } = await table();
    const claude = models.resolve('claude-sonnet-4-5')!;
    const rates = defaultCatalog().price('claude-sonnet-4-5').price;
    const write1h = rates.cacheWrite1h ?? 0;
    assert.ok(write1h > rates.input);
    assert.ok(Math.abs(meterer.worstCaseUsd(claude, 1000, 10) - (1000 * write1h + 10 * 15) / 1e6) < 1e-12);
  });
});

describe('capOutput', () => {
  it('sets the field when absent, lowers larger ones, keeps smaller ones (same object)', () => {
    assert.deepEqual(capOutput({ a: 1 }, 50, 'max_tokens'), { a: 1, max_tokens: 50 });
    assert.deepEqual(capOutput({ a: 1 }, 50, 'max_completion_tokens'), { a: 1, max_completion_tokens: 50 });
    assert.deepEqual(capOutput({ max_tokens: 80, max_completion_tokens: 90 }, 50, 'max_tokens'), {
      max_tokens: 50,
      max_completion_tokens: 50,
    });
    const small = { max_tokens: 10 };
    assert.equal(capOutput(small, 50, 'max_tokens'), small);
    const any = { x: 1 };
    assert.equal(capOutput(any, undefined, 'max_tokens'), any);
  });
});
