import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import * as anthropic from '../../src/providers/anthropic/batch.js';
import { batchAdapterFor } from '../../src/providers/batch-registry.js';
import * as gemini from '../../src/providers/gemini/batch.js';
import * as openai from '../../src/providers/openai-compatible/batch.js';
import type { UpstreamTarget } from '../../src/providers/types.js';

// The batch adapters' readers against recorded examples of each provider's documented batch formats
// (test/fixtures/batch/README.md says where each is documented).
const dir = new URL('../../../test/fixtures/batch/', import.meta.url);
const json = (name: string) =>
  JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as Record<string, unknown>;
const jsonl = (name: string) =>
  readFileSync(new URL(name, dir), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const target = (upstreamModel: string, baseUrl = 'https://api.example.com/v1'): UpstreamTarget => ({
  baseUrl,
  apiKey: 'k',
  upstreamModel,
  headers: {},
});

describe('batch adapter registry', () => {
  it('has one adapter per provider adapter id, none for others', () => {
    assert.equal(batchAdapterFor('openai-compatible'), openai.openaiBatchAdapter);
    assert.equal(batchAdapterFor('anthropic'), anthropic.anthropicBatchAdapter);
    assert.equal(batchAdapterFor('gemini'), gemini.geminiBatchAdapter);
    assert.equal(batchAdapterFor('bedrock'), undefined);
    assert.equal(batchAdapterFor('toString'), undefined);
  });
});

describe('OpenAI batch formats', () => {
  const t = target('gpt-4o-mini');

  it('writes input lines in the documented request format (no streaming in batches)', () => {
    const text = openai.inputFile(
      [
        {
          customId: 'request-1',
          request: {
            model: 'alias',
            messages: [{ role: 'user', content: 'What is 2+2?' }],
            stream: true,
            stream_options: { include_usage: true },
          },
        },
      ],
      t,
    );
    const doc = jsonl('openai-batch-input.jsonl')[0] as Record<string, unknown>;
    const line = JSON.parse(text.trim()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(line).sort(), Object.keys(doc).sort());
    assert.equal(line.method, doc.method);
    assert.equal(line.url, doc.url);
    assert.deepEqual(line.body, doc.body);
    assert.ok(text.endsWith('\n'));
  });

  it('reads batch objects: completed with counts, failed', () => {
    assert.deepEqual(openai.stateOf(json('openai-batch-completed.json')), {
      status: 'completed',
      counts: { total: 3, succeeded: 1, failed: 2 },
    });
    assert.equal(openai.stateOf(json('openai-batch-failed.json')).status, 'failed');
    assert.equal(
      openai.stateOf({ ...json('openai-batch-completed.json'), status: 'finalizing' }).status,
      'in_progress',
    );
    assert.throws(() => openai.stateOf({ status: 'weird' }), /weird/);
  });

  it('reads output and error file lines: answers with batch usage, line errors, expired lines', () => {
    const [ok] = jsonl('openai-batch-output.jsonl').map((r) => openai.resultLine(r, t));
    assert.ok(ok?.ok);
    if (ok?.ok) {
      assert.equal(ok.customId, 'request-1');
      assert.equal(ok.response.choices[0]?.message.content, '2 + 2 equals 4.');
      assert.equal(ok.usage?.inputTokens, 24);
      assert.equal(ok.usage?.outputTokens, 8);
      assert.equal(ok.usage?.kind, 'batch');
    }
    const [bad, expired] = jsonl('openai-batch-errors.jsonl').map((r) => openai.resultLine(r, t));
    assert.ok(bad && !bad.ok);
    if (bad && !bad.ok) {
      assert.equal(bad.error.status, 400);
      assert.equal(bad.error.code, 'decimal_above_max_value');
      assert.equal(bad.error.kind, 'invalid_request_error');
    }
    assert.ok(expired && !expired.ok);
    if (expired && !expired.ok) {
      assert.equal(expired.customId, 'request-3');
      assert.equal(expired.error.code, 'batch_expired');
      assert.equal(expired.error.kind, 'timeout_error');
    }
  });
});

describe('Anthropic Message Batches formats', () => {
  const t = target('claude-sonnet-4-5', 'https://api.anthropic.com');

  it('reads batch objects: ended with expired requests, in progress', () => {
    assert.deepEqual(anthropic.stateOf(json('anthropic-message-batch-ended.json')), {
      status: 'expired',
      counts: { total: 3, succeeded: 1, failed: 2 },
    });
    assert.deepEqual(anthropic.stateOf(json('anthropic-message-batch-in-progress.json')), {
      status: 'in_progress',
      counts: { total: 2, succeeded: 0, failed: 0 },
    });
    const cancelled = {
      ...json('anthropic-message-batch-ended.json'),
      cancel_initiated_at: '2024-08-20T18:40:00Z',
    };
    assert.equal(anthropic.stateOf(cancelled).status, 'cancelled');
  });

  it('reads results lines: succeeded, errored, expired (custom ids decoded)', () => {
    const [ok, bad, expired] = jsonl('anthropic-results.jsonl').map((r) => anthropic.resultLine(r, t));
    assert.ok(ok?.ok);
    if (ok?.ok) {
      assert.equal(
        ok.response.choices[0]?.message.content,
        "Hello again! It's nice to see you. How can I assist you today?",
      );
      assert.equal(ok.usage?.inputTokens, 11);
      assert.equal(ok.usage?.outputTokens, 36);
      assert.equal(ok.usage?.kind, 'batch');
    }
    assert.ok(bad && !bad.ok);
    if (bad && !bad.ok) {
      assert.equal(bad.error.status, 400);
      assert.equal(bad.error.kind, 'invalid_request_error');
      assert.match(bad.error.message, /max_tokens/);
    }
    assert.ok(expired && !expired.ok);
    if (expired && !expired.ok) {
      assert.equal(expired.customId, 'line 1/3');
      assert.equal(expired.error.code, 'batch_expired');
    }
  });

  it('custom ids: valid ones unchanged, others encoded and decoded, too long refused', () => {
    assert.equal(anthropic.toCustomId('my-first_request-1'), 'my-first_request-1');
    for (const id of ['line 1/3', 'm64_looks-encoded', 'é', 'x'.repeat(45)]) {
      const wire = anthropic.toCustomId(id);
      assert.match(wire, /^[a-zA-Z0-9_-]{1,64}$/);
      assert.equal(anthropic.fromCustomId(wire), id);
    }
    assert.throws(() => anthropic.toCustomId('/'.repeat(46)), /custom_id/);
  });

  it('params are the chat adapter body without streaming', () => {
    const params = anthropic.batchParams(
      { model: 'x', messages: [{ role: 'user', content: 'Hi' }], stream: true, max_tokens: 10 },
      t,
    );
    assert.deepEqual(params, {
      model: 'claude-sonnet-4-5',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'Hi' }],
    });
  });
});

