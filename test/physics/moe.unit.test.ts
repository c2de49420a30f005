// Mixture-of-experts physics against the committed TensorRT-LLM MoE rows (scripts/calibration/trtllm-moe.csv,
// from NVIDIA's perf-overview): the planner used to over-predict them (Maverick 8×H100 +70%, median 21%);
// and MXFP4 on Hopper is weight-only (gpt-oss-120b fits one H100).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/index.js';
import { computeFormat, memoryFit } from '../../src/physics/index.js';
import type { RowPlan } from '../../src/physics/measurements.js';
import { expertParallel } from '../../src/physics/parallel.js';
import { predictRow } from '../../src/physics/predict.js';
import { trtllmMoeRows } from './moe-rows.js';

const catalog = loadCatalog();
const rows = trtllmMoeRows();

const error = (p: RowPlan): number => {
  const r = predictRow(p);
  assert.ok(!('feasible' in r), `${p.id} infeasible`);
  return r.predicted / p.measured - 1;
};

describe('mixture-of-experts physics', () => {
  it('predicts the TensorRT-LLM MoE rows with a median error under 10% (was 20.6%, then 16.2%)', () => {
    assert.equal(rows.length, 16);
    const abs = rows.map((p) => Math.abs(error(p))).sort((a, b) => a - b);
    const median = ((abs[7] ?? 1) + (abs[8] ?? 1)) / 2;
    assert.ok(median < 0.1, `median ${median}`);
    // Maverick 8×H100 1k/1k was +70%, −14% with expert parallel only; the tensor-parallel MoE layout the
    // row now picks is modelled too fast on H100 (sliced expert GEMMs run at full efficiency): +32%.
    const maverick = rows.find((p) => p.id === 'TRT1-L4M-H100-FP8-TP8-1k1k');
    assert.ok(maverick && Math.abs(error(maverick)) < 0.35, 'Maverick 8×H100 was +70%');
  });

  it('a benchmark row reports the better MoE layout: expert parallel + DP attention or tensor parallel', () => {
    const layouts = rows
      .map((p) => predictRow(p))
      .filter((r) => 'layout' in r)
      .map((r) => r.layout);
    assert.ok(layouts.some((l) => l.includes('(EP MoE)')));
    assert.ok(layouts.some((l) => l.includes('(TP MoE)')));
  });

  it('runs MoE on TensorRT-LLM expert-parallel with DP attention, and vLLM tensor-parallel', () => {
    const d = {
      model: catalog.model('qwen3-235b-a22b'),
      hardware: catalog.device('h200'),
      count: 8,
      precision: 'fp8' as const,
    };
    assert.equal(expertParallel({ ...d, engine: 'trtllm' }), 8);
    assert.equal(expertParallel({ ...d, engine: 'vllm' }), 1);
    // Each device keeps its own attention weights: more memory for weights, no KV replication.
    const ep = memoryFit({ ...d, engine: 'trtllm' });
    const tp = memoryFit({ ...d, engine: 'vllm' });
    assert.ok(ep.weightsGB > tp.weightsGB && ep.kvGBPerToken <= tp.kvGBPerToken);
  });

  it('MXFP4 is weight-only on Hopper and native on Blackwell; gpt-oss-120b fits one H100', () => {
    assert.equal(computeFormat(catalog.device('h100-sxm'), 'mxfp4').weightOnly, true);
    assert.equal(computeFormat(catalog.device('b200'), 'mxfp4').compute, 'fp4');
    const fit = memoryFit({
      model: catalog.model('gpt-oss-120b'),
      hardware: catalog.device('h100-sxm'),
      count: 1,
      precision: 'mxfp4',
    });
    assert.ok(fit.fits && fit.weightsGB < 66, `${fit.weightsGB}`);
  });
});
