import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeUsage, usageProblem } from '../../../src/meter/usage.js';
import { fromGeminiFinishReason, toGeminiFinishReason } from '../../../src/protocols/gemini/finish-reason.js';
import { toGeminiUsage, usageFromGemini } from '../../../src/protocols/gemini/usage.js';

describe('usageFromGemini', () => {
  it('bills thoughts as output and keeps cached tokens inside the prompt total', () => {
    const u = usageFromGemini({
      promptTokenCount: 1000,
      cachedContentTokenCount: 800,
      candidatesTokenCount: 50,
      thoughtsTokenCount: 200,
      totalTokenCount: 1250,
    });
    assert.deepEqual(
      u,
      makeUsage({ inputTokens: 1000, cacheReadTokens: 800, outputTokens: 250, reasoningTokens: 200 }),
    );
    assert.equal(usageProblem(u!), undefined);
  });

  it('adds tool-use prompt tokens to the input', () => {
    const u = usageFromGemini({ promptTokenCount: 10, toolUsePromptTokenCount: 90, candidatesTokenCount: 5 });
    assert.equal(u?.inputTokens, 100);
  });

  it('returns undefined without metadata and zeros for missing counts', () => {
    assert.equal(usageFromGemini(undefined), undefined);
    assert.deepEqual(usageFromGemini({}), makeUsage());
  });

  it('round-trips through toGeminiUsage', () => {
    const u = makeUsage({ inputTokens: 1000, cacheReadTokens: 800, outputTokens: 250, reasoningTokens: 200 });
    assert.deepEqual(usageFromGemini(toGeminiUsage(u)), u);
  });
});

describe('Gemini finish reasons', () => {
  it('maps to canonical', () => {
    assert.equal(fromGeminiFinishReason('STOP', false), 'stop');
    assert.equal(fromGeminiFinishReason('STOP', true), 'tool_calls');
    assert.equal(fromGeminiFinishReason('MAX_TOKENS', false), 'length');
    for (const r of ['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII']) {
      assert.equal(fromGeminiFinishReason(r, false), 'content_filter', r);
    }
    assert.equal(fromGeminiFinishReason('MALFORMED_FUNCTION_CALL', false), 'stop');
    assert.equal(fromGeminiFinishReason(undefined, false), null);
  });

  it('maps back', () => {
    assert.equal(toGeminiFinishReason('stop'), 'STOP');
    assert.equal(toGeminiFinishReason('tool_calls'), 'STOP');
    assert.equal(toGeminiFinishReason('length'), 'MAX_TOKENS');
    assert.equal(toGeminiFinishReason('content_filter'), 'SAFETY');
  });
});
