// Advise on fabricated records with answers worked out by hand from the catalog's prices.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adviseInput, rank } from '../../src/advise/index.js';
import { monthly } from '../../src/advise/stats.js';
import type { AdviseInput } from '../../src/advise/types.js';
import { loadCatalog } from '../../src/catalog/index.js';
import type { LedgerRecord } from '../../src/ledger/record.js';
import { call, flat, longOutputs, repeatedPrefix } from './fixtures.js';

const catalog = loadCatalog();

function input(records: LedgerRecord[], spanDays = 1): AdviseInput {
  return { catalog, records, feedback: [], spanDays, requestsPerDay: records.length / spanDays, seed: 7 };
}

describe('advise: prompt caching', () => {
  it('finds a prefix repeated 1,000 times and prices it by hand from the catalog', () => {
    const p = catalog.price('gpt-4o');
    // The hand calculation below assumes these catalog prices (update both together).
    assert.deepEqual([p.price.input, p.price.cachedInput, p.price.cacheWrite5m], [2.5, 1.25, undefined]);
    const actions = rank(adviseInput(input(repeatedPrefix())));
    const a = actions.find((x) => x.id === 'prompt-caching:gpt-4o');
    assert.ok(a, JSON.stringify(actions.map((x) => x.id)));
    // 999 reads of a 2,048-token prefix at (2.50 − 1.25) $/M; the first call writes it at the input price
    // (OpenAI lists no write premium): 999 × 2048 × 1.25e-6 = $2.55744 a day → × 30.44 a month.
    const perDay = (999 * 2048 * 1.25) / 1e6;
    assert.ok(Math.abs(a.usdPerMonth - perDay * 30.44) < 1e-9, `${a.usdPerMonth}`);
    assert.ok(a.usdPerMonthLow <= a.usdPerMonth && a.usdPerMonth <= a.usdPerMonthHigh);
    assert.equal(a.rank, 1);
    assert.match(a.explain.join('\n'), /999 calls would read the prefix, 1 would write it/);
    assert.match(a.explain.join('\n'), /most repeated 1,000 times/);
  });

  it('charges Anthropic cache writes when the cache has gone cold', () => {
    // Pairs of claude calls 1 minute apart, pairs 10 minutes apart: each pair = one write (1.25× input) + one read.
    const recs = Array.from({ length: 200 }, (_, i) =>
      call(
        i,
        'claude-sonnet-4-5',
        { inputTokens: 5000, outputTokens: 50 },
        {
          ts: Date.UTC(2026, 10, 2) + Math.floor(i / 2) * 600_000 + (i % 2) * 60_000,
          prefixHashes: ['c1', 'c2', 'c3'],
        },
      ),
    );
    const a = rank(adviseInput(input(recs))).find((x) => x.id === 'prompt-caching:claude-sonnet-4-5');
    assert.ok(a);
    // write: 4096 × (3 − 3.75) $/M = −$0.003072; read: 4096 × (3 − 0.3) $/M = $0.0110592.
    const perDay = (100 * (4096 * (3 - 3.75) + 4096 * (3 - 0.3))) / 1e6;
    assert.ok(Math.abs(a.usdPerMonth - perDay * 30.44) < 1e-9, `${a.usdPerMonth} vs ${perDay * 30.44}`);
  });

  it('leaves alone prefixes below the smallest cacheable length and calls that already use the cache', () => {
    const short = Array.from({ length: 300 }, (_, i) =>
      call(i, 'gpt-4o', { inputTokens: 900, outputTokens: 100 }, { prefixHashes: ['s1'] }),
    );
    const cached = Array.from({ length: 300 }, (_, i) =>
      call(
        i,
        'gpt-4o',
        { inputTokens: 3000, cacheReadTokens: 2048, outputTokens: 100 },
        { prefixHashes: ['k1', 'k2'] },
      ),
    );
    assert.deepEqual(
      adviseInput(input([...short, ...cached])).map((f) => f.id),
      [],
    );
  });
});

describe('advise: output caps', () => {
  it('caps long answers at the p95 and prices the tokens above it', () => {
    const a = rank(adviseInput(input(longOutputs()))).find((x) => x.id === 'output-cap:gpt-4o');
    assert.ok(a);
    // p95 of 94×100, 1×1000, 5×10000 = 1000 + 0.05 × 9000 = 1450; five answers lose 8,550 tokens each at $10/M.
    assert.match(a.title, /at 1,450 tokens/);
    const perDay = (5 * (10_000 - 1450) * 10) / 1e6;
    assert.ok(Math.abs(a.usdPerMonth - perDay * 30.44) < 1e-9, `${a.usdPerMonth}`);
    assert.notEqual(a.confidence, 'high');
    assert.match(a.explain.join('\n'), /quality risk/);
  });
});

describe('advise: a flat ledger', () => {
  it('gives no action when prefixes never repeat and answers are even', () => {
    assert.deepEqual(adviseInput(input(flat())), []);
  });
});

describe('advise: monthly estimate', () => {
  it('scales by the span and widens the interval on few requests', () => {
    const few = monthly([1, 2, 3], 1, 1);
    assert.equal(few.usdPerMonth, 6 * 30.44);
    assert.ok(few.usdPerMonthLow < few.usdPerMonth && few.usdPerMonthHigh > few.usdPerMonth);
    assert.equal(few.confidence, 'low');
    const many = monthly(Array<number>(5000).fill(0.01), 30, 1);
    assert.equal(many.confidence, 'high');
    assert.ok(Math.abs(many.usdPerMonth - 50 * (30.44 / 30)) < 1e-9);
  });
});
