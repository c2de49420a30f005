// KV admission (Deployment.kvAdmission): an engine that reserves each request's whole prompt + output at
// admission (TensorRT-LLM GUARANTEED_NO_EVICT, llama.cpp slots) holds fewer sequences than one that grows the
// KV cache on demand (vLLM, SGLang), by (isl + osl/2) / (isl + osl) when memory binds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Deployment, isFeasible, maxConcurrency, operatingPoint } from '../../src/physics/index.js';
import { H100, LLAMA_70B } from './fixtures.js';

// 70B bf16 on four H100s: memory, not the engine's batch cap, limits the batch at these lengths.
const base: Deployment = { model: LLAMA_70B, hardware: H100, count: 4, precision: 'bf16', engine: 'vllm' };
const W = { inputTokens: 1000, outputTokens: 2000 };

describe('KV admission', () => {
  it('reserving the whole sequence holds (isl + osl/2) / (isl + osl) of the on-demand batch', () => {
    const onDemand = maxConcurrency({ ...base, kvAdmission: 'on-demand' }, W);
    const reserve = maxConcurrency({ ...base, kvAdmission: 'reserve' }, W);
    assert.ok(onDemand > 20 && onDemand < 1024, `memory-bound batch ${onDemand}`);
    const ratio = (W.inputTokens + W.outputTokens / 2) / (W.inputTokens + W.outputTokens);
    assert.ok(Math.abs(reserve - onDemand * ratio) <= 1, `${reserve} vs ${onDemand} × ${ratio}`);
  });

  it('defaults by engine: vLLM and TensorRT-LLM on demand, llama.cpp reserved', () => {
    const vllm = maxConcurrency(base, W);
    assert.equal(vllm, maxConcurrency({ ...base, kvAdmission: 'on-demand' }, W));
    assert.equal(maxConcurrency({ ...base, engine: 'trtllm' }, W) >= vllm, true);
    const small = { inputTokens: 200, outputTokens: 100 };
    const cpp = { ...base, engine: 'llamacpp' as const };
    assert.equal(maxConcurrency(cpp, small), maxConcurrency({ ...cpp, kvAdmission: 'reserve' }, small));
  });

  it('a reserved batch saturates at lower throughput when memory binds (fewer sequences running)', () => {
    const at = (kvAdmission: 'reserve' | 'on-demand') => {
      const op = operatingPoint({ ...base, kvAdmission }, { ...W, concurrency: 4096 });
      assert.ok(isFeasible(op));
      return op;
    };
    const r = at('reserve');
    const o = at('on-demand');
    assert.ok(r.outputTokS < o.outputTokS);
  });
});
