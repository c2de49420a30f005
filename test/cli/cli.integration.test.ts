import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// Spawns the real binary, as a user would.
const bin = fileURLToPath(new URL('../../../bin/margin.js', import.meta.url));
const margin = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('margin CLI', () => {
  it('prints help listing every command', () => {
    const r = margin('--help');
    assert.equal(r.status, 0);
    for (const c of ['serve', 'emulate', 'plan', 'report', 'catalog', 'keys', 'replay', 'bench', 'price']) {
      assert.match(r.stdout, new RegExp(`\\b${c}\\b`));
    }
  });

  it('rejects an unknown command with a one-line reason', () => {
    const r = margin('frobnicate');
    assert.notEqual(r.status, 0);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  it('price: unknown model is a one-line error with close matches and exit 1', () => {
    const r = margin('price', '--model', 'gpt-4x', '--input', '10', '--output', '10');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Unknown model 'gpt-4x'.*Did you mean/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  it('price: bad numbers are rejected', () => {
    for (const bad of ['-5', 'abc', '1.5', '']) {
      const r = margin('price', '--model', 'gpt-4o', '--input', bad, '--output', '10');
      assert.equal(r.status, 1, `input ${bad}`);
      assert.match(r.stderr, /--input/);
    }
  });

  it('price --format json prints one object with the contract fields', () => {
    const r = margin('price', '--model', 'gpt-4o', '--input', '1000', '--output', '500', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const o = JSON.parse(r.stdout);
    assert.equal(o.model, 'gpt-4o');
    assert.equal(typeof o.costUsd.total, 'number');
    assert.ok(o.energyWh > 0 && o.co2eG > 0);
  });

  it('price --at: a bad time is a one-line error; a good one is accepted', () => {
    const bad = margin('price', '--model', 'gpt-4o', '--input', '10', '--output', '10', '--at', 'tonight');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /--at 'tonight'/);
    const ok = margin(
      'price',
      '--model',
      'gpt-4o',
      '--input',
      '10',
      '--output',
      '10',
      '--at',
      '2026-03-03T17:00:00Z',
    );
    assert.equal(ok.status, 0, ok.stderr);
  });
});
