import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// Spawns the real binary, as a user would.
const bin = fileURLToPath(new URL('../../../bin/margin.js', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));
const margin = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root });

describe('margin CLI', () => {
  it('prints help listing every command', () => {
    const r = margin('--help');
    assert.equal(r.status, 0);
    for (const c of ['serve', 'emulate', 'plan', 'report', 'catalog', 'keys', 'replay', 'bench', 'price']) {
      assert.match(r.stdout, new RegExp(`\\b${c}\\b`));
    }
  });

  it('with no arguments prints the command list and exits 0', () => {
    const r = margin();
    assert.equal(r.status, 0);
    assert.equal(r.stderr, '');
    for (const c of ['serve', 'plan', 'report', 'price']) assert.match(r.stdout, new RegExp(`\\b${c}\\b`));
  });

  it('says what is wrong with a negative number in every command (never "ambiguous")', () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ['price', '--model', 'gpt-4o', '--input', '-5', '--output', '10'],
        /--input must be a non-negative integer \(got '-5'\)/,
      ],
      [['plan', 'examples/chat-assistant.yaml', '--top', '-1'], /--top must be a non-negative integer/],
      [['plan', 'examples/chat-assistant.yaml', '--months', '-3'], /--months must be/],
      [['report', '--since', '-7d'], /--since must be a duration/],
      [
        ['keys', 'create', '--tenant', 'x', '--budget-usd', '-5', '--db', ':memory:'],
        /--budget-usd must be at least 0/,
      ],
      [['emulate', '--port', '-1'], /--port must be a non-negative integer/],
      [
        ['replay', 'x.jsonl', '--target', 'http://127.0.0.1:1/v1', '--speed', '-2'],
        /--speed must be at least 0/,
      ],
      [['bench', '--duration', '-1'], /--duration must be between/],
    ];
    for (const [args, re] of cases) {
      const r = margin(...args);
      assert.equal(r.status, 1, args.join(' '));
      assert.match(r.stderr, re, args.join(' '));
      assert.doesNotMatch(r.stderr, /ambiguous/);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });

  it('every data command takes --format csv (and says so when the format is wrong)', () => {
    for (const args of [
      ['price', '--model', 'gpt-4o', '--input', '1', '--output', '1'],
      ['report', '--ledger', ':memory:'],
      ['plan', 'examples/chat-assistant.yaml'],
      ['catalog', 'models'],
      ['keys', 'list', '--db', ':memory:'],
      ['replay', 'x.jsonl', '--target', 'http://127.0.0.1:1/v1'],
      ['bench'],
    ]) {
      const r = margin(...args, '--format', 'xml');
      assert.equal(r.status, 1, args.join(' '));
      assert.match(r.stderr, /--format must be one of [a-z|]*\bcsv\b/, args.join(' '));
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
