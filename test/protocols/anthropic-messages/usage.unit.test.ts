import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeUsage, usageProblem } from '../../../src/meter/usage.js';
import {
  AnthropicStreamUsage,
  toAnthropicUsage,
  usageFromMessage,
} from '../../../src/protocols/anthropic-messages/usage.js';
import { fixtureEvents, fixtureJson } from '../../fixtures/anthropic/read.js';

describe('usageFromMessage', () => {
  it('reads a plain message', () => {
    assert.deepEqual(
      usageFromMessage(fixtureJson('anthropic/message-text.json')),
      makeUsage({ inputTokens: 12, outputTokens: 10 }),
    );
  });

  it('sums input, cache read and cache write, splitting the write by TTL', () => {
    const u = usageFromMessage(fixtureJson('anthropic/message-cache-thinking.json'));
    assert.deepEqual(
      u,
      makeUsage({
        inputTokens: 21 + 14000 + 1800,
        cacheReadTokens: 14000,
        cacheWrite5mTokens: 600,
        cacheWrite1hTokens: 1200,
        outputTokens: 145,
        reasoningTokens: 120,
      }),
    );
    assert.equal(usageProblem(u!), undefined);
  });

  it('counts an unsplit cache write as 5-minute', () => {
    const u = usageFromMessage({
      usage: { input_tokens: 5, cache_creation_input_tokens: 100, output_tokens: 1 },
    });
    assert.equal(u?.inputTokens, 105);
    assert.equal(u?.cacheWrite5mTokens, 100);
    assert.equal(u?.cacheWrite1hTokens, 0);
  });

  it('returns undefined without usage and ignores junk counts', () => {
    assert.equal(usageFromMessage({ type: 'message' }), undefined);
    assert.equal(usageFromMessage(null), undefined);
    const u = usageFromMessage({ usage: { input_tokens: -3, output_tokens: 'many' } });
    assert.deepEqual(u, makeUsage());
  });
});

describe('AnthropicStreamUsage', () => {
  const run = (name: string) => {
    const t = new AnthropicStreamUsage();
    for (const ev of fixtureEvents(name)) t.push(ev);
    return t.usage();
  };

  it('overwrites output from message_delta (cumulative, never added)', () => {
    assert.deepEqual(run('anthropic/stream-text.sse'), makeUsage({ inputTokens: 25, outputTokens: 15 }));
  });

  it('keeps cache usage from message_start and overwrites with repeated cumulative message_delta', () => {
    // Two message_delta events (40, then 73 output tokens): the total is 73, not 113 or 114.
    assert.deepEqual(
      run('anthropic/stream-cache.sse'),
      makeUsage({
        inputTokens: 50 + 10000 + 2000,
        cacheReadTokens: 10000,
        cacheWrite5mTokens: 500,
        cacheWrite1hTokens: 1500,
        outputTokens: 73,
      }),
    );
  });

  it('reads thinking tokens from output_tokens_details', () => {
    const u = run('anthropic/stream-thinking.sse');
    assert.equal(u?.outputTokens, 178);
    assert.equal(u?.reasoningTokens, 150);
  });

  it('reports what it saw on a cut stream, and nothing before message_start', () => {
    assert.deepEqual(run('anthropic/stream-cut.sse'), makeUsage({ inputTokens: 310, outputTokens: 1 }));
    assert.equal(new AnthropicStreamUsage().usage(), undefined);
  });
});

describe('toAnthropicUsage', () => {
  it('splits the canonical total back into Anthropic fields', () => {
    const u = makeUsage({
      inputTokens: 12050,
      cacheReadTokens: 10000,
      cacheWrite5mTokens: 500,
      cacheWrite1hTokens: 1500,
      outputTokens: 73,
    });
    assert.deepEqual(toAnthropicUsage(u), {
      input_tokens: 50,
      cache_creation_input_tokens: 2000,
      cache_read_input_tokens: 10000,
      output_tokens: 73,
      cache_creation: { ephemeral_5m_input_tokens: 500, ephemeral_1h_input_tokens: 1500 },
    });
    // And back again: the round trip is exact.
    assert.deepEqual(usageFromMessage({ usage: toAnthropicUsage(u) }), u);
  });
});
