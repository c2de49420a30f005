// A week of believable gateway traffic for the dashboard's browser test and `npm run screenshots`: several
// models and tenants, a daily rhythm with today busiest, exact/semantic cache hits, prompt-cache reads,
// routed and batch requests, upstream errors, requests refused before routing and requests that failed
// before their body was parsed.
// Every dollar, watt-hour and gram comes from the real meter and catalog.
import { defaultCatalog } from '../../src/catalog/index.js';
import type { LedgerRecord } from '../../src/ledger/record.js';
import { makeUsage, meter } from '../../src/meter/index.js';
import { makeRecord, rng } from '../ledger/fixtures.js';

const MODELS = [
  { id: 'gpt-4o', provider: 'openai', weight: 2 },
  { id: 'gpt-4o-mini', provider: 'openai', weight: 5 },
  { id: 'claude-sonnet-4-5', provider: 'anthropic', weight: 2 },
  { id: 'claude-haiku-4-5', provider: 'anthropic', weight: 2 },
  { id: 'gemini-2.5-flash', provider: 'google', weight: 1 },
] as const;
const TENANTS = [
  ['acme', 'key-acme-prod'],
  ['acme', 'key-acme-dev'],
  ['globex', 'key-globex'],
  ['initech', 'key-initech'],
] as const;

/** `n` records over the 7 days before `now` (deterministic for a given seed and `now`). */
export function demoRecords(now: number, n = 3000, seed = 7): LedgerRecord[] {
  const r = rng(seed);
  const catalog = defaultCatalog();
  const pickModel = () => {
    const total = MODELS.reduce((a, m) => a + m.weight, 0);
    let x = r() * total;
    for (const m of MODELS) {
      x -= m.weight;
      if (x < 0) return m;
    }
    return MODELS[0];
  };
  const out: LedgerRecord[] = [];
  for (let i = 0; i < n; i++) {
    // Busier by day (more traffic in UTC working hours) and growing through the week.
    let ts = now - 1;
    for (let tries = 0; tries < 20; tries++) {
      const age = r() * 7 * 86_400_000;
      ts = now - age;
      const hour = new Date(ts).getUTCHours();
      const keep = (0.25 + 0.75 * Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI))) * (1 - age / 1.2e9);
      if (r() < keep) break;
    }
    const m = pickModel();
    const [tenant, keyId] = TENANTS[Math.floor(r() * TENANTS.length)]!;
    const roll = r();
    const input = 200 + Math.floor(r() * 3000);
    const output = 20 + Math.floor(r() * 600);
    const common = { id: `demo-${i}`, ts: Math.floor(ts), tenant, keyId, latencyMs: 150 + r() * 2500 };
    if (roll >= 0.01 && roll < 0.02) {
      // Refused before routing (rate limit): the model asked for is known, nothing served it.
      out.push(
        makeRecord(i, {
          ...common,
          requestedModel: m.id,
          servedModel: null,
          provider: null,
          status: 429,
          errorCode: 'MARGIN_ERR_RATE_LIMITED',
          usage: makeUsage(),
          costUsd: { input: 0, cachedInput: 0, cacheWrite: 0, output: 0, reasoning: 0, total: 0 },
          energyWh: 0,
          co2eG: 0,
          route: null,
          ttftMs: null,
          latencyMs: 0.3 + r(),
        }),
      );
      continue;
    }
    if (roll < 0.01) {
      // Rejected before the body could be read (bad JSON): no model known.
      out.push(
        makeRecord(i, {
          ...common,
          requestedModel: '',
          servedModel: null,
          provider: null,
          status: 400,
          errorCode: 'MARGIN_ERR_BAD_JSON',
          usage: makeUsage(),
          costUsd: { input: 0, cachedInput: 0, cacheWrite: 0, output: 0, reasoning: 0, total: 0 },
          energyWh: 0,
          co2eG: 0,
          route: null,
          ttftMs: null,
          latencyMs: 0.4 + r(),
        }),
      );
      continue;
    }
    if (roll < 0.06) {
      out.push(
        makeRecord(i, {
          ...common,
          requestedModel: m.id,
          servedModel: m.id,
          provider: m.provider,
          status: r() < 0.5 ? 429 : 502,
          errorCode: 'MARGIN_ERR_UPSTREAM_BAD_RESPONSE',
          usage: makeUsage(),
          costUsd: { input: 0, cachedInput: 0, cacheWrite: 0, output: 0, reasoning: 0, total: 0 },
          energyWh: 0,
          co2eG: 0,
          route: null,
          ttftMs: null,
        }),
      );
      continue;
    }
    const routed = m.id === 'gpt-4o-mini' && r() < 0.4;
    const batch = roll > 0.95;
    const cached = r() < 0.35 ? Math.floor(input * 0.6) : 0;
    const usage = makeUsage({
      inputTokens: input,
      cacheReadTokens: cached,
      outputTokens: output,
      kind: batch ? 'batch' : 'sync',
    });
    const label = meter(m.id, usage, { catalog });
    const hit = roll < 0.12 ? 'exact' : roll < 0.15 ? 'semantic' : 'miss';
    out.push(
      makeRecord(i, {
        ...common,
        requestedModel: routed ? 'gpt-4o' : m.id,
        servedModel: m.id,
        provider: m.provider,
        endpoint: m.provider === 'anthropic' ? 'messages' : 'chat.completions',
        usage,
        costUsd: hit === 'miss' ? label.costUsd : { ...label.costUsd, total: 0 },
        energyWh: hit === 'miss' ? label.energyWh : 0,
        co2eG: hit === 'miss' ? label.co2eG : 0,
        cache: hit,
        savedUsd: hit === 'miss' ? 0 : label.costUsd.total,
        savedEnergyWh: hit === 'miss' ? 0 : label.energyWh,
        savedCo2eG: hit === 'miss' ? 0 : label.co2eG,
        route: routed ? JSON.stringify({ policy: 'learned', model: m.id, reason: 'easy prompt' }) : null,
        ttftMs: hit === 'miss' ? 80 + r() * 600 : 0.3,
        latencyMs: hit === 'miss' ? common.latencyMs : 0.2 + r() * 2,
      }),
    );
  }
  return out;
}
