// `train:router --from-ledger`: reads feedback joined to its records' route JSON from a ledger, folds it
// into a router model file (learned/feedback.ts) and writes the result. No feedback = a one-line error.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MarginError } from '../../errors/index.js';
import { openStore } from '../../ledger/index.js';
import { applyFeedback, collectFeedback, type Movement } from './feedback.js';
import { DEFAULT_PRIOR } from './fit.js';
import { loadRouterModel } from './model.js';

export interface RetrainOptions {
  /** Ledger URL or path (as `margin serve --ledger`). */
  ledgerUrl: string;
  /** Model file to start from. */
  modelPath: string;
  out: string;
  /** Only feedback from the last N days (default: all). */
  days?: number;
  /** Pseudo-count on the current accuracy (default: the fit's, or the one the model was retrained with). */
  priorStrength?: number;
  now?: number;
}

export interface RetrainResult {
  feedbackRows: number;
  used: number;
  skipped: Record<string, number>;
  moved: Movement[];
  out: string;
}

/** Retrains `modelPath` from the ledger's feedback and writes `out`; throws a one-line error when none is usable. */
export async function retrainFromLedger(o: RetrainOptions): Promise<RetrainResult> {
  if (o.days !== undefined && !(o.days > 0)) {
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `--days must be a positive number (got ${o.days})`, {
      param: 'days',
    });
  }
  if (o.priorStrength !== undefined && !(o.priorStrength > 0)) {
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `--prior must be positive (got ${o.priorStrength})`, {
      param: 'prior',
    });
  }
  const model = loadRouterModel(o.modelPath);
  const now = o.now ?? Date.now();
  const from = o.days === undefined ? 0 : now - o.days * 86_400_000;
  const store = await openStore(o.ledgerUrl, false);
  let rows: Awaited<ReturnType<typeof store.feedbackWithRoutes>>;
  try {
    rows = await store.feedbackWithRoutes({ from, to: now + 1 });
  } finally {
    await store.close();
  }
  const { samples, skipped } = collectFeedback(rows, model);
  if (samples.length === 0) {
    const why = Object.entries(skipped)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      rows.length === 0
        ? `no feedback in the ledger${o.days === undefined ? '' : ` in the last ${o.days} days`}; nothing to retrain (send POST /v1/feedback first)`
        : `none of ${rows.length} feedback rows is usable (${why}); nothing to retrain`,
    );
  }
  const { file, moved } = applyFeedback(model, samples, o.priorStrength ?? DEFAULT_PRIOR);
  mkdirSync(dirname(o.out), { recursive: true });
  writeFileSync(o.out, `${JSON.stringify(file)}\n`);
  loadRouterModel(o.out); // what was written must load
  return { feedbackRows: rows.length, used: samples.length, skipped, moved, out: o.out };
}
