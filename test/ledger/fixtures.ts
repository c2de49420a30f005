// Test helpers: deterministic ledger records and a repo-root locator (works from test/ under tsx and dist/test/).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LedgerRecord } from '../../src/ledger/record.js';
import { makeUsage } from '../../src/meter/index.js';

/** The directory holding package.json above this file. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above test file');
    dir = up;
  }
  return dir;
}

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-5', 'gemini-2.5-pro'];
const PROVIDERS: Record<string, string> = {
  'gpt-4o': 'openai',
  'gpt-4o-mini': 'openai',
  'claude-sonnet-4-5': 'anthropic',
  'gemini-2.5-pro': 'google',
};

/** A record with every field filled; `over` replaces fields. */
export function makeRecord(i: number, over: Partial<LedgerRecord> = {}): LedgerRecord {
  return {
    id: `req-${i}`,
    ts: Date.UTC(2026, 10, 1) + i * 1000,
    keyId: 'key-a',
    tenant: 'acme',
    endpoint: 'chat.completions',
    requestedModel: 'gpt-4o',
    servedModel: 'gpt-4o',
    provider: 'openai',
    status: 200,
    errorCode: null,
    streamed: true,
    usage: makeUsage({
      inputTokens: 1200,
      cacheReadTokens: 200,
      cacheWrite5mTokens: 100,
      cacheWrite1hTokens: 50,
      outputTokens: 300,
      reasoningTokens: 40,
      kind: 'batch',
      source: 'estimated',
    }),
    costUsd: {
      input: 0.00213,
      cachedInput: 0.00025,
      cacheWrite: 0.0004,
      output: 0.0026,
      reasoning: 0.0004,
      total: 0.00578,
    },
    energyWh: 0.31,
    co2eG: 0.145,
    cache: 'miss',
    savedUsd: 0,
    savedEnergyWh: 0,
    savedCo2eG: 0,
    route: '{"policy":"fixed"}',
    latencyMs: 812.5,
    ttftMs: 120.25,
    clientAborted: false,
    ...over,
  };
}

/** `n` varied records spread over `spanMs` from `start` (models, keys, statuses, cache states, nulls). */
export function randomRecords(n: number, seed: number, start: number, spanMs: number): LedgerRecord[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out: LedgerRecord[] = [];
  for (let i = 0; i < n; i++) {
    const model = pick(MODELS);
    const status = pick([200, 200, 200, 200, 429, 500, 400]);
    const cache = pick(['miss', 'miss', 'exact', 'semantic', 'bypass'] as const);
    const input = Math.floor(r() * 5000);
    const output = Math.floor(r() * 800);
    const cost = Math.round(r() * 1e6) / 1e8;
    out.push(
      makeRecord(i, {
        id: `s${seed}-${i}`,
        ts: start + Math.floor(r() * spanMs),
        keyId: pick(['key-a', 'key-b', null]),
        tenant: pick(['acme', 'globex', null]),
        endpoint: pick(['chat.completions', 'messages', 'embeddings'] as const),
        requestedModel: model,
        servedModel: r() < 0.1 ? null : model,
        provider: r() < 0.05 ? null : PROVIDERS[model]!,
        status,
        errorCode: status >= 400 ? 'MARGIN_ERR_UPSTREAM_BAD_RESPONSE' : null,
        usage: makeUsage({
          inputTokens: input,
          cacheReadTokens: Math.floor(input / 4),
          outputTokens: output,
          reasoningTokens: Math.floor(output / 10),
          source: r() < 0.1 ? 'estimated' : 'reported',
        }),
        costUsd: { input: cost, cachedInput: 0, cacheWrite: 0, output: cost, reasoning: 0, total: 2 * cost },
        energyWh: Math.round(r() * 1000) / 1000,
        co2eG: Math.round(r() * 500) / 1000,
        cache,
        savedUsd: cache === 'exact' || cache === 'semantic' ? cost : 0,
        latencyMs: Math.round(r() * 200000) / 100,
        ttftMs: r() < 0.2 ? null : Math.round(r() * 50000) / 100,
      }),
    );
  }
  return out;
}
