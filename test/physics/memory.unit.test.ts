import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeFormat, kvBytesPerToken, memoryFit, operatingPoint } from '../../src/physics/index.js';
import { A100, DEEPSEEK_V3, GEMMA_LIKE, H100, L4, L40S, LLAMA_8B, LLAMA_70B } from './fixtures.js';

describe('memory fit', () => {
  it('Llama-3.1-70B weights at bf16 are about 141 GB', () => {
    const fit = memoryFit({ model: LLAMA_70B, hardware: H100, count: 2, precision: 'bf16' });
    assert.ok(Math.abs(fit.weightsGB - 141.2) < 0.5, `weights ${fit.weightsGB}`);
    assert.equal(fit.availableGB, 160);
    assert.equal(fit.fits, true);
    assert.ok(fit.maxKvTokens > 0);
  });

  it('fp8 halves the body but keeps embeddings in 16-bit', () => {
    const fit = memoryFit({ model: LLAMA_70B, hardware: H100, count: 1, precision: 'fp8' });
    assert.ok(fit.weightsGB > 70.6 && fit.weightsGB < 73.5, `weights ${fit.weightsGB}`);
  });

  it('KV bytes per token for Llama-3.1-8B bf16 = 32 × 2 × 8 × 128 × 2', () => {
    assert.equal(kvBytesPerToken(LLAMA_8B, 'bf16'), 131_072);
    assert.equal(kvBytesPerToken(LLAMA_8B, 'fp8'), 65_536);
  });

  it('DeepSeek-V3 MLA caches the 576-wide latent per layer', () => {
    assert.equal(kvBytesPerToken(DEEPSEEK_V3, 'bf16'), 61 * 576 * 2);
  });

  it('sliding-window layers are capped at the window', () => {
    const full = kvBytesPerToken(GEMMA_LIKE, 'bf16');
    assert.equal(kvBytesPerToken(GEMMA_LIKE, 'bf16', 4096), full);
    const long = kvBytesPerToken(GEMMA_LIKE, 'bf16', 8192);
    assert.equal(long, 0.75 * full);
  });

  it('70B on one L4 or one L40S at fp8 is infeasible, with the numbers', () => {
    for (const hw of [L4, L40S]) {
      const fit = memoryFit({ model: LLAMA_70B, hardware: hw, count: 1, precision: 'fp8' });
      assert.equal(fit.fits, false);
      assert.match(fit.reason ?? '', new RegExp(`needs \\d+ GB.*1× ${hw.id} has ${hw.memoryGB} GB`));
      const op = operatingPoint(
        { model: LLAMA_70B, hardware: hw, count: 1, precision: 'fp8' },
        {
          inputTokens: 500,
          outputTokens: 200,
          concurrency: 8,
        },
      );
      assert.equal(op.feasible, false);
      if (!op.feasible) {
        assert.equal(op.haveGB, hw.memoryGB);
        assert.ok((op.needGB ?? 0) > hw.memoryGB);
      }
    }
  });

  it('A100 has no FP8: weight-only fallback, and 70B fp8 does not fit one A100 with overheads', () => {
    const fmt = computeFormat(A100, 'fp8');
    assert.equal(fmt.weightOnly, true);
    assert.equal(fmt.compute, 'bf16');
    assert.equal(computeFormat(H100, 'fp8').weightOnly, false);
    const fit = memoryFit({ model: LLAMA_70B, hardware: A100, count: 1, precision: 'fp8' });
    assert.equal(fit.fits, false);
    assert.ok(memoryFit({ model: LLAMA_70B, hardware: A100, count: 2, precision: 'fp8' }).fits);
  });

  it('rejects a tensor-parallel size that does not divide the heads', () => {
    const fit = memoryFit({ model: LLAMA_70B, hardware: H100, count: 3, precision: 'bf16' });
    assert.equal(fit.fits, false);
    assert.match(fit.reason ?? '', /does not divide/);
  });
});
