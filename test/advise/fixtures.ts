// Fabricated ledger records for advise tests: successful calls with chosen usage and prefix fingerprints.
import { loadCatalog } from '../../src/catalog/index.js';
import type { LedgerRecord } from '../../src/ledger/record.js';
import { computeCost, makeUsage, type Usage } from '../../src/meter/index.js';

const catalog = loadCatalog();

export const T0 = Date.UTC(2026, 10, 2);

/** A successful streamed model call metered at the catalog's prices; `over` replaces fields. */
export function call(
  i: number,
  model: string,
  usage: Partial<Usage>,
  over: Partial<LedgerRecord> = {},
): LedgerRecord {
  const u = makeUsage(usage);
  const ts = over.ts ?? T0 + i * 60_000;
  return {
    id: `adv-${model}-${i}`,
    ts,
    keyId: 'key-a',
    tenant: 'acme',
    endpoint: 'chat.completions',
    requestedModel: model,
    servedModel: model,
    provider: 'openai',
    status: 200,
    errorCode: null,
    streamed: true,
    usage: u,
    costUsd: computeCost(catalog.price(model), u, ts).costUsd,
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

/** 1,000 gpt-4o calls a minute apart sharing one ~2k-token prefix (3,000 input, 100 output tokens each). */
export function repeatedPrefix(n = 1000): LedgerRecord[] {
  return Array.from({ length: n }, (_, i) =>
    call(
      i,
      'gpt-4o',
      { inputTokens: 3000, outputTokens: 100 },
      { prefixHashes: ['aaaaaaaaaaa1', 'aaaaaaaaaaa2'] },
    ),
  );
}

/** 100 gpt-4o calls: 94 answers of 100 tokens, one of 1,000 and five of 10,000 (p95 = 1,450). */
export function longOutputs(): LedgerRecord[] {
  const outs = [...Array<number>(94).fill(100), 1000, ...Array<number>(5).fill(10_000)];
  return outs.map((o, i) => call(i, 'gpt-4o', { inputTokens: 500, outputTokens: o }));
}

/** 500 gpt-4o-mini calls (about $28 a month) with distinct prefixes and even answers: nothing to advise. */
export function flat(): LedgerRecord[] {
  return Array.from({ length: 500 }, (_, i) =>
    call(
      i,
      'gpt-4o-mini',
      { inputTokens: 3000, outputTokens: 300 + (i % 7) },
      { prefixHashes: [`u${i}`.padEnd(12, 'x')] },
    ),
  );
}
