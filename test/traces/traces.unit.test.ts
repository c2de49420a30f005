import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countTextTokens } from '../../src/tokens/index.js';
import { parseTrace } from '../../src/traces/read.js';
import { PromptSynthesizer } from '../../src/traces/synthesize.js';

describe('trace readers', () => {
  it('reads Azure CSV with relative times', () => {
    const t = parseTrace(
      'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,4808,10\n2023-11-16 18:17:05.0319600,3180,8\n',
    );
    assert.equal(t.format, 'azure');
    assert.deepEqual(
      t.requests.map((r) => [r.tMs, r.inputTokens, r.outputTokens]),
      [
        [0, 4808, 10],
        [1052, 3180, 8],
      ],
    );
  });

  it('reads Mooncake JSONL with hash ids and counts malformed lines', () => {
    const t = parseTrace(
      '{"timestamp": 0, "input_length": 600, "output_length": 5, "hash_ids": [0, 1]}\nnot json\n{"timestamp": 3000, "input_length": 10}\n',
    );
    assert.equal(t.format, 'mooncake');
    assert.equal(t.requests.length, 1);
    assert.deepEqual(t.requests[0]!.hashIds, [0, 1]);
    assert.equal(t.skipped, 2);
    assert.equal(t.blockTokens, 512);
  });

  it('reads BurstGPT with sessions and failures', () => {
    const t = parseTrace(
      'Timestamp,Session ID,Elapsed time,Model,Request tokens,Response tokens,Total tokens,Log Type\n10.0,s1,2,GPT-4,100,50,150,Conversation log\n12.5,,1,ChatGPT,0,0,0,API log\n',
    );
    assert.equal(t.format, 'burstgpt');
    assert.equal(t.requests[1]!.tMs, 2500);
    assert.equal(t.requests[0]!.sessionId, 's1');
    assert.equal(t.requests[1]!.failed, true);
  });

  it('rejects an unknown format in one line', () => {
    assert.throws(() => parseTrace('a,b,c\n1,2,3\n'), /unrecognised trace format/);
  });
});

describe('prompt synthesis', () => {
  it('shared hash ids give shared text prefixes of the traced length', () => {
    const trace = parseTrace(
      '{"timestamp": 0, "input_length": 1100, "output_length": 5, "hash_ids": [7, 8, 9]}\n{"timestamp": 1, "input_length": 700, "output_length": 5, "hash_ids": [7, 10]}\n',
    );
    const s = new PromptSynthesizer(trace, { model: 'm' });
    const a = s.promptText(0, trace.requests[0]!);
    const b = s.promptText(1, trace.requests[1]!);
    const block = a.slice(0, 1000);
    assert.ok(b.startsWith(block), 'same first block');
    assert.notEqual(a.slice(0, 5000), b.slice(0, 5000));
    const n = countTextTokens(a).tokens;
    assert.ok(Math.abs(n - 1100) <= 3, `prompt tokens ${n} ≈ 1100`);
  });

  it('requests are deterministic with the traced output length', () => {
    const trace = parseTrace('TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,50,7\n');
    const r = new PromptSynthesizer(trace, { model: 'gpt-4o-mini' }).request(0, trace.requests[0]!);
    assert.equal(r.max_tokens, 7);
    assert.equal(r.temperature, 0);
    assert.equal(countTextTokens(r.messages[0]!.content as string).tokens, 50);
  });
});
