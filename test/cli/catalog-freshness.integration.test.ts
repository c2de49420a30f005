// `margin price` shows energy bounds and the CO2e bases and warns on a stale price (the real binary, once,
// for the environment it reads); `margin catalog check|update|offers` (in process) list disagreements, write
// an overlay only for what is accepted, and list GPU offers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadCatalog, readCatalogFile } from '../../src/catalog/index.js';
import { main } from '../../src/cli/index.js';
import { makeUsage, meter } from '../../src/meter/index.js';

const bin = fileURLToPath(new URL('../../../bin/margin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'margin-catalog-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const spawnMargin = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    cwd: dir,
    env: { ...process.env, ...env },
  });

/** In process (the shipped catalog): exit status, stdout, stderr. */
async function margin(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { status, stdout, stderr };
}

/** A LiteLLM-format file that disagrees with the catalog on two models. */
const litellm = join(dir, 'litellm.json');
writeFileSync(
  litellm,
  JSON.stringify({
    'gpt-4o': {
      litellm_provider: 'openai',
      mode: 'chat',
      max_input_tokens: 128000,
      input_cost_per_token: 2.4e-6,
      output_cost_per_token: 1e-5,
    },
    'gpt-4o-mini': {
      litellm_provider: 'openai',
      mode: 'chat',
      max_input_tokens: 128000,
      input_cost_per_token: 1.5e-7,
      output_cost_per_token: 7e-7,
    },
    'gpt-4.1': {
      litellm_provider: 'openai',
      mode: 'chat',
      max_input_tokens: 128000,
      input_cost_per_token: 2e-6,
      output_cost_per_token: 8e-6,
    },
  }),
);

describe('margin price and margin catalog (freshness)', () => {
  it('price --format json: energy with low/high bounds, CO2e with its basis and sources', async () => {
    const r = await margin(
      'price',
      '--model',
      'gpt-4o',
      '--input',
      '100',
      '--output',
      '500',
      '--format',
      'json',
    );
    assert.equal(r.status, 0, r.stderr);
    const o = JSON.parse(r.stdout);
    assert.ok(o.energyWhLow < o.energyWh && o.energyWh < o.energyWhHigh);
    assert.equal(o.co2e.locationG, o.co2eG);
    assert.ok(o.co2e.marketG > 0 && o.co2e.embodiedG > 0);
    assert.match(o.co2e.basis.location.source, /Ember/);
    assert.match(o.co2e.basis.embodied.source, /NVIDIA/);
    assert.equal(o.stale, false);
    assert.ok(o.priceAsOf >= '2026');
  });

  it('price warns when the entry is older than the age limit (overlay dated 2025, limit 30 days)', () => {
    const overlay = join(dir, 'old.json');
    writeFileSync(
      overlay,
      JSON.stringify({
        source: 'test overlay',
        asOf: '2025-01',
        prices: [
          {
            id: 'my-model',
            provider: 'me',
            price: { input: 1, output: 2 },
            contextWindow: 8192,
            energy: { activeParamsB: 8, estimated: false },
          },
        ],
      }),
    );
    const env = { MARGIN_CATALOG: overlay, MARGIN_CATALOG_MAX_AGE_DAYS: '30' };
    const r = spawnMargin(
      env,
      'price',
      '--model',
      'my-model',
      '--input',
      '10',
      '--output',
      '10',
      '--format',
      'json',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).stale, true);
    assert.match(r.stderr, /warning: price of my-model is as of 2025-01 \(\d+ days old, limit 30\)/);
  });

  it('price warns about a retired model; catalog models flags it', async () => {
    const t = await margin('price', '--model', 'deepseek-chat', '--input', '10', '--output', '10');
    assert.match(
      t.stderr,
      /warning: deepseek-chat was retired by deepseek on 2026-07-24; use deepseek-flash/,
    );
    const listed = await margin('catalog', 'models', '--provider', 'deepseek');
    assert.match(listed.stdout, /deepseek-chat .* retired 2026-07-24/);
  });

  it('catalog check lists every disagreement; update writes an overlay only for the accepted model', async () => {
    const check = await margin('catalog', 'check', '--against', litellm, '--format', 'json');
    assert.equal(check.status, 0, check.stderr);
    const found = JSON.parse(check.stdout).disagreements as Array<{ id: string; field: string }>;
    assert.deepEqual(
      found.map((d) => `${d.id} ${d.field}`),
      ['gpt-4o input', 'gpt-4o-mini output'],
    );
    const out = join(dir, 'accepted.json');
    const none = await margin('catalog', 'update', '--from', litellm, '--out', out);
    assert.equal(none.status, 0);
    assert.match(none.stdout, /No overlay written/);
    assert.equal(existsSync(out), false);
    const one = await margin('catalog', 'update', '--from', litellm, '--accept', 'gpt-4o', '--out', out);
    assert.equal(one.status, 0, one.stderr);
    const overlay = JSON.parse(readFileSync(out, 'utf8'));
    assert.deepEqual(
      overlay.prices.map((p: { id: string; price: { input: number; output: number } }) => [
        p.id,
        p.price.input,
        p.price.output,
      ]),
      [['gpt-4o', 2.4, 10]],
    );
    const withOverlay = loadCatalog(readCatalogFile(out));
    const priced = meter('gpt-4o', makeUsage({ inputTokens: 1_000_000 }), { catalog: withOverlay });
    assert.equal(priced.costUsd.total, 2.4);
    const bad = await margin('catalog', 'update', '--from', litellm, '--accept', 'gpt-4.1', '--out', out);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /--accept names models without a disagreement: gpt-4\.1/);
  });

  it('catalog offers --gpu h100 --format json: offers with $/GPU-h, source and date, and the marketplace gap', async () => {
    const r = await margin('catalog', 'offers', '--gpu', 'h100', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const o = JSON.parse(r.stdout);
    assert.ok(o.offers.length >= 10);
    for (const x of o.offers) {
      assert.equal(x.hardware, 'h100-sxm');
      assert.ok(x.usdPerGpuHour > 0 && x.source && x.asOf && x.commitment);
    }
    assert.equal(o.marketplaceComparison.length, 1);
  });
});
