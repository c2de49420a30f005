// Reading batch input (each bad line fails alone), deadlines, and the batch / deferral lever in the savings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../src/catalog/index.js';
import {
  parseDeadline,
  parseDuration,
  readAnthropicRequests,
  readOpenAIJsonl,
} from '../../src/deferral/jobs-input.js';
import type { MarginError } from '../../src/errors/index.js';
import type { LedgerRecord } from '../../src/ledger/record.js';
import { makeUsage } from '../../src/meter/usage.js';
import { leverSavings } from '../../src/report/savings.js';

const NOW = Date.UTC(2026, 11, 5, 12);

describe('batch input', () => {
  it('durations and deadlines; impossible ones name the field', () => {
    assert.equal(parseDuration('24h'), 86_400_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('soon'), undefined);
    assert.equal(parseDeadline('6h', NOW, 'x-margin-defer'), NOW + 6 * 3_600_000);
    assert.equal(parseDeadline('2026-12-05T18:00:00Z', NOW, 'x-margin-defer'), NOW + 6 * 3_600_000);
    for (const bad of ['0s', '2026-12-05T11:00:00Z', 'tomorrow', '8d']) {
      assert.throws(
        () => parseDeadline(bad, NOW, 'completion_window'),
        (e: MarginError) => e.status === 400 && e.param === 'completion_window',
        bad,
      );
    }
  });

  it('OpenAI JSONL: malformed, duplicate, wrong-url lines fail alone; stream is dropped', () => {
    const ok = (id: string) =>
      JSON.stringify({
        custom_id: id,
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: 'm', stream: true },
      });
    const lines = readOpenAIJsonl(
      [
        ok('a'),
        '{broken',
        '',
        ok('a'),
        JSON.stringify({ custom_id: 'b', url: '/v1/embeddings', body: {} }),
        ok('c'),
      ].join('\n'),
      '/v1/chat/completions',
    );
    assert.deepEqual(
      lines.map((l) => [
        l.customId,
        l.failed ? (l.failed.body as { error: { code: string } }).error.code : 'ok',
      ]),
      [
        ['a', 'ok'],
        ['line-2', 'invalid_json'],
        ['a', 'duplicate_custom_id'],
        ['b', 'invalid_url'],
        ['c', 'ok'],
      ],
    );
    assert.deepEqual(lines[0]?.request, { model: 'm' });
    assert.deepEqual(
      lines.map((l) => l.idx),
      [0, 1, 2, 3, 4],
    );
  });

  it('Anthropic requests: an unreadable one errors alone; no requests at all is a 400', () => {
    const lines = readAnthropicRequests({
      requests: [
        { custom_id: 'ok', params: { model: 'm' } },
        { custom_id: 'bad id!', params: {} },
        { custom_id: 'x' },
      ],
    });
    assert.deepEqual(
      lines.map((l) => l.failed === undefined),
      [true, false, false],
    );
    assert.throws(
      () => readAnthropicRequests({ requests: [] }),
      (e: MarginError) => e.param === 'requests',
    );
  });
});

describe('batch / deferral lever', () => {
  it('saves the immediate counterfactual minus what was paid, per deferred record', () => {
    const base: LedgerRecord = {
      id: 'r',
      ts: NOW,
      keyId: null,
      tenant: null,
      endpoint: 'chat.completions',
      requestedModel: 'gpt-4o-mini',
      servedModel: 'gpt-4o-mini',
      provider: 'openai',
      status: 200,
      errorCode: null,
      streamed: false,
      usage: makeUsage({ inputTokens: 1000, outputTokens: 100 }),
      costUsd: { input: 0, cachedInput: 0, cacheWrite: 0, output: 0, reasoning: 0, total: 0.5 },
      energyWh: 0,
      co2eG: 0,
      cache: 'miss',
      savedUsd: 0,
      savedEnergyWh: 0,
      savedCo2eG: 0,
      route: null,
      latencyMs: 1,
      ttftMs: null,
      clientAborted: false,
    };
    const r = leverSavings(
      [
        { ...base, deferralMode: 'provider-batch', immediateUsd: 1, jobId: 'batch_1' },
        { ...base, id: 's', deferralMode: 'now', immediateUsd: 0.5, jobId: 'batch_1' },
        base,
      ],
      defaultCatalog(),
    );
    const lever = r.levers.find((l) => l.lever === 'batch');
    assert.equal(lever?.requests, 2);
    assert.ok(Math.abs((lever?.savedUsd ?? 0) - 0.5) < 1e-12);
    assert.ok(Math.abs(r.withoutAnyUsd - r.actualUsd - 0.5) < 1e-9);
  });
});
