import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/index.js';
import { openLedger } from '../../src/ledger/index.js';
import type { LedgerRecord } from '../../src/ledger/record.js';
import { makeUsage } from '../../src/meter/index.js';
import { ledgerToWorkload } from '../../src/planner/workload/from-ledger.js';
import { captureIO } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'margin-ledger-'));
const db = join(dir, 'margin.db');
const DAY = 86_400_000;
// Monday 2026-11-02 00:00 UTC.
const T0 = Date.UTC(2026, 10, 2);

function record(i: number, ts: number, over: Partial<LedgerRecord> = {}): LedgerRecord {
  const input = 1000 + (i % 4) * 500; // 1000, 1500, 2000, 2500
  return {
    id: `r${i}`,
    ts,
    keyId: null,
    tenant: null,
    endpoint: 'chat.completions',
    requestedModel: 'gpt-4o',
    servedModel: 'gpt-4o',
    provider: 'openai',
    status: 200,
    errorCode: null,
    streamed: false,
    usage: makeUsage({
      inputTokens: input,
      cacheReadTokens: input / 4,
      cacheWrite5mTokens: input / 10,
      outputTokens: 200,
    }),
    costUsd: { input: 0, cachedInput: 0, cacheWrite: 0, output: 0, reasoning: 0, total: 0 },
    energyWh: 0,
    co2eG: 0,
    cache: 'miss',
    savedUsd: 0,
    savedEnergyWh: 0,
    savedCo2eG: 0,
    route: null,
    latencyMs: 100,
    ttftMs: 50,
    clientAborted: false,
    ...over,
  };
}

before(async () => {
  const ledger = await openLedger({ url: `sqlite:${db}`, onError: () => {} });
  let i = 0;
  // 14 days; 10 requests per hour from 12:00 to 23:00 UTC, 2 per hour at night; plus failures and cache hits.
  for (let d = 0; d < 14; d++) {
    for (let h = 0; h < 24; h++) {
      const n = h >= 12 ? 10 : 2;
      for (let k = 0; k < n; k++) ledger.append(record(i++, T0 + d * DAY + h * 3_600_000 + k * 1000));
    }
  }
  const ok = i;
  for (let k = 0; k < 20; k++) ledger.append(record(i++, T0 + 5 * DAY + k, { status: 500, errorCode: 'x' }));
  for (let k = 0; k < 30; k++) ledger.append(record(i++, T0 + 6 * DAY + k, { cache: 'exact' }));
  await ledger.close();
  assert.equal(ok, 14 * (12 * 10 + 12 * 2));
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('--from-ledger', () => {
  it('derives rate, day shape, tokens and cache shares from the last N days', async () => {
    const { patch, summary } = await ledgerToWorkload(db, { days: 14 });
    const requests = 14 * 144 + 30; // successful requests, cache hits included
    assert.equal(summary.requests, requests);
    assert.ok(
      Math.abs(summary.requestsPerDay - requests / 14) / (requests / 14) < 0.01,
      String(summary.requestsPerDay),
    );
    assert.equal(summary.meanInput, 1750);
    assert.equal(summary.meanOutput, 200);
    assert.ok(Math.abs(summary.prefixShare - 0.25) < 1e-9);
    assert.ok(Math.abs((summary.writeShare ?? 0) - 0.1) < 1e-9);
    assert.equal((patch['cache'] as { writeShare: number }).writeShare, summary.writeShare);
    assert.ok(Math.abs(summary.responseHitShare - 30 / (requests + 20)) < 1e-9);
    assert.deepEqual(Object.keys(summary.models), ['gpt-4o']);
    const t = patch['traffic'] as { hourly: number[]; weekly: number[] };
    assert.ok(Math.abs(t.hourly[15]! / t.hourly[3]! - 5) < 0.05);
    assert.equal(t.weekly.length, 7);
  });

  it('the last 2 days only', async () => {
    const { summary } = await ledgerToWorkload(db, { days: 2 });
    assert.equal(summary.requests, 2 * 144);
  });

  it('plans from the ledger through the CLI, and names a missing ledger', async () => {
    const io = captureIO();
    const code = await main(
      ['plan', '--from-ledger', db, '--days', '14', '--format', 'json', '--top', '3'],
      io,
    );
    assert.equal(code, 0, io.err);
    const doc = JSON.parse(io.out) as { notes: string[]; results: unknown[] };
    assert.ok(doc.notes.some((n) => /ledger: 2046 requests/.test(n)));
    const io2 = captureIO();
    assert.equal(await main(['plan', '--from-ledger', join(dir, 'none.db')], io2), 1);
    assert.match(io2.err, /no ledger file/);
  });
});
