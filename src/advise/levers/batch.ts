// Deferrable traffic to batch pricing. Heuristic for "could wait hours": a successful, non-streamed call
// from an API key that never streamed in the window and made at least 20 calls (scripts and pipelines,
// not people watching tokens arrive), or a non-streamed call that ran 00:00–06:00 UTC. Saving per call =
// meter(usage) − meter(usage as kind batch), at the call's own time: the catalog's batch tier.
import type { LedgerRecord } from '../../ledger/index.js';
import { costOf, isModelCall, Prices, perM } from '../priced.js';
import { capConfidence, DAYS_PER_MONTH, monthly, usd } from '../stats.js';
import type { AdviseInput, Finding } from '../types.js';

const MIN_KEY_CALLS = 20;
const NIGHT_FROM_H = 0;
const NIGHT_TO_H = 6;

export function batch(input: AdviseInput): Finding[] {
  const prices = new Prices(input.catalog);
  // Keys that never stream (with enough calls to tell).
  const keyCalls = new Map<string, { n: number; streamed: number }>();
  for (const r of input.records) {
    if (r.keyId === null) continue;
    const k = keyCalls.get(r.keyId) ?? { n: 0, streamed: 0 };
    k.n++;
    if (r.streamed) k.streamed++;
    keyCalls.set(r.keyId, k);
  }
  const batchKeys = new Set<string>();
  for (const [k, v] of keyCalls) if (v.n >= MIN_KEY_CALLS && v.streamed === 0) batchKeys.add(k);
  const byModel = new Map<string, { recs: LedgerRecord[]; byKey: number; byNight: number }>();
  for (const r of input.records) {
    if (!isModelCall(r) || r.streamed || r.usage.kind !== 'sync') continue;
    const fromKey = r.keyId !== null && batchKeys.has(r.keyId);
    const h = new Date(r.ts).getUTCHours();
    const night = h >= NIGHT_FROM_H && h < NIGHT_TO_H;
    if (!fromKey && !night) continue;
    const p = prices.of(r.servedModel);
    if (!p?.batch) continue;
    const m = byModel.get(p.id) ?? { recs: [], byKey: 0, byNight: 0 };
    m.recs.push(r);
    if (fromKey) m.byKey++;
    else m.byNight++;
    byModel.set(p.id, m);
  }
  const out: Finding[] = [];
  for (const [model, m] of byModel) {
    const price = input.catalog.price(model);
    const b = price.batch!;
    const savings = m.recs.map(
      (r) => costOf(price, r.usage, r.ts) - costOf(price, { ...r.usage, kind: 'batch' }, r.ts),
    );
    const est = monthly(savings, input.spanDays, input.seed + 2);
    if (est.usdPerMonth <= 0) continue;
    const sample = savings.reduce((a, c) => a + c, 0);
    const keys = [...batchKeys].filter((k) => m.recs.some((r) => r.keyId === k));
    out.push({
      id: `batch:${model}`,
      title: `Send ${m.recs.length.toLocaleString('en-US')} deferrable ${model} calls through the batch API`,
      usdPerMonth: est.usdPerMonth,
      usdPerMonthLow: est.usdPerMonthLow,
      usdPerMonthHigh: est.usdPerMonthHigh,
      confidence: capConfidence(est.confidence, 'medium'),
      explain: [
        `deferrable = successful, not streamed, and either from an API key that made ≥ ${MIN_KEY_CALLS} calls and never streamed (a script or pipeline) or run ${String(NIGHT_FROM_H).padStart(2, '0')}:00–${String(NIGHT_TO_H).padStart(2, '0')}:00 UTC; a heuristic — check that these callers can wait up to 24 hours`,
        `${model}: ${m.byKey.toLocaleString('en-US')} calls from never-streaming keys${keys.length ? ` (${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''})` : ''} + ${m.byNight.toLocaleString('en-US')} night-time calls`,
        `catalog ${model} (${price.source}, ${price.asOf}): standard input ${perM(price.price.input)} / output ${perM(price.price.output)}; batch input ${perM(b.input)} / output ${perM(b.output)}`,
        `sample saving (each call metered at its standard tier and again as a batch call) = ${usd(sample)}`,
        `per month: ${usd(sample)} × ${DAYS_PER_MONTH} / ${input.spanDays.toPrecision(3)} days = ${usd(est.usdPerMonth)}; 90% bootstrap interval ${usd(est.usdPerMonthLow)}–${usd(est.usdPerMonthHigh)} over ${est.n.toLocaleString('en-US')} calls; confidence at most medium (the heuristic may take interactive calls)`,
        'how: submit these jobs through the provider batch API (results within 24 h) rather than the live endpoint',
      ],
    });
  }
  return out;
}
