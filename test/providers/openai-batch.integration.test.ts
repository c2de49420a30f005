import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type EmulatorOptions, startEmulator } from '../../src/emulator/index.js';
import { batchAdapterFor } from '../../src/providers/batch-registry.js';
import type {
  ProviderBatchAdapter,
  ProviderBatchLineIn,
  ProviderBatchState,
} from '../../src/providers/batch-types.js';
import type { UpstreamTarget } from '../../src/providers/types.js';

// The OpenAI batch adapter end to end against the emulator's Files + Batch API.
const adapter = batchAdapterFor('openai-compatible') as ProviderBatchAdapter;

const lines = (n: number, model?: string): ProviderBatchLineIn[] =>
  Array.from({ length: n }, (_, i) => ({
    customId: `line ${i}/${n}`,
    request: {
      model: 'client-name',
      messages: [{ role: 'user', content: `Question number ${i}` }],
      max_tokens: 10,
      stream: true,
      stream_options: { include_usage: true },
      ...(model ? { model } : {}),
    },
  }));

async function run(options: EmulatorOptions, fn: (t: UpstreamTarget) => Promise<void>): Promise<void> {
  const emu = await startEmulator({ port: 0, seed: 5, batchTimeScale: 1e-5, ...options });
  try {
    await fn({ baseUrl: emu.url, apiKey: 'k', upstreamModel: 'gpt-4o-mini', headers: {} });
  } finally {
    await emu.close();
  }
}

async function settle(id: string, t: UpstreamTarget): Promise<ProviderBatchState> {
  for (let i = 0; i < 3000; i++) {
    const s = await adapter.poll(id, t);
    if (s.status !== 'in_progress') return s;
    await sleep(10);
  }
  throw new Error('batch never ended');
}

describe('OpenAI batch adapter against the emulator', () => {
  it('submit → poll → results: every line once, in order, with batch-tier usage', async () => {
    await run({}, async (t) => {
      const { providerBatchId } = await adapter.submit(lines(5), t);
      assert.match(providerBatchId, /^batch_/);
      const state = await settle(providerBatchId, t);
      assert.deepEqual(state, { status: 'completed', counts: { total: 5, succeeded: 5, failed: 0 } });
      const out = await adapter.results(providerBatchId, t);
      assert.deepEqual(
        out.map((l) => l.customId),
        lines(5).map((l) => l.customId),
      );
      for (const l of out) {
        assert.ok(l.ok);
        if (!l.ok) continue;
        assert.equal(l.response.model, 'gpt-4o-mini');
        assert.ok((l.response.choices[0]?.message.content ?? '').length > 0);
        assert.equal(l.usage?.kind, 'batch');
        assert.ok((l.usage?.outputTokens ?? 0) > 0 && (l.usage?.inputTokens ?? 0) > 0);
      }
    });
  });

  it('partial failures come back line by line with the provider error', async () => {
    await run({ faults: { batchLineErrorRate: 0.5, errorStatus: [503] } }, async (t) => {
      const { providerBatchId } = await adapter.submit(lines(30), t);
      const state = await settle(providerBatchId, t);
      assert.equal(state.status, 'completed');
      const out = await adapter.results(providerBatchId, t);
      assert.equal(out.length, 30);
      const failed = out.filter((l) => !l.ok);
      assert.equal(failed.length, state.counts.failed);
      assert.ok(failed.length > 0 && failed.length < 30);
      for (const l of failed) if (!l.ok) assert.equal(l.error.status, 503);
    });
  });

  it('an unknown model fails each line with model_not_found', async () => {
    await run({}, async (t) => {
      const target = { ...t, upstreamModel: 'no-such-model' };
      const { providerBatchId } = await adapter.submit(lines(2), target);
      await settle(providerBatchId, target);
      const out = await adapter.results(providerBatchId, target);
      assert.deepEqual(
        out.map((l) => !l.ok && [l.error.status, l.error.code, l.error.kind]),
        [
          [404, 'model_not_found', 'not_found_error'],
          [404, 'model_not_found', 'not_found_error'],
        ],
      );
    });
  });

  it('cancel: the batch ends cancelled and every line is reported cancelled', async () => {
    await run({ batchTimeScale: 0.01 }, async (t) => {
      const { providerBatchId } = await adapter.submit(lines(3), t);
      await adapter.cancel(providerBatchId, t);
      const state = await settle(providerBatchId, t);
      assert.equal(state.status, 'cancelled');
      const out = await adapter.results(providerBatchId, t);
      assert.deepEqual(
        out.map((l) => !l.ok && l.error.code),
        ['batch_cancelled', 'batch_cancelled', 'batch_cancelled'],
      );
      await adapter.cancel(providerBatchId, t); // cancelling an ended batch is not an error
    });
  });

  it('expiry: finished lines succeed, the rest come back as batch_expired', async () => {
    await run({ faults: { batchExpireRate: 1 } }, async (t) => {
      const { providerBatchId } = await adapter.submit(lines(4), t);
      const state = await settle(providerBatchId, t);
      assert.equal(state.status, 'expired');
      const out = await adapter.results(providerBatchId, t);
      assert.deepEqual(
        out.map((l) => (l.ok ? 'ok' : l.error.code)),
        ['ok', 'ok', 'batch_expired', 'batch_expired'],
      );
    });
  });

  it('a failed batch fails every line with the validation error', async () => {
    await run({ faults: { batchFailRate: 1 } }, async (t) => {
      const { providerBatchId } = await adapter.submit(lines(2), t);
      assert.equal((await settle(providerBatchId, t)).status, 'failed');
      const out = await adapter.results(providerBatchId, t);
      assert.deepEqual(
        out.map((l) => !l.ok && [l.customId, l.error.code]),
        [
          ['line 0/2', 'batch_failed'],
          ['line 1/2', 'batch_failed'],
        ],
      );
    });
  });

  it('an unknown batch id is a MarginError naming the upstream answer', async () => {
    await run({}, async (t) => {
      await assert.rejects(adapter.poll('batch_nope', t), /404/);
    });
  });
});
