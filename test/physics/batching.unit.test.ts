import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bestOperatingPoint,
  CALIBRATION,
  type Deployment,
  deviceWatts,
  explain,
  idleWatts,
  isFeasible,
  maxConcurrency,
  type OperatingPoint,
  operatingPoint,
  powerActivity,
  weightBytes,
} from '../../src/physics/index.js';
import { H100, H100_PCIE_ONLY, LLAMA_8B, LLAMA_70B } from './fixtures.js';

const W = { inputTokens: 500, outputTokens: 300 };

function at(d: Deployment, concurrency: number, w = W): OperatingPoint {
  const op = operatingPoint(d, { ...w, concurrency });
  assert.ok(isFeasible(op), `infeasible at ${concurrency}`);
  return op;
}

describe('operating point', () => {
  const d8: Deployment = { model: LLAMA_8B, hardware: H100, count: 1, precision: 'bf16', engine: 'vllm' };

  it('decode at batch 1 is memory bound: TPOT ≈ weight bytes / effective bandwidth', () => {
    const op = at(d8, 1);
    assert.equal(op.computeBound, false);
    const bw = H100.bandwidthGBs * 1e9 * CALIBRATION.mbu * CALIBRATION.enginePerf.vllm;
    const expected = weightBytes(LLAMA_8B, 'bf16') / bw + CALIBRATION.stepOverheadS.vllm;
    assert.ok(Math.abs(op.tpotS / expected - 1) < 0.1, `tpot ${op.tpotS} vs ${expected}`);
  });

  it('throughput rises with concurrency, then saturates', () => {
    const max = maxConcurrency(d8, W);
    const t = [1, 8, 64, Math.floor(max / 2), max].map((c) => at(d8, c).outputTokS);
    for (let i = 1; i < t.length; i++) assert.ok((t[i] ?? 0) > (t[i - 1] ?? 0), `not rising: ${t}`);
    assert.ok((t[1] ?? 0) / (t[0] ?? 1) > 5, 'batching 8 should give ~8× at memory-bound decode');
    assert.ok((t[4] ?? 0) / (t[3] ?? 1) < 1.5, `no saturation: ${t}`);
    // Beyond the memory limit requests queue: throughput stays, TTFT grows.
    const over = at(d8, max * 2);
    assert.ok(Math.abs(over.outputTokS / (t[4] ?? 1) - 1) < 1e-9);
    assert.ok(over.ttftS > at(d8, max).ttftS * 1.5);
  });

  it('TPOT and TTFT rise with concurrency', () => {
    const a = at(d8, 1);
    const b = at(d8, 64);
    const c = at(d8, 256);
    assert.ok(a.tpotS < b.tpotS && b.tpotS < c.tpotS);
    assert.ok(a.ttftS <= b.ttftS && b.ttftS < c.ttftS);
  });

  it('energy per token falls with batch', () => {
    const e = [1, 8, 64, 256].map((c) => at(d8, c).energyPerOutputTokenJ);
    for (let i = 1; i < e.length; i++) assert.ok((e[i] ?? 0) < (e[i - 1] ?? 0), `${e}`);
    const op = at(d8, 64);
    assert.ok(Math.abs(op.energyPerRequestJ - op.energyPerOutputTokenJ * W.outputTokens) < 1e-6);
    assert.ok(op.powerW > (H100.idleW ?? 0) && op.powerW <= H100.tdpW);
  });

  it('tensor parallel over PCIe scales worse than over NVLink', () => {
    const perDevice = (hw: typeof H100, count: number): number => {
      const d: Deployment = { model: LLAMA_70B, hardware: hw, count, precision: 'fp8', engine: 'trtllm' };
      return at(d, 64).outputTokS / count;
    };
    const nv = perDevice(H100, 4) / perDevice(H100, 2);
    const pcie = perDevice(H100_PCIE_ONLY, 4) / perDevice(H100_PCIE_ONLY, 2);
    assert.ok(pcie < nv, `pcie ${pcie} vs nvlink ${nv}`);
    assert.ok(perDevice(H100_PCIE_ONLY, 4) < perDevice(H100, 4));
  });

  it('cached input cuts prefill work and TTFT', () => {
    const cold = at(d8, 32, { inputTokens: 4000, outputTokens: 200 });
    const warm = operatingPoint(d8, {
      inputTokens: 4000,
      outputTokens: 200,
      cachedInputShare: 0.9,
      concurrency: 32,
    });
    assert.ok(isFeasible(warm));
    assert.ok(warm.ttftS < cold.ttftS && warm.outputTokS > cold.outputTokS);
  });

  it('best operating point meets the targets with the most throughput', () => {
    const best = bestOperatingPoint(d8, W, { tpotS: 0.02, ttftS: 0.5 });
    assert.ok(isFeasible(best));
    assert.ok(best.tpotS <= 0.02 && best.ttftS <= 0.5);
    const next = at(d8, best.concurrency + 1);
    assert.ok(next.tpotS > 0.02 || next.ttftS > 0.5 || best.concurrency === maxConcurrency(d8, W));
    assert.ok(best.outputTokS > at(d8, 1).outputTokS);
    const impossible = bestOperatingPoint(d8, W, { tpotS: 0.0001 });
    assert.equal(impossible.feasible, false);
  });

  it('prompts longer than the context are infeasible; bad input throws', () => {
    const op = operatingPoint(d8, { inputTokens: 200_000, outputTokens: 10, concurrency: 1 });
    assert.equal(op.feasible, false);
    assert.throws(
      () => operatingPoint(d8, { inputTokens: 10, outputTokens: 0, concurrency: 1 }),
      /outputTokens/,
    );
    assert.throws(
      () => operatingPoint(d8, { inputTokens: Number.NaN, outputTokens: 5, concurrency: 1 }),
      /inputTokens/,
    );
  });

  it('explain prints the derivation', () => {
    const lines = explain({ model: LLAMA_70B, hardware: H100, count: 2, precision: 'fp8' }, W);
    assert.ok(lines.length >= 6);
    assert.match(lines.join('\n'), /KV cache: .* max concurrency \d+/);
    assert.ok(!/NaN|Infinity/.test(lines.join('\n')));
  });
});

