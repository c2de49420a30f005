import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/index.js';
import type { LedgerRecord } from '../../src/ledger/record.js';
import { makeUsage, type Usage } from '../../src/meter/index.js';
import { leverSavings } from '../../src/report/savings.js';

const catalog = loadCatalog({
  prices: [
    {
      id: 'strong',
      provider: 't',
      price: { input: 10, output: 30, cachedInput: 1, cacheWrite5m: 12.5 },
      contextWindow: 1e6,
      source: 'test',
      asOf: '2026-11',
    },
    {
      id: 'half-off',
      provider: 't',
      price: { input: 2, output: 8 },
      batch: { input: 1, output: 4 },
      contextWindow: 1e6,
      source: 'test',
      asOf: '2026-11',
    },
    {
      id: 'weak',
      provider: 't',
      price: { input: 1, output: 2 },
      contextWindow: 1e6,
      source: 'test',
      asOf: '2026-11',
    },
  ],
});

let n = 0;
function rec(p: Partial<LedgerRecord> & { usage: Usage; cost: number }): LedgerRecord {
  const zero = { input: 0, cachedInput: 0, cacheWrite: 0, output: 0, reasoning: 0, total: p.cost };
  return {
    id: `r${n++}`,
    ts: 0,
    keyId: null,
    tenant: null,
    endpoint: 'chat.completions',
    requestedModel: 'strong',
    servedModel: 'strong',
    provider: 't',
    status: 200,
    errorCode: null,
    streamed: false,
    costUsd: zero,
    energyWh: 0,
    co2eG: 0,
    cache: 'miss',
    savedUsd: 0,
    savedEnergyWh: 0,
    savedCo2eG: 0,
    route: null,
    latencyMs: 1,
    ttftMs: 1,
    clientAborted: false,
    ...p,
  };
}

describe('lever savings', () => {
  it('adds up cache hits, prompt-cache net savings and routing against a baseline', () => {
    const M = 1_000_000;
    const records = [
      rec({ usage: makeUsage({ inputTokens: M, outputTokens: 0 }), cost: 0, cache: 'exact', savedUsd: 10 }),
      rec({
        usage: makeUsage({ inputTokens: M, outputTokens: 0 }),
        cost: 0,
        cache: 'semantic',
        savedUsd: 10,
      }),
      // 1M input of which 0.8M cache read ($0.8) and 0.1M write ($1.25) + 0.1M plain ($1) = $3.05 vs $10 uncached.
      rec({
        usage: makeUsage({ inputTokens: M, cacheReadTokens: 800_000, cacheWrite5mTokens: 100_000 }),
        cost: 3.05,
      }),
      // Routed to weak: $1 + $2 vs strong $10 + $30.
      rec({
        usage: makeUsage({ inputTokens: M, outputTokens: M }),
        cost: 3,
        servedModel: 'weak',
        route: '{"policy":"learned"}',
      }),
      rec({ usage: makeUsage({ inputTokens: 10 }), cost: 0, status: 502, servedModel: null }),
    ];
    const r = leverSavings(records, catalog, 'strong');
    const by = Object.fromEntries(r.levers.map((l) => [l.lever, l]));
    assert.equal(by['exact cache']!.savedUsd, 10);
    assert.equal(by['semantic cache']!.savedUsd, 10);
    assert.ok(Math.abs(by['prompt caching']!.savedUsd - 6.95) < 1e-9);
    assert.ok(Math.abs(by.routing!.savedUsd - 37) < 1e-9);
    assert.ok(Math.abs(r.actualUsd - 6.05) < 1e-9);
    assert.ok(Math.abs(r.withoutAnyUsd - (6.05 + 10 + 10 + 6.95 + 37)) < 1e-9);
  });

  it('reports negative prompt-caching savings when writes are never read', () => {
    const r = leverSavings(
      [rec({ usage: makeUsage({ inputTokens: 1_000_000, cacheWrite5mTokens: 1_000_000 }), cost: 12.5 })],
      catalog,
    );
    assert.ok(Math.abs(r.levers.find((l) => l.lever === 'prompt caching')!.savedUsd - -2.5) < 1e-9);
  });

  it('prices batch requests at the standard tier for the batch lever', () => {
    const M = 1_000_000;
    const r = leverSavings(
      [
        rec({
          usage: makeUsage({ inputTokens: M, outputTokens: M, kind: 'batch' }),
          cost: 5,
          requestedModel: 'half-off',
          servedModel: 'half-off',
        }),
        rec({ usage: makeUsage({ inputTokens: M }), cost: 10 }),
      ],
      catalog,
    );
    const batch = r.levers.find((l) => l.lever === 'batch')!;
    assert.equal(batch.requests, 1);
    assert.ok(Math.abs(batch.savedUsd - 5) < 1e-9, `batch saved ${batch.savedUsd}`);
  });

  it('takes the routing baseline per record when given a function (the model each client asked for)', () => {
    const M = 1_000_000;
    const routed = (requestedModel: string) =>
      rec({
        usage: makeUsage({ inputTokens: M, outputTokens: M }),
        cost: 3,
        requestedModel,
        servedModel: 'weak',
        route: '{"policy":"cascade"}',
      });
    const r = leverSavings(
      [routed('strong'), routed('half-off'), routed('no-such-model')],
      catalog,
      (x) => x.requestedModel,
    );
    const routing = r.levers.find((l) => l.lever === 'routing')!;
    // strong $40 − weak $3, half-off $10 − $3; an unpriced baseline is left out.
    assert.equal(routing.requests, 2);
    assert.ok(Math.abs(routing.savedUsd - 44) < 1e-9, `routing saved ${routing.savedUsd}`);
  });
});
