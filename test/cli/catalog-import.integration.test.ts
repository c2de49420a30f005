// `margin catalog import` of a LiteLLM file, then `margin price` of an imported model the shipped catalog
// knows nothing about: it is priced, and its energy and CO2e are marked unknown (never an error, never 0 Wh).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../../bin/margin.js', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'margin-import-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const overlay = join(dir, 'overlay.json');
const margin = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
  });

// test/fixtures/litellm-sample.json holds `together_ai/acme/brand-new-model`, in no shipped catalog entry.
const MODEL = 'together_ai/acme/brand-new-model';

describe('catalog import, then price an imported model', () => {
  it('imports and says the model is priced with energy unknown', () => {
    const r = margin({}, 'catalog', 'import', 'test/fixtures/litellm-sample.json', '--out', overlay);
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /1 imported model has no energy basis .*: they are priced, with energy and CO2e shown as unknown/,
    );
  });

  it('prices it: the table says energy is unknown, JSON has nulls and energyKnown false', () => {
    const env = { MARGIN_CATALOG: overlay };
    const t = margin(env, 'price', '--model', MODEL, '--input', '1000', '--output', '100');
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stdout, /\ntotal +1100 +0\.00048\n/);
    assert.match(
      t.stdout,
      /energy and CO2e unknown: the catalog has no energy basis for together_ai\/acme\/brand-new-model/,
    );
    assert.doesNotMatch(t.stdout, /0\.00 Wh/);
    const j = margin(
      env,
      'price',
      '--model',
      MODEL,
      '--input',
      '1000',
      '--output',
      '100',
      '--format',
      'json',
    );
    assert.equal(j.status, 0, j.stderr);
    const o = JSON.parse(j.stdout);
    assert.equal(o.costUsd.total, 0.00048);
    assert.equal(o.energyKnown, false);
    assert.equal(o.energyWh, null);
    assert.equal(o.co2eG, null);
    assert.equal(o.co2e.locationG, null);
    const known = margin(
      {},
      'price',
      '--model',
      'gpt-4o',
      '--input',
      '1000',
      '--output',
      '100',
      '--format',
      'json',
    );
    const k = JSON.parse(known.stdout);
    assert.equal(k.energyKnown, true);
    assert.ok(k.energyWh > 0);
  });
});
