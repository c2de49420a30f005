import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emulatorOptionsFromArgs } from '../../src/cli/commands/emulate.js';
import { resolveOptions } from '../../src/emulator/options.js';

describe('margin emulate batch flags', () => {
  it('maps the time scale and the batch fault flags', () => {
    const o = emulatorOptionsFromArgs([
      '--batch-time-scale',
      '0.001',
      '--batch-line-error-rate',
      '0.1',
      '--batch-fail-rate',
      '0.2',
      '--batch-expire-rate',
      '0.3',
    ]);
    assert.equal(o.batchTimeScale, 0.001);
    assert.deepEqual(o.faults, { batchLineErrorRate: 0.1, batchFailRate: 0.2, batchExpireRate: 0.3 });
  });

  it('rejects bad values naming the flag', () => {
    assert.throws(() => emulatorOptionsFromArgs(['--batch-time-scale', '0']), /--batch-time-scale/);
    assert.throws(() => emulatorOptionsFromArgs(['--batch-fail-rate', '2']), /--batch-fail-rate/);
    assert.throws(() => resolveOptions({ batchTimeScale: -1 }), /batchTimeScale/);
    assert.throws(() => resolveOptions({ faults: { batchExpireRate: 1.5 } }), /batchExpireRate/);
  });

  it('defaults: 0.01 time scale, 200 MB uploads, no batch faults', () => {
    const r = resolveOptions({});
    assert.equal(r.batchTimeScale, 0.01);
    assert.equal(r.batchMaxFileBytes, 200 * 1024 * 1024);
    assert.equal(r.faults.batchFailRate + r.faults.batchExpireRate + r.faults.batchLineErrorRate, 0);
  });
});
