import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../src/catalog/index.js';
import { csvRecords, parseCsv } from '../../src/physics/csv.js';
import { planRow, readMeasurements } from '../../src/physics/measurements.js';
import { predictRow } from '../../src/physics/predict.js';

describe('RFC 4180 CSV', () => {
  it('handles quotes, doubled quotes, commas and newlines inside quotes, CRLF', () => {
    const rows = parseCsv('a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",\n');
    assert.deepEqual(rows, [
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
      ['2', 'two\nlines', ''],
    ]);
  });

  it('rejects an unterminated quote and names missing columns', () => {
    assert.throws(() => parseCsv('a,"b\n'), /unterminated/);
    assert.throws(() => csvRecords('a,b\n1,2\n', ['a', 'metric']), /missing column\(s\) metric/);
  });
});

const HEADER =
  'id,model,params_b_total,params_b_active,precision,hardware,hw_count,engine,scenario,isl,osl,batch_or_concurrency,metric,value,unit,per_gpu_value,source,source_path_or_url,date,notes';

describe('measurement rows', () => {
  const cat = defaultCatalog();
  const plan = (line: string) => {
    const [rec] = readMeasurements(`${HEADER}\n${line}\n`);
    assert.ok(rec);
    return planRow(rec, cat);
  };

  it('reads TP from the id, numbers from "~" fields, and predicts a positive value', () => {
    const p = plan(
      'X-TP2,Llama-3-70B,70.6,70.6,FP8,H100-SXM-80GB (DGX),2,TensorRT-LLM 0.10,max-throughput,~128,128,max,output tokens/s,5835,tok/s,,s,u,2024,',
    );
    assert.ok(!('skip' in p));
    if ('skip' in p) return;
    assert.deepEqual(p.tpOptions, [2]);
    assert.equal(p.engine, 'trtllm');
    assert.equal(p.workload.inputTokens, 128);
    const r = predictRow(p);
    assert.ok(!('feasible' in r) && r.predicted > 0);
  });

  it('reads server latency limits and system energy', () => {
    const p = plan(
      'S,Llama-2-70B,70,70,FP8,H200-SXM-141GB,8,TensorRT-LLM,"Server (p99 TTFT<=2s, p99 TPOT<=200ms)",OpenOrca prompts,~293,Poisson 91.5 qps,system energy per output token,0.3,J/token,,s,u,2024,',
    );
    assert.ok(!('skip' in p));
    if ('skip' in p) return;
    assert.deepEqual(p.load, { kind: 'latency', ttftS: 2, tpotS: 0.2 });
    assert.equal(p.kind, 'energy');
    assert.equal(p.energyScope, 'system');
  });

  it('skips with a reason: unknown hardware, unparseable batch', () => {
    const a = plan(
      'A,Llama-2-70B,70,70,FP8,Warp Drive 9000,8,vLLM,x,100,100,max,output tokens/s,1,tok/s,,s,u,2024,',
    );
    assert.ok('skip' in a && /hardware 'Warp Drive 9000'/.test(a.skip));
    const b = plan(
      'B,Llama-2-70B,70,70,FP8,H100-SXM-80GB,8,vLLM,x,100,100,whatever,output tokens/s,1,tok/s,,s,u,2024,',
    );
    assert.ok('skip' in b && /unparseable batch/.test(b.skip));
  });
});
