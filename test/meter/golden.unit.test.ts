// Golden values computed by hand from the providers' published list prices, through the real catalog.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/index.js';
import { main } from '../../src/cli/index.js';
import { isMarginError } from '../../src/errors/index.js';
import { makeUsage, meter, type Usage } from '../../src/meter/index.js';

const catalog = loadCatalog();
const close = (a: number, b: number, what = '') => assert.ok(Math.abs(a - b) < 1e-12, `${what} ${a} != ${b}`);
const run = (model: string, u: Partial<Usage>, region?: string) =>
  meter(model, makeUsage(u), region ? { catalog, region } : { catalog });

describe('meter golden values (real catalog)', () => {
  it('gpt-4o, plain input and output: 1,234 in / 567 out', () => {
    const l = run('gpt-4o', { inputTokens: 1234, outputTokens: 567 });
    close(l.costUsd.input, 0.003085, 'input'); // 1,234 × $2.50/M
    close(l.costUsd.output, 0.00567, 'output'); // 567 × $10/M
    close(l.costUsd.total, 0.008755, 'total');
    assert.equal(l.tier, 'standard');
  });

  it('gpt-4o with OpenAI cached input: 10,000 in (6,000 cached) / 500 out', () => {
    const l = run('gpt-4o-2024-08-06', { inputTokens: 10_000, cacheReadTokens: 6_000, outputTokens: 500 });
    close(l.costUsd.input, 0.01); // 4,000 × $2.50/M
    close(l.costUsd.cachedInput, 0.0075); // 6,000 × $1.25/M
    close(l.costUsd.output, 0.005); // 500 × $10/M
    close(l.costUsd.total, 0.0225);
    close(l.uncachedUsd, 0.03); // 10,000 × $2.50/M + 500 × $10/M
  });

  it('claude-sonnet-4-5 with 5-minute and 1-hour cache writes and cache reads', () => {
    const l = run('claude-sonnet-4-5-20250929', {
      inputTokens: 20_000,
      cacheWrite5mTokens: 2_000,
      cacheWrite1hTokens: 3_000,
      cacheReadTokens: 10_000,
      outputTokens: 1_000,
    });
    close(l.costUsd.input, 0.015); // 5,000 × $3/M
    close(l.costUsd.cacheWrite, 0.0255); // 2,000 × $3.75/M + 3,000 × $6/M
    close(l.costUsd.cachedInput, 0.003); // 10,000 × $0.30/M
    close(l.costUsd.output, 0.015); // 1,000 × $15/M
    close(l.costUsd.total, 0.0585);
  });

  it('claude-3-5-haiku cache write and read at its own prices', () => {
    const l = run('claude-3-5-haiku-20241022', {
      inputTokens: 4_000,
      cacheWrite5mTokens: 3_000,
      cacheReadTokens: 1_000,
      outputTokens: 100,
    });
    // 3,000 × $1/M + 1,000 × $0.08/M + 100 × $4/M
    close(l.costUsd.total, 0.003 + 0.00008 + 0.0004);
  });

  it('reasoning tokens are billed at the output price (o3, gpt-5)', () => {
    const o3 = run('o3', { inputTokens: 2_000, outputTokens: 3_000, reasoningTokens: 2_500 });
    close(o3.costUsd.input, 0.004); // 2,000 × $2/M
    close(o3.costUsd.output, 0.004); // 500 visible × $8/M
    close(o3.costUsd.reasoning, 0.02); // 2,500 × $8/M
    close(o3.costUsd.total, 0.028);
    const g5 = run('gpt-5', { inputTokens: 1_000, outputTokens: 4_000, reasoningTokens: 3_000 });
    close(g5.costUsd.total, 0.00125 + 0.01 + 0.03); // $1.25/M in, $10/M out
  });

  it('batch requests use the batch prices', () => {
    const s = run('claude-sonnet-4-5', { inputTokens: 100_000, outputTokens: 10_000, kind: 'batch' });
    assert.equal(s.tier, 'batch');
    close(s.costUsd.total, 0.15 + 0.075); // 100,000 × $1.50/M + 10,000 × $7.50/M
    const g = run('gpt-4.1', { inputTokens: 50_000, outputTokens: 2_000, kind: 'batch' });
    close(g.costUsd.total, 0.05 + 0.008); // $1/M in, $4/M out
  });

  it('flex requests use the flex prices (o3)', () => {
    const l = run('o3', { inputTokens: 10_000, outputTokens: 1_000, kind: 'flex' });
    assert.equal(l.tier, 'flex');
    close(l.costUsd.total, 0.01 + 0.004); // $1/M in, $4/M out
  });

  it('gemini-2.5-pro bills the whole request at the >200k tier', () => {
    const at = run('gemini-2.5-pro', { inputTokens: 200_000, outputTokens: 2_000 });
    assert.equal(at.tier, 'standard');
    close(at.costUsd.total, 0.25 + 0.02); // 200,000 × $1.25/M + 2,000 × $10/M
    const over = run('gemini-2.5-pro', { inputTokens: 250_000, outputTokens: 2_000 });
    assert.equal(over.tier, 'standard+long-context');
    close(over.costUsd.input, 0.625); // 250,000 × $2.50/M
    close(over.costUsd.output, 0.03); // 2,000 × $15/M
    close(over.costUsd.total, 0.655);
  });

  it('claude-sonnet-4-5 bills the whole request at $6 / $22.50 above 200k input tokens', () => {
    const l = run('claude-sonnet-4-5', {
      inputTokens: 300_000,
      cacheReadTokens: 100_000,
      outputTokens: 4_000,
    });
    assert.equal(l.tier, 'standard+long-context');
    close(l.costUsd.input, 1.2); // 200,000 × $6/M
    close(l.costUsd.cachedInput, 0.06); // 100,000 × $0.60/M
    close(l.costUsd.output, 0.09); // 4,000 × $22.50/M
    close(l.costUsd.total, 1.35);
  });

  it('CO2e is energy × grid intensity of the region', () => {
    const world = run('llama-3.3-70b', { inputTokens: 2_000, outputTokens: 500 });
    const france = run('llama-3.3-70b', { inputTokens: 2_000, outputTokens: 500 }, 'france');
    assert.ok(world.energyWh > 0);
    close(world.co2eG, (world.energyWh * 473) / 1000, 'world co2e');
    assert.ok(france.co2eG < world.co2eG);
  });

  it('an unknown model is an error naming close matches, never $0', () => {
    assert.throws(
      () => run('gpt-4o-mega', { inputTokens: 10, outputTokens: 10 }),
      (e) =>
        isMarginError(e) &&
        e.code === 'MARGIN_ERR_UNKNOWN_MODEL' &&
        /gpt-4o-mega/.test(e.message) &&
        /Did you mean/.test(e.message),
    );
  });

  it('margin price --format json agrees (in-process CLI)', async () => {
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t) };
    const code = await main(
      ['price', '--model', 'openai/gpt-4o', '--input', '1234', '--output', '567', '--format', 'json'],
      io,
    );
    assert.equal(code, 0, out.join(''));
    const label = JSON.parse(out.join('')) as { model: string; costUsd: { total: number } };
    assert.equal(label.model, 'gpt-4o');
    close(label.costUsd.total, 0.008755);
    const err: string[] = [];
    const code2 = await main(['price', '--model', 'no-such-model', '--input', '1', '--output', '1'], {
      stdout: () => {},
      stderr: (t) => err.push(t),
    });
    assert.notEqual(code2, 0);
    assert.match(err.join(''), /no-such-model/);
  });
});
