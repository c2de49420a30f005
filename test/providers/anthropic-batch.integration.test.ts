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

// The Anthropic batch adapter end to end against the emulator's Message Batches API.
const adapter = batchAdapterFor('anthropic') as ProviderBatchAdapter;

const lines = (n: number): ProviderBatchLineIn[] =>
  Array.from({ length: n }, (_, i) => ({
    customId: `line ${i}/${n}`,
    request: {
      model: 'client-name',
      messages: [{ role: 'user', content: `Question ${i}` }],
      max_tokens: 10,
      stream: true,
    },
  }));

async function run(options: EmulatorOptions, fn: (t: UpstreamTarget) => Promise<void>): Promise<void> {
  const emu = await startEmulator({ port: 0, seed: 6, batchTimeScale: 1e-5, ...options });
  try {
    await fn({
      baseUrl: emu.url.replace(/\/v1$/, ''),
      apiKey: 'k',
      upstreamModel: 'claude-sonnet-4-5',
      headers: {},
    });
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

describe('Anthropic batch adapter against the emulator', () => {
  it('submit → poll → results with caller ids restored and batch-tier usage', async () => {
    await run({}, async (t) => {
      const { providerBatchId } = await adapter.submit(lines(4), t);
      assert.match(providerBatchId, /^msgbatch_/);
      assert.deepEqual(await settle(providerBatchId, t), {
        status: 'completed',
        counts: { total: 4, succeeded: 4, failed: 0 },
      });
      const out = await adapter.results(providerBatchId, t);
      assert.deepEqual(
        out.map((l) => l.customId),
        lines(4).map((l) => l.customId),
      );
      for (const l of out) {
        assert.ok(l.ok);
        if (!l.ok) continue;
        assert.equal(l.response.model, 'claude-sonnet-4-5');
        assert.equal(l.usage?.kind, 'batch');
        assert.ok((l.usage?.outputTokens ?? 0) > 0);
      }
    });
  });

  it('partial failures and unknown models come back per line', async () => {
    await run({ faults: { batchLineErrorRate: 0.5, errorStatus: [529] } }, async (t) => {
      const { providerBatchId } = await adapter.submit(lines(20), t);
      const state = await settle(providerBatchId, t);
      const out = await adapter.results(providerBatchId, t);
      const failed = out.filter((l) => !l.ok);
      assert.equal(failed.length, state.counts.failed);
      assert.ok(failed.length > 0 && failed.length < 20);
      for (const l of failed) if (!l.ok) assert.equal(l.error.kind, 'overloaded_error');
    });
    await run({}, async (t) => {
      const target = { ...t, upstreamModel: 'no-such-claude' };
      const { providerBatchId } = await adapter.submit(lines(1), target);
      await settle(providerBatchId, target);
      const [l] = await adapter.results(providerBatchId, target);
      assert.ok(l && !l.ok);
      if (l && !l.ok) assert.deepEqual([l.error.status, l.error.kind], [404, 'not_found_error']);
    });
  });

  it('cancel and expiry', async () => {
    await run({ batchTimeScale: 0.01 }, async (t) => {
      const { providerBatchId } = await adapter.submit(lines(2), t);
      await adapter.cancel(providerBatchId, t);
      assert.equal((await settle(providerBatchId, t)).status, 'cancelled');
      const out = await adapter.results(providerBatchId, t);
      assert.deepEqual(
        out.map((l) => !l.ok && l.error.code),
        ['batch_cancelled', 'batch_cancelled'],
      );
      await adapter.cancel(providerBatchId, t);
    });
    await run({ faults: { batchExpireRate: 1 } }, async (t) => {
      const { providerBatchId } = await adapter.submit(lines(4), t);
      assert.equal((await settle(providerBatchId, t)).status, 'expired');
      const out = await adapter.results(providerBatchId, t);
      assert.deepEqual(
        out.map((l) => (l.ok ? 'ok' : l.error.code)),
        ['ok', 'ok', 'batch_expired', 'batch_expired'],
      );
    });
  });

  it('results before the batch ends is an error', async () => {
    await run({ batchTimeScale: 0.01 }, async (t) => {
      const { providerBatchId } = await adapter.submit(lines(1), t);
      await assert.rejects(adapter.results(providerBatchId, t), /no results yet/);
    });
  });
});