describe('power model', () => {
  const d8: Deployment = { model: LLAMA_8B, hardware: H100, count: 1, precision: 'bf16', engine: 'vllm' };

  it('memory-bound decode draws well below TDP; compute-bound batches reach it', () => {
    const small = at(d8, 4);
    const big = at(d8, 512);
    assert.equal(small.computeBound, false);
    assert.ok(small.powerW < 0.85 * H100.tdpW, `batch 4 at ${small.powerW} W`);
    assert.ok(big.powerW > small.powerW, `${big.powerW} vs ${small.powerW}`);
    assert.ok(big.powerW <= H100.tdpW + 1e-9);
  });

  it('power activity weighs executed FLOP/s and bandwidth shares; the power limit caps the watts', () => {
    const c = CALIBRATION;
    assert.equal(powerActivity(0, 0), 0);
    assert.ok(Math.abs(powerActivity(0, 0.5) - 0.5 * c.powerBandwidthWeight) < 1e-12);
    assert.ok(Math.abs(powerActivity(0.1, 0) - 0.1 * c.powerComputeWeight) < 1e-12);
    // Above 1 the step asks for more than the rated power: not capped here, the limit caps the watts.
    assert.ok(powerActivity(1, 1) > 1);
    // At a lower clock each FLOP costs less (power ∝ f³: f² per FLOP on top of the slower rate).
    assert.ok(Math.abs(powerActivity(0.4, 0, c, 0, 0.5) - 0.4 * c.powerComputeWeight * 0.25) < 1e-12);
    assert.equal(deviceWatts(H100, 5), H100.tdpW);
    assert.equal(deviceWatts(H100, 5, c, 450), 450);
    assert.equal(deviceWatts(H100, 0), idleWatts(H100));
  });
});
