import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emulatedDeployment, InfeasibleLoad, operatingPointFor } from '../../src/emulator/timing.js';

// The performance model behind the emulator's delays (tested as a function, never by wall time).
describe('emulator timing model', () => {
  const d = emulatedDeployment('llama-3.1-8b', 'h100-sxm', 'bf16', 1);
  const at = (concurrency: number, inputTokens = 1000, outputTokens = 200) =>
    operatingPointFor(d, { inputTokens, outputTokens, concurrency });

  it('gives plausible figures for an 8B model on one H100', () => {
    const p = at(1);
    // Decode is bandwidth bound: ~16 GB of weights over ~2.3 TB/s effective ≈ 7 ms per token.
    assert.ok(p.tpotS > 0.004 && p.tpotS < 0.012, `tpot ${p.tpotS}`);
    assert.ok(p.ttftS > 0.01 && p.ttftS < 0.2, `ttft ${p.ttftS}`);
  });

  it('gets slower as concurrency grows (batching engine)', () => {
    const c1 = at(1);
    const c32 = at(32);
    const c128 = at(128);
    assert.ok(c32.tpotS > c1.tpotS && c128.tpotS > c32.tpotS);
    assert.ok(c32.ttftS > c1.ttftS && c128.ttftS > c32.ttftS);
  });

  it('longer prompts take longer to first token; more GPUs and lower precision are faster', () => {
    assert.ok(at(1, 8000).ttftS > at(1, 100).ttftS);
    const two = operatingPointFor(emulatedDeployment('llama-3.1-8b', 'h100-sxm', 'bf16', 2), {
      inputTokens: 1000,
      outputTokens: 200,
      concurrency: 1,
    });
    assert.ok(two.tpotS < at(1).tpotS);
    const fp8 = operatingPointFor(emulatedDeployment('llama-3.1-8b', 'h100-sxm', 'fp8', 1), {
      inputTokens: 1000,
      outputTokens: 200,
      concurrency: 1,
    });
    assert.ok(fp8.tpotS < at(1).tpotS);
  });

  it('a request longer than the context cannot run', () => {
    assert.throws(() => at(1, 200_000), InfeasibleLoad);
  });

  it('unknown hardware or model is a clear error', () => {
    assert.throws(() => emulatedDeployment('llama-3.1-8b', 'h999', 'bf16', 1), /Unknown hardware 'h999'/);
    assert.throws(() => emulatedDeployment('nope-model', 'h100-sxm', 'bf16', 1), /Unknown/);
  });
});
