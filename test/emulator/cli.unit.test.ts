import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emulatorOptionsFromArgs } from '../../src/cli/commands/emulate.js';

describe('margin emulate flags', () => {
  it('maps flags to emulator options', () => {
    const o = emulatorOptionsFromArgs([
      '--port',
      '0',
      '--fast',
      '--model',
      'llama-3.1-8b',
      '--gpus',
      '2',
      '--precision',
      'fp8',
      '--error-rate',
      '0.05',
      '--error-status',
      '429,503',
      '--retry-after',
      '3',
      '--disconnect-rate',
      '0.1',
      '--malformed-rate',
      '0.2',
      '--latency-spike-rate',
      '0.3',
      '--latency-spike-ms',
      '250',
      '--omit-usage',
      '--seed',
      '9',
    ]);
    assert.equal(o.port, 0);
    assert.equal(o.fast, true);
    assert.equal(o.gpus, 2);
    assert.equal(o.precision, 'fp8');
    assert.equal(o.seed, 9);
    assert.deepEqual(o.faults, {
      errorRate: 0.05,
      errorStatus: [429, 503],
      retryAfterS: 3,
      latencySpikeRate: 0.3,
      latencySpikeMs: 250,
      disconnectRate: 0.1,
      malformedRate: 0.2,
      omitUsage: true,
    });
  });

  it('defaults to port 8000 on 127.0.0.1', () => {
    const o = emulatorOptionsFromArgs([]);
    assert.equal(o.port, 8000);
    assert.equal(o.host, '127.0.0.1');
  });

  it('rejects bad values naming the flag', () => {
    assert.throws(() => emulatorOptionsFromArgs(['--error-rate', '1.5']), /--error-rate/);
    assert.throws(() => emulatorOptionsFromArgs(['--error-status', '200']), /--error-status/);
    assert.throws(() => emulatorOptionsFromArgs(['--precision', 'fp3']), /--precision/);
    assert.throws(() => emulatorOptionsFromArgs(['--port', '70000']), /--port/);
    assert.throws(() => emulatorOptionsFromArgs(['--gpus', '0']), /--gpus/);
    assert.throws(() => emulatorOptionsFromArgs(['--bogus']), /bogus/);
  });
});
