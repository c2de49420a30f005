import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchJob, MODEL_S } from '../../src/emulator/batch/job.js';

// The emulated batch clock with explicit times (scale 1 = real provider time).
const T0 = 1_700_000_000_000;
const job = (over: Partial<ConstructorParameters<typeof BatchJob>[0]> = {}) =>
  new BatchJob({
    createdAt: T0,
    engineS: [64, 64, 64, 64],
    scale: 1,
    fails: false,
    expires: false,
    validates: true,
    ...over,
  });

describe('emulated batch clock', () => {
  it('validating → in_progress → finalizing → completed, lines done one by one', () => {
    const j = job();
    const start = T0 + (MODEL_S.validate + MODEL_S.queue) * 1000;
    assert.equal(j.phase(T0), 'validating');
    assert.equal(j.phase(T0 + MODEL_S.validate * 1000), 'in_progress');
    // 4 lines at concurrency 4: 16 s each, in input order.
    assert.deepEqual(j.doneAt, [start + 16_000, start + 32_000, start + 48_000, start + 64_000]);
    assert.equal(j.isDone(0, start + 20_000), true);
    assert.equal(j.isDone(1, start + 20_000), false);
    assert.equal(j.phase(start + 64_000), 'finalizing');
    assert.equal(j.phase(start + 64_000 + MODEL_S.finalize * 1000), 'completed');
    assert.equal(j.endedAt(start + 999_999), start + 64_000 + MODEL_S.finalize * 1000);
  });

  it('cancel keeps the lines done before the request; others are never done', () => {
    const j = job();
    const start = T0 + (MODEL_S.validate + MODEL_S.queue) * 1000;
    assert.equal(j.cancel(start + 40_000), true);
    assert.equal(j.phase(start + 40_001), 'cancelling');
    const later = start + 40_000 + MODEL_S.cancel * 1000;
    assert.equal(j.phase(later), 'cancelled');
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => j.isDone(i, later + 1e9)),
      [true, true, false, false],
    );
    assert.equal(j.cancel(later), false);
  });

  it('an injected expiry leaves the second half undone; the batch expires at the window', () => {
    const j = job({ expires: true });
    const end = T0 + MODEL_S.window * 1000;
    assert.equal(j.phase(end - 1), 'in_progress');
    assert.equal(j.phase(end), 'expired');
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => j.isDone(i, end)),
      [true, true, false, false],
    );
  });

  it('lines that would end after the window expire naturally', () => {
    const j = job({ engineS: [10, MODEL_S.window * 64] });
    assert.equal(j.phase(T0 + MODEL_S.window * 1000), 'expired');
    assert.equal(j.isDone(0, T0 + MODEL_S.window * 1000), true);
    assert.equal(j.isDone(1, T0 + MODEL_S.window * 1000), false);
  });

  it('a failing batch fails after validation and runs nothing; scale shrinks every step', () => {
    const j = job({ fails: true });
    assert.equal(j.phase(T0), 'validating');
    assert.equal(j.phase(T0 + MODEL_S.validate * 1000), 'failed');
    assert.equal(j.isDone(0, Number.MAX_SAFE_INTEGER), false);
    const fast = job({ scale: 0.001 });
    assert.equal(
      fast.phase(T0 + (MODEL_S.validate + MODEL_S.queue + 64 + MODEL_S.finalize) * 1000 * 0.001),
      'completed',
    );
  });
});