describe('Gemini batch formats', () => {
  const t = target('gemini-2.5-flash', 'https://generativelanguage.googleapis.com');

  it('reads operations: pending, succeeded with batch stats (int64 as strings)', () => {
    assert.deepEqual(gemini.stateOf(json('gemini-batch-create-operation.json')), {
      status: 'in_progress',
      counts: { total: 2, succeeded: 0, failed: 0 },
    });
    assert.deepEqual(gemini.stateOf(json('gemini-batch-done-operation.json')), {
      status: 'completed',
      counts: { total: 2, succeeded: 1, failed: 1 },
    });
  });

  it('reads inlined responses: an answer with usage, an error by google.rpc code', () => {
    const op = json('gemini-batch-done-operation.json');
    const rows = ((op.response as Record<string, unknown>).inlinedResponses as Record<string, unknown>)
      .inlinedResponses as Array<Record<string, unknown>>;
    const [ok, bad] = rows.map((r) => gemini.resultLine(r, t, undefined));
    assert.ok(ok?.ok);
    if (ok?.ok) {
      assert.equal(ok.customId, 'joke');
      assert.match(ok.response.choices[0]?.message.content ?? '', /scarecrow/);
      assert.equal(ok.usage?.inputTokens, 8);
      assert.equal(ok.usage?.outputTokens, 15);
      assert.equal(ok.usage?.kind, 'batch');
    }
    assert.ok(bad && !bad.ok);
    if (bad && !bad.ok) {
      assert.equal(bad.customId, 'sky');
      assert.equal(bad.error.status, 400);
      assert.equal(bad.error.kind, 'invalid_request_error');
    }
  });
});
