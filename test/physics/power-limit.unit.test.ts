// Power-limited clocks (DVFS) and activation traffic: a step that asks for more than the power limit runs
// at the clock where it fits; a higher limit buys throughput only where the step was throttled; a narrow
// model's and a many-expert MoE's activations cost HBM time beyond their GEMMs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../src/catalog/index.js';
import {
  activationElementsPerToken,
  CONSTANTS,
  type Deployment,
  demandWatts,
  isFeasible,
  type OperatingPoint,
  operatingPoint,
} from '../../src/physics/index.js';
import { powerLimitOf } from '../../src/physics/measurements.js';
import { H100, LLAMA_8B, LLAMA_70B, model } from './fixtures.js';

function at(d: Deployment, concurrency: number, w = { inputTokens: 500, outputTokens: 300 }): OperatingPoint {
  const op = operatingPoint(d, { ...w, concurrency });
  assert.ok(isFeasible(op), `infeasible at ${concurrency}`);
  return op;
}

describe('power-limited clocks (DVFS)', () => {
  const d70: Deployment = { model: LLAMA_70B, hardware: H100, count: 2, precision: 'fp8', engine: 'trtllm' };

  it('a compute-bound batch runs below rated clocks at exactly the power limit', () => {
    const op = at(d70, 512);
    assert.ok(op.clockShare < 0.97, `clock ${op.clockShare}`);
    assert.ok(op.clockShare >= CONSTANTS.minClockShare);
    assert.ok(Math.abs(op.powerW - 2 * H100.tdpW) < 0.5, `${op.powerW} W`);
  });

  it('memory-bound decode at batch 1 is not throttled and draws less than the limit', () => {
    const op = at({ ...d70, precision: 'bf16' }, 1);
    assert.equal(op.clockShare, 1);
    assert.ok(op.powerW < 2 * H100.tdpW);
  });

  it('a higher limit buys throughput where the step was throttled; a lower one costs throughput and watts', () => {
    const base = at(d70, 512);
    const high = at({ ...d70, powerLimitW: 1000 }, 512);
    const low = at({ ...d70, powerLimitW: 450 }, 512);
    assert.ok(high.outputTokS > base.outputTokS * 1.03, `${high.outputTokS} vs ${base.outputTokS}`);
    assert.ok(high.clockShare > base.clockShare);
    assert.ok(low.outputTokS < base.outputTokS * 0.97);
    assert.ok(Math.abs(low.powerW - 2 * 450) < 0.5);
    // Power falls faster than throughput (f³ against f): energy per token improves under the cap (MaxQ).
    assert.ok(low.energyPerOutputTokenJ < base.energyPerOutputTokenJ);
    // Unthrottled decode gains nothing from a higher limit.
    const b1 = at({ ...d70, precision: 'bf16' }, 1);
    const b1high = at({ ...d70, precision: 'bf16', powerLimitW: 1000 }, 1);
    assert.equal(b1high.outputTokS, b1.outputTokS);
  });

  it('a power-capped form factor (H100 NVL: the SXM die at 400 W) throttles further than the SXM part', () => {
    const cat = defaultCatalog();
    const nvl = cat.device('h100-nvl');
    const sxm = cat.device('h100-sxm');
    assert.ok((nvl.fullClockPowerW ?? 0) > nvl.tdpW);
    const w = { inputTokens: 400, outputTokens: 300 };
    const m = cat.model('llama-3.1-70b');
    const onNvl = at({ model: m, hardware: nvl, count: 2, precision: 'fp8', engine: 'trtllm' }, 256, w);
    const onSxm = at({ model: m, hardware: sxm, count: 2, precision: 'fp8', engine: 'trtllm' }, 256, w);
    assert.ok(onNvl.clockShare < onSxm.clockShare, `${onNvl.clockShare} vs ${onSxm.clockShare}`);
    assert.ok(demandWatts(nvl, 1) > nvl.tdpW);
  });

  it('measurement rows name their power limit', () => {
    assert.equal(powerLimitOf('H200-SXM-141GB (700W)'), 700);
    assert.equal(powerLimitOf('H200-SXM-141GB (NVIDIA higher-TDP custom-thermal config)'), 1000);
    assert.equal(powerLimitOf('H100-SXM-80GB (DGX H100)'), undefined);
  });
});

describe('activation traffic', () => {
  it('counts hidden state, the SwiGLU intermediate and MoE expert copies per token (by hand)', () => {
    // Llama-3.1-8B: per layer 8.03e9 − 2·128256·4096 embeddings = 6.979e9 / 32 = 218.1 M active;
    // attention 4096·(2·4096 + 2·1024) = 41.9 M → intermediate (218.1 − 41.9) M / (3·4096) = 14,336.
    const a = activationElementsPerToken(LLAMA_8B);
    const c = CONSTANTS.activationPasses;
    assert.equal(a.hidden, c.hidden * 32 * 4096);
    assert.ok(Math.abs(a.rest / (c.intermediate * 32) - 14336) < 40, `${a.rest / (c.intermediate * 32)}`);
    // Same active shape with 8 of 128 routed experts: k copies of the hidden state per MoE layer on top.
    const moe = model({
      ...LLAMA_8B,
      id: 'moe-test',
      paramsTotalB: 60,
      paramsActiveB: 8.03,
      moe: { experts: 128, activePerToken: 8 },
    });
    const b = activationElementsPerToken(moe);
    assert.equal(b.rest - a.rest, c.expertCopy * 32 * 8 * 4096);
  });

  it('a narrow model moves more activation bytes per GEMM FLOP than a wide one', () => {
    const perFlop = (m: typeof LLAMA_8B): number => {
      const a = activationElementsPerToken(m);
      return ((a.hidden + a.rest) * 2) / (2 * m.paramsActiveB * 1e9);
    };
    // 8B: ~9.7 MB per token for 16 GFLOP; 70B: ~2.3× fewer bytes per FLOP (wider layers).
    assert.ok(perFlop(LLAMA_8B) > 1.5 * perFlop(LLAMA_70B), `${perFlop(LLAMA_8B)} vs ${perFlop(LLAMA_70B)}`);
    // On H100 FP8 (590 FLOP per byte at the ridge) that is a tenth or more of an 8B GEMM's time.
    assert.ok(perFlop(LLAMA_8B) * (H100.tflops.fp8 ?? 0) * 1e12 > 0.1 * H100.bandwidthGBs * 1e9);
  });
});
