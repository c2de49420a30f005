// Ledger completeness: every request, success or error, becomes exactly one record, also under concurrency
// and with the real SQLite ledger opened by the gateway itself.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseConfig, upstreamConfig } from '../../src/config/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { startGateway } from '../../src/gateway/index.js';
import { openStore } from '../../src/ledger/index.js';
import { testGateway } from './helpers/gateway.js';
import { until } from './helpers/memory-ledger.js';

let emu: RunningEmulator;
before(async () => {
  emu = await startEmulator({ port: 0, fast: true });
});
after(async () => {
  await emu.close();
});

const body = (i: number) =>
  JSON.stringify({
    model: i % 5 === 4 ? '' : 'gpt-4o',
    messages: [{ role: 'user', content: `request ${i}` }],
    max_tokens: 4,
    stream: i % 2 === 0,
  });

async function fire(url: string, n: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const r = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body(i),
      });
      await r.text();
      return r.status;
    }),
  );
}

describe('ledger completeness', () => {
  it('200 concurrent requests (streams, JSON, errors) → exactly 200 distinct records', async () => {
    const t = await testGateway(emu.url);
    try {
      const statuses = await fire(t.gw.url, 200);
      await until(() => t.ledger.records.length >= 200, '200 records');
      await t.gw.close();
      assert.equal(t.ledger.records.length, 200);
      assert.equal(new Set(t.ledger.records.map((r) => r.id)).size, 200);
      assert.equal(statuses.filter((s) => s === 400).length, 40);
      assert.equal(t.ledger.records.filter((r) => r.status === 400).length, 40);
      assert.equal(t.ledger.records.filter((r) => r.status === 200 && r.usage.outputTokens > 0).length, 160);
    } finally {
      await t.gw.close();
    }
  });

  it('the real SQLite ledger holds every record after close()', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-gw-ledger-'));
    const url = `sqlite:${join(dir, 'ledger.db')}`;
    try {
      const gw = await startGateway({
        config: upstreamConfig(parseConfig({ ledger: { url, flushIntervalMs: 50, batchSize: 64 } }), emu.url),
        port: 0,
        env: {},
        log: () => {},
      });
      await fire(gw.url, 200);
      await gw.close();
      const store = await openStore(url, false);
      try {
        assert.equal(await store.countRaw({ from: 0, to: Date.now() + 60_000 }), 200);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
