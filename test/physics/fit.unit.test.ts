// The staged calibration fit (src/physics/fit.ts) on the committed TensorRT-LLM MoE rows: it must end
// converged — a fresh descent from its result at 2% steps finds nothing meaningfully better, which a fit
// stopped after a chosen number of full-step rounds does not guarantee — and never fit worse than the priors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CALIBRATION } from '../../src/physics/calibration.js';
import {
  ENERGY_PARAMS,
  FIT_MAX_ROUNDS,
  FIT_TOLERANCE,
  fitCalibration,
  fitStaged,
  MOE_PARAMS,
  priorCalibration,
  rowLoss,
  THROUGHPUT_PARAMS,
} from '../../src/physics/fit.js';
import { trtllmMoeRows } from './moe-rows.js';

const rows = trtllmMoeRows();
const meanLoss = (cal: typeof CALIBRATION): number =>
  rows.reduce((s, p) => s + rowLoss(p, cal), 0) / rows.length;

describe('staged calibration fit', () => {
  const fit = fitStaged(rows, CALIBRATION);

  it('ends converged (no better point 2% away), within its round limit, better than the priors', () => {
    assert.ok(fit.moved <= FIT_TOLERANCE, `last round moved a factor by ${fit.moved}`);
    assert.ok(fit.rounds >= 2 && fit.rounds <= FIT_MAX_ROUNDS, `${fit.rounds} rounds`);
    const prior = priorCalibration(CALIBRATION, [...THROUGHPUT_PARAMS, ...MOE_PARAMS, ...ENERGY_PARAMS]);
    assert.ok(meanLoss(fit.cal) < meanLoss(prior), 'the fit improves on the priors');
    const again = fitCalibration(rows, MOE_PARAMS, fit.cal, 0.02);
    assert.ok(again.loss >= meanLoss(fit.cal) - 2e-3, `${again.loss} vs ${meanLoss(fit.cal)}`);
  });

  it('moves only the factors its rows constrain: dense and power factors keep their priors on MoE rows', () => {
    for (const p of [...THROUGHPUT_PARAMS, ...ENERGY_PARAMS])
      assert.equal(p.get(fit.cal), p.prior, `${p.name} moved without rows to fit it on`);
    assert.ok(
      MOE_PARAMS.some((p) => p.get(fit.cal) !== p.prior),
      'the MoE factors were fitted',
    );
  });
});
