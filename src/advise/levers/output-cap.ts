// Output caps where answers run long: for a model whose p95 output is at least 3× its median (and 256+
// tokens above it), a cap at the p95 cuts the tokens above it on the longest 5% of answers. Saving per
// request = meter(actual usage) − meter(usage with output capped), at the request's own time and tier.
// Quality risk: a capped answer is cut off; confidence is at most medium.
import type { LedgerRecord } from '../../ledger/index.js';
import { ratesFor } from '../../meter/index.js';
import { costOf, isModelCall, Prices, perM } from '../priced.js';
import { capConfidence, DAYS_PER_MONTH, monthly, quantileOf, usd } from '../stats.js';
import type { AdviseInput, Finding } from '../types.js';

/** Answers needed per model before a tail is judged. */
const MIN_CALLS = 20;
/** "Runs long": p95 ≥ RATIO × median and at least GAP tokens above it. */
const RATIO = 3;
const GAP = 256;
const CAP_QUANTILE = 0.95;

export function outputCap(input: AdviseInput): Finding[] {
  const prices = new Prices(input.catalog);
  const byModel = new Map<string, LedgerRecord[]>();
  for (const r of input.records) {
    if (!isModelCall(r) || r.usage.outputTokens === 0) continue;
    const p = prices.of(r.servedModel);
    if (!p) continue;
    const list = byModel.get(p.id) ?? [];
    list.push(r);
    byModel.set(p.id, list);
  }
  const out: Finding[] = [];
  for (const [model, records] of byModel) {
    if (records.length < MIN_CALLS) continue;
    const outputs = records.map((r) => r.usage.outputTokens);
    const median = quantileOf(outputs, 0.5);
    const p95 = quantileOf(outputs, CAP_QUANTILE);
    if (p95 < RATIO * median || p95 - median < GAP) continue;
    const cap = Math.ceil(p95);
    const price = input.catalog.price(model);
    const savings: number[] = [];
    let cut = 0;
    let tokensCut = 0;
    for (const r of records) {
      const u = r.usage;
      if (u.outputTokens <= cap) continue;
      const capped = { ...u, outputTokens: cap, reasoningTokens: Math.min(u.reasoningTokens, cap) };
      savings.push(costOf(price, u, r.ts) - costOf(price, capped, r.ts));
      cut++;
      tokensCut += u.outputTokens - cap;
    }
    const est = monthly(savings, input.spanDays, input.seed + 1);
    if (est.usdPerMonth <= 0) continue;
    const sample = savings.reduce((a, b) => a + b, 0);
    const rate = ratesFor(price, { ...records[0]!.usage, kind: 'sync' }).rates.output;
    out.push({
      id: `output-cap:${model}`,
      title: `Cap ${model} output at ${cap.toLocaleString('en-US')} tokens (p95 ${Math.round(p95)} vs median ${Math.round(median)})`,
      usdPerMonth: est.usdPerMonth,
      usdPerMonthLow: est.usdPerMonthLow,
      usdPerMonthHigh: est.usdPerMonthHigh,
      confidence: capConfidence(est.confidence, 'medium'),
      explain: [
        `${records.length.toLocaleString('en-US')} successful ${model} calls: output tokens median ${Math.round(median)}, p95 ${Math.round(p95)} (≥ ${RATIO}× the median and ≥ ${GAP} tokens above it: answers run long)`,
        `cap = the p95, ${cap} tokens: ${cut.toLocaleString('en-US')} answers (${((cut / records.length) * 100).toFixed(1)}%) exceed it by ${tokensCut.toLocaleString('en-US')} tokens in all`,
        `catalog ${model} (${price.source}, ${price.asOf}): output ${perM(rate)} (reasoning tokens billed as output)`,
        `sample saving = ${tokensCut.toLocaleString('en-US')} tokens × ${perM(rate)} ≈ ${usd((tokensCut * rate) / 1e6)} (metered per call at its own time and tier: ${usd(sample)})`,
        `per month: ${usd(sample)} × ${DAYS_PER_MONTH} / ${input.spanDays.toPrecision(3)} days = ${usd(est.usdPerMonth)}; 90% bootstrap interval ${usd(est.usdPerMonthLow)}–${usd(est.usdPerMonthHigh)} over ${est.n.toLocaleString('en-US')} calls`,
        'quality risk: the capped answers end early (finish_reason "length"); check them, or ask for brevity in the prompt instead. Confidence is capped at medium for that reason',
        `how: \`margin keys set <id> --max-output-tokens ${cap}\` per key, or \`governance.maxOutputTokens: ${cap}\` for keys that set none`,
      ],
    });
  }
  return out;
}
