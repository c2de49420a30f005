// A cheaper model where caller feedback (POST /v1/feedback) says it is as good. Within one segment — the
// requested (virtual) model name, and the learned router's cluster when the route JSON names one — two
// served models both judged by feedback (an A/B `weighted` route, cascades, fallbacks) are compared: when
// the cheaper one's mean score is within 0.02 of the dearer one's, each call the dearer one served in the
// segment is priced again, same token counts, at the cheaper model's catalog entry (both through the meter).
import type { LedgerRecord } from '../../ledger/index.js';
import { costOf, isModelCall, Prices } from '../priced.js';
import { capConfidence, DAYS_PER_MONTH, monthly, usd } from '../stats.js';
import type { AdviseInput, Confidence, Finding } from '../types.js';

/** Feedback scores each model needs in a segment before it is compared. */
export const MIN_FEEDBACK = 10;
/** "As good": the cheaper model's mean score at most this far below the dearer one's. */
export const MAX_SCORE_DROP = 0.02;

function clusterOf(route: string | null): number | undefined {
  if (route === null) return undefined;
  try {
    const c = (JSON.parse(route) as { cluster?: unknown }).cluster;
    return typeof c === 'number' ? c : undefined;
  } catch {
    return undefined;
  }
}

function segmentOf(r: LedgerRecord): string {
  const c = clusterOf(r.route);
  return c === undefined ? r.requestedModel : `${r.requestedModel} cluster ${c}`;
}

interface Score {
  n: number;
  sum: number;
  sq: number;
}

const mean = (s: Score): number => s.sum / s.n;
const se = (s: Score): number => Math.sqrt(Math.max(0, s.sq / s.n - mean(s) ** 2) / s.n);

function feedbackConfidence(a: Score, b: Score): Confidence {
  const n = Math.min(a.n, b.n);
  return n >= 200 ? 'high' : n >= 30 ? 'medium' : 'low';
}

export function cheaperModel(input: AdviseInput): Finding[] {
  const prices = new Prices(input.catalog);
  const byId = new Map<string, LedgerRecord>();
  for (const r of input.records) byId.set(r.id, r);
  // Latest score per request, then per segment × served model.
  const latest = new Map<string, number>();
  for (const f of input.feedback) latest.set(f.requestId, f.score);
  const scores = new Map<string, Map<string, Score>>();
  for (const [id, score] of latest) {
    const r = byId.get(id);
    if (!r || !isModelCall(r)) continue;
    const model = prices.of(r.servedModel)?.id;
    if (!model) continue;
    const seg = segmentOf(r);
    const m = scores.get(seg) ?? new Map<string, Score>();
    const s = m.get(model) ?? { n: 0, sum: 0, sq: 0 };
    s.n++;
    s.sum += score;
    s.sq += score * score;
    m.set(model, s);
    scores.set(seg, m);
  }
  const out: Finding[] = [];
  for (const [seg, models] of scores) {
    const judged = [...models].filter(([, s]) => s.n >= MIN_FEEDBACK);
    if (judged.length < 2) continue;
    const calls = input.records.filter((r) => isModelCall(r) && segmentOf(r) === seg);
    // Mean cost per call of each judged model on the segment's own calls (same tokens, its prices).
    const unit = (model: string): number => {
      const p = input.catalog.price(model);
      let s = 0;
      for (const r of calls) s += costOf(p, r.usage, r.ts);
      return s / Math.max(1, calls.length);
    };
    let best: Finding | undefined;
    for (const [dear, sd] of judged)
      for (const [cheap, sc] of judged) {
        if (dear === cheap || unit(cheap) >= unit(dear) || mean(sc) < mean(sd) - MAX_SCORE_DROP) continue;
        const pd = input.catalog.price(dear);
        const pc = input.catalog.price(cheap);
        const served = calls.filter((r) => prices.of(r.servedModel)?.id === dear);
        const savings = served.map((r) => costOf(pd, r.usage, r.ts) - costOf(pc, r.usage, r.ts));
        const est = monthly(savings, input.spanDays, input.seed + 3);
        if (est.usdPerMonth <= 0 || (best && best.usdPerMonth >= est.usdPerMonth)) continue;
        const sample = savings.reduce((a, b) => a + b, 0);
        const f = (s: Score) => `${mean(s).toFixed(3)} ± ${(1.645 * se(s)).toFixed(3)} (n ${s.n})`;
        best = {
          id: `cheaper-model:${seg.replace(/\s+/g, '-')}:${cheap}`,
          title: `Serve ${seg} with ${cheap} instead of ${dear}: feedback as good`,
          usdPerMonth: est.usdPerMonth,
          usdPerMonthLow: est.usdPerMonthLow,
          usdPerMonthHigh: est.usdPerMonthHigh,
          confidence: capConfidence(est.confidence, feedbackConfidence(sd, sc)),
          explain: [
            `segment "${seg}" (requested model${seg.includes('cluster') ? ' and learned-router cluster' : ''}): mean feedback score ${cheap} ${f(sc)} vs ${dear} ${f(sd)} (90% intervals) — within ${MAX_SCORE_DROP} counts as as good`,
            `${served.length.toLocaleString('en-US')} ${dear} calls in the segment, each priced by the meter at ${dear} (${pd.source}, ${pd.asOf}) and again at ${cheap} (${pc.source}, ${pc.asOf}) with the same token counts (another tokenizer may count a little differently)`,
            `sample saving = ${usd(sample)}; per month: × ${DAYS_PER_MONTH} / ${input.spanDays.toPrecision(3)} days = ${usd(est.usdPerMonth)}; 90% bootstrap interval ${usd(est.usdPerMonthLow)}–${usd(est.usdPerMonthHigh)}`,
            `confidence also limited by the feedback behind it: the smaller side has ${Math.min(sd.n, sc.n)} scores (high ≥ 200, medium ≥ 30)`,
            `how: point the route for ${seg.split(' cluster ')[0]} at ${cheap} (router.routes in margin.yaml), or retrain the learned router with this feedback: npm run train:router -- --from-ledger`,
          ],
        };
      }
    if (best) out.push(best);
  }
  return out;
}
